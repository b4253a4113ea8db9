"""Event evaluation (``evdb eval-events``): run the pipeline on articles and score the events
against gold rows (``sample_data/gold/events.jsonl`` format, see ``sample_data/README.md``).

Scores, per split:

- **event P/R/F1** (strict): a predicted event matches a gold event of the same document with the
  same ``event_type``, the same main actor (``actor1``, compared by normalised name) and a date
  that agrees (see :func:`date_agrees`); one-to-one, gold rows in order;
- **aligned** pairs: same document, type and main actor, and either the date agrees or the
  trigger sits in the gold trigger's sentence; over them, **date accuracy** (date agrees) and
  **fatalities exact** (``fatalities`` best figure equals the gold, ``null`` = ``null``).

Negated and hypothetical gold rows are scored like the others (the extractor must keep them,
flagged); polarity/modality agreement is reported over aligned pairs.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from evdb.errors import EvdbError
from evdb.events.names import name_key
from evdb.model import Analysis, Event
from evdb.temporal.calendar import add_months

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class GoldEventsError(EvdbError):
    """The gold events file is malformed."""


@dataclass(frozen=True)
class GoldEvent:
    doc: str
    split: str
    event_type: str
    date: str | None
    actor1: str | None
    fatalities: int | None
    polarity: str
    modality: str
    trigger: str
    sentence_start: int
    line: int


@dataclass
class Pair:
    gold: GoldEvent
    event: Event
    analysis: Analysis
    date_ok: bool


@dataclass
class SplitScore:
    split: str
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    aligned: list[Pair] = field(default_factory=list)
    misses: list[GoldEvent] = field(default_factory=list)
    false_positives: list[tuple[str, Event]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def _share(self, ok) -> float:
        return sum(1 for p in self.aligned if ok(p)) / len(self.aligned) if self.aligned else 0.0

    @property
    def date_accuracy(self) -> float:
        return self._share(lambda p: p.date_ok)

    @property
    def fatalities_exact(self) -> float:
        return self._share(lambda p: p.event.fatalities_best == p.gold.fatalities)

    @property
    def polarity_modality(self) -> float:
        return self._share(lambda p: (p.event.polarity, p.event.modality) == (p.gold.polarity, p.gold.modality))


def read_gold(path: str | Path) -> list[GoldEvent]:
    path = Path(path)
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldEventsError(f"cannot read gold events: {exc.strerror}", where=str(path),
                              hint="give a JSON-lines gold file, e.g. evdb eval-events "
                                   "sample_data/gold/events.jsonl (format: sample_data/README.md)") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            out.append(GoldEvent(r["doc"], r.get("split", "all"), r["event_type"], r.get("date"), r.get("actor1"),
                                 r.get("fatalities"), r.get("polarity", "positive"), r.get("modality", "asserted"),
                                 r.get("trigger", ""), int(r.get("sentence_start", -1)), n))
        except KeyError as exc:
            raise GoldEventsError(f"bad gold row: missing key {exc}", where=f"{path}:{n}",
                                  hint='each line is a JSON object with at least "doc" and "event_type", '
                                       'usually also date, actor1, fatalities, trigger') from None
        except (json.JSONDecodeError, TypeError, ValueError) as exc:
            raise GoldEventsError(f"bad gold row: {exc}", where=f"{path}:{n}",
                                  hint="each line is a JSON object with doc, event_type, date, actor1 ...") from None
    return out


def gold_interval(value: str) -> tuple[date, date] | None:
    """Local-day interval [start, end) of a gold date value (day, month, year, ISO week, a/b)."""
    try:
        if "/" in value:
            a, b = value.split("/")
            return date.fromisoformat(a), date.fromisoformat(b) + timedelta(days=1)
        if _DAY.match(value):
            d = date.fromisoformat(value)
            return d, d + timedelta(days=1)
        if re.fullmatch(r"\d{4}-W\d{2}", value):
            start = date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
            return start, start + timedelta(days=7)
        if re.fullmatch(r"\d{4}-\d{2}", value):
            first = date(int(value[:4]), int(value[5:]), 1)
            return first, add_months(first, 1)
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1), date(int(value) + 1, 1, 1)
    except ValueError:
        return None
    return None


def date_agrees(gold: str | None, event: Event, analysis: Analysis) -> bool:
    """A gold day agrees with a day-precise event starting that local day (a night starts the day
    it begins); a coarser gold value agrees with the value of the expression that dated the
    event, or with an event interval spanning the same local days."""
    if gold is None or event.earliest is None or event.latest is None:
        return False
    zone = ZoneInfo(analysis.document.tz)
    start = event.earliest.astimezone(zone)
    end = event.latest.astimezone(zone)
    if _DAY.match(gold):
        return event.time_precision == 1 and start.date().isoformat() == gold
    timex = next((t for t in analysis.timexes if t.tid == event.tid), None) if event.tid else None
    if timex is not None and timex.value == gold:
        return True
    span = gold_interval(gold)
    if span is None:
        return False
    end_day = end.date() + timedelta(days=1) if end.time() != datetime.min.time() else end.date()
    return start.date() == span[0] and end_day == span[1]


def _same_actor(gold: str | None, event: Event) -> bool:
    a1 = next((a.name for a in event.actors if a.role == "actor1"), None)
    if gold is None or a1 is None:
        return gold is None and a1 is None
    return name_key(gold) == name_key(a1)


def score(gold: list[GoldEvent], analyses: dict[str, Analysis], splits: tuple[str, ...]) -> dict[str, SplitScore]:
    """Score ``analyses`` (by article id) against ``gold``; one SplitScore per split plus 'all'."""
    out = {s: SplitScore(s) for s in (*splits, "all")}
    docs = sorted({g.doc for g in gold})
    for doc in docs:
        rows = [g for g in gold if g.doc == doc]
        analysis = analyses.get(doc)
        events = list(analysis.events) if analysis else []
        targets = [out["all"]] + ([out[rows[0].split]] if rows[0].split in out else [])
        strict = _match(rows, events, analysis, strict=True)
        aligned = _match(rows, events, analysis, strict=False)
        for t in targets:
            t.gold += len(rows)
            t.predicted += len(events)
            t.matched += len(strict)
            t.aligned.extend(aligned.values())
            t.misses.extend(g for g in rows if g.line not in strict)
            used = {id(p.event) for p in strict.values()}
            t.false_positives.extend((doc, e) for e in events if id(e) not in used)
    return out


def _match(rows: list[GoldEvent], events: list[Event], analysis: Analysis | None, strict: bool) -> dict[int, Pair]:
    pairs: dict[int, Pair] = {}
    used: set[int] = set()
    if analysis is None:
        return pairs
    sent_start = {s.idx: s.start for s in analysis.sentences}
    for g in rows:
        best = None
        for i, e in enumerate(events):
            if i in used or e.event_type != g.event_type or not _same_actor(g.actor1, e):
                continue
            ok = date_agrees(g.date, e, analysis)
            same_sentence = sent_start.get(e.sent_idx) == g.sentence_start
            if strict and not ok:
                continue
            if not strict and not (ok or same_sentence):
                continue
            rank = (not ok, not same_sentence, i)
            if best is None or rank < best[0]:
                best = (rank, i, ok)
        if best is not None:
            used.add(best[1])
            pairs[g.line] = Pair(g, events[best[1]], analysis, best[2])
    return pairs


def analyze_articles(paths: list[str | Path]) -> dict[str, Analysis]:
    """Read articles (later files replace earlier versions of the same article) and analyse them;
    keys are the article ids (``source_id``, else ``doc_id``)."""
    from evdb.ingest.read import Problem, read_documents
    from evdb.pipeline import analyze

    docs = {}
    for d in read_documents(list(paths)):
        if isinstance(d, Problem):
            raise EvdbError(f"cannot read an article: {d}", hint="fix the record or leave the file out")
        docs[article_id(d)] = d
    return {k: analyze(d) for k, d in docs.items()}


def article_id(doc) -> str:
    """The id gold rows use: the source id, else the last segment of the url, else the doc id."""
    if doc.source_id:
        return doc.source_id
    if doc.url:
        return doc.url.rstrip("/").rsplit("/", 1)[-1]
    return doc.doc_id


def sentence_text(analysis: Analysis | None, *, idx: int | None = None, start: int | None = None) -> str:
    """The sentence of an analysed article, by index or by start offset ("" when unknown)."""
    if analysis is None:
        return ""
    for s in analysis.sentences:
        if s.idx == idx or (start is not None and s.start == start):
            return " ".join(analysis.document.text[s.start:s.end].split())
    return ""


def _event_dict(e: Event) -> dict:
    return {"event_type": e.event_type, "trigger": e.trigger,
            "date": e.earliest.date().isoformat() if e.earliest else None, "time_precision": e.time_precision,
            "actor1": next((a.name for a in e.actors if a.role == "actor1"), None),
            "fatalities": e.fatalities_best, "polarity": e.polarity, "modality": e.modality}


def report_dict(results: dict[str, SplitScore], analyses: dict[str, Analysis], shown: tuple[str, ...],
                details: bool = False) -> dict:
    """The figures of ``score`` as plain JSON-ready data; with ``details``, the misses, false
    positives and aligned events with a wrong date or count, each with its sentence."""
    out = {}
    for name in shown:
        r = results[name]
        d = {"gold": r.gold, "predicted": r.predicted, "matched": r.matched, "precision": r.precision,
             "recall": r.recall, "f1": r.f1, "aligned": len(r.aligned), "date_accuracy": r.date_accuracy,
             "fatalities_exact": r.fatalities_exact, "polarity_modality": r.polarity_modality}
        if details:
            d["misses"] = [{"doc": g.doc, "line": g.line, "event_type": g.event_type, "trigger": g.trigger,
                            "date": g.date, "actor1": g.actor1, "fatalities": g.fatalities,
                            "sentence": sentence_text(analyses.get(g.doc), start=g.sentence_start)}
                           for g in r.misses]
            d["false_positives"] = [{"doc": doc, **_event_dict(e),
                                     "sentence": sentence_text(analyses.get(doc), idx=e.sent_idx)}
                                    for doc, e in r.false_positives]
            d["wrong_date_or_count"] = [{"doc": p.gold.doc, "line": p.gold.line, "trigger": p.gold.trigger,
                                         "gold_date": p.gold.date, "date_ok": p.date_ok,
                                         "gold_fatalities": p.gold.fatalities, **_event_dict(p.event)}
                                        for p in r.aligned
                                        if not p.date_ok or p.event.fatalities_best != p.gold.fatalities]
        out[name] = d
    return out
