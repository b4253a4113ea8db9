"""``explain``: why evdb believes an event, read back from the database.

:func:`explain_event` returns an :class:`Explanation` (a rich renderable): the sentence with the
trigger, actors, place, count and time highlighted, the fields with the words they came from, and
the chain of temporal anchors that dated it ("la nuit suivante" -> anchored to "vendredi 26
janvier" -> 2018-01-26TNI -> [2018-01-26 18:00, 2018-01-27 06:00)).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from evdb.errors import EvdbError

STYLES = {"trigger": "bold red", "actor1": "bold cyan", "actor2": "cyan", "location": "green",
          "fatalities": "bold magenta", "date": "yellow"}


@dataclass
class Explanation:
    event: dict[str, Any]
    sentence: str
    sentence_start: int
    spans: list[tuple[str, int, int]]               # (field, start, end) in document offsets
    actors: list[dict[str, Any]]
    chain: list[str] = field(default_factory=list)  # dating chain, as display steps

    def highlighted(self) -> Text:
        text = Text(self.sentence)
        for name, s, e in sorted(self.spans, key=lambda x: x[1] - x[2]):   # longest first, shortest on top
            a, b = s - self.sentence_start, e - self.sentence_start
            if 0 <= a < b <= len(self.sentence):
                text.stylize(STYLES.get(name, "bold"), a, b)
        return text

    def fields(self) -> Table:
        e = self.event
        t = Table(show_header=False, box=None, pad_edge=False)
        t.add_column(style="dim")
        t.add_column(overflow="fold")
        t.add_row("event", f"{e['event_id']}  {e['event_type']} / {e['sub_event_type'] or '-'}")
        t.add_row("trigger", Text(e["trigger"], style=STYLES["trigger"]))
        t.add_row("polarity", f"{e['polarity']}, {e['modality']}")
        for a in self.actors:
            extra = "" if a["matched"] else "  (not in the gazetteer)"
            aff = f", affiliation {a['affiliation']}" if a["affiliation"] else ""
            t.add_row(a["role"], Text(f"{a['name']} [{a['actor_type'] or '?'}{aff}]"
                                      f" <- \"{a['surface'] or ''}\"{extra}", style=STYLES.get(a["role"], "")))
        if e["location"]:
            t.add_row("location", Text(f"{e['location']} ({e['admin1'] or '-'}, {e['country'] or '-'}) "
                                       f"{_coord(e)} geo_precision {e['geo_precision']}", style=STYLES["location"]))
        if e["fatalities"] is not None:
            t.add_row("fatalities", Text(f"{e['fatalities']} (low {e['fatalities_low']}, high "
                                         f"{_none(e['fatalities_high'])}) <- \"{e['fatalities_text'] or ''}\"",
                                         style=STYLES["fatalities"]))
        t.add_row("time", Text(f"[{_ts(e['earliest_local'])}, {_ts(e['latest_local'])}) time_precision "
                               f"{e['time_precision']}, attached by {e['time_attach']}", style=STYLES["date"]))
        if e.get("notes"):
            t.add_row("notes", e["notes"])
        t.add_row("confidence", f"{e['confidence']:.2f}" if e["confidence"] is not None else "-")
        return t

    def plain_text(self) -> str:
        """The same content without styles or line wrapping, one line per field and no trailing
        blanks: what a pipe or a script gets."""
        from io import StringIO

        from rich.console import Console

        console = Console(file=StringIO(), width=100_000, color_system=None, record=True)
        console.print(self, soft_wrap=True)
        return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"

    def __rich__(self) -> Group:
        parts = [self.highlighted(), Text(""), self.fields()]
        if self.chain:
            parts += [Text(""), Text("dating: " + " -> ".join(self.chain), style=STYLES["date"])]
        return Group(*parts)


def explain_event(con, event_id: str) -> Explanation:
    """The explanation of ``event_id`` (current rows, or as of ``evdb_as_of`` when set)."""
    rel = con.execute("SELECT * FROM events WHERE event_id = $id", {"id": event_id})
    cols = [d[0] for d in rel.description]
    row = rel.fetchone()
    if row is None:
        close = [r[0] for r in con.execute(
            "SELECT event_id FROM events WHERE event_id LIKE $p ORDER BY event_id LIMIT 5",
            {"p": event_id.split(":")[0] + "%"}).fetchall()]
        listing = 'list events with: evdb sql "select event_id, event_type, trigger from events limit 20"'
        if close:  # a document id or a prefix of one: explain takes one whole event id
            raise EvdbError(f"no event {event_id!r} in the database: explain needs a full event id (DOC_ID:eN)",
                            hint="did you mean: " + ", ".join(close) + "; or " + listing)
        raise EvdbError(f"no event {event_id!r} in the database", hint=listing)
    event = dict(zip(cols, row))
    text = con.execute("SELECT text FROM documents WHERE doc_id = $d", {"d": event["doc_id"]}).fetchone()
    doc_text = text[0] if text else ""
    sentence = event["sentence"] or ""
    start = _sentence_start(doc_text, sentence, event["trigger_start"])
    srel = con.execute("SELECT field, char_start, char_end FROM event_sources WHERE event_id = $id "
                       "ORDER BY char_start", {"id": event_id})
    spans = [(f, s, e) for f, s, e in srel.fetchall() if s is not None]
    arel = con.execute("SELECT role, name, surface, actor_type, affiliation, matched FROM event_actors "
                       "WHERE event_id = $id ORDER BY role", {"id": event_id})
    acols = [d[0] for d in arel.description]
    actors = [dict(zip(acols, r)) for r in arel.fetchall()]
    return Explanation(event, sentence, start, spans, actors, dating_chain(con, event))


def dating_chain(con, event: dict[str, Any]) -> list[str]:
    """The steps from the expression that dated the event to the publication time."""
    if not event.get("timex_id"):
        return [f"no expression: {event['time_attach']} fallback",
                f"[{_ts(event['earliest_local'])}, {_ts(event['latest_local'])})"]
    rows = con.execute("SELECT timex_id, tid, text, value, anchor, earliest_local, latest_local FROM timexes "
                       "WHERE doc_id = $d", {"d": event["doc_id"]}).fetchall()
    by_id = {r[0]: r for r in rows}
    by_tid = {r[1]: r for r in rows}
    cur = by_id.get(event["timex_id"])
    if cur is None:
        return [f"expression {event['timex_id']} not found"]
    steps = [f"\"{cur[2]}\""]
    seen = {cur[0]}
    node = cur
    while node[4] and node[4] not in ("DCT", "none"):
        nxt = by_id.get(node[4]) or by_tid.get(node[4])
        if nxt is None or nxt[0] in seen:
            break
        steps.append(f"anchored to \"{nxt[2]}\"")
        seen.add(nxt[0])
        node = nxt
    if node[4] == "DCT":
        steps.append("anchored to the publication time")
    steps.append(cur[3] or "?")
    steps.append(f"[{_ts(cur[5])}, {_ts(cur[6])})")
    if event.get("notes"):
        steps.append(f"event: [{_ts(event['earliest_local'])}, {_ts(event['latest_local'])}) ({event['notes']})")
    return steps


def _sentence_start(doc_text: str, sentence: str, trigger_start: int) -> int:
    if not sentence:
        return trigger_start
    k = doc_text.rfind(sentence, 0, trigger_start + len(sentence))
    return k if k != -1 else max(0, trigger_start)


def _ts(value) -> str:
    if value is None:
        return ".."
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d") if (value.hour, value.minute) == (0, 0) else value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def _coord(e) -> str:
    if e["latitude"] is None:
        return ""
    return f"{e['latitude']:.4f}, {e['longitude']:.4f};"


def _none(v) -> str:
    return "-" if v is None else str(v)
