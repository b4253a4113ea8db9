"""Walk the mentions of a document in order and choose each one's anchor.

- deictic and absolute expressions are read against the publication time (DCT);
- anaphoric ones ("le lendemain", "la nuit suivante", a bare "à 14h30") against the previous
  resolved mention of day grain or finer; with none, the DCT, and the reason says so;
- the tense of the clause (cues in the lexicon's [tense] table, the one nearest the mention
  wins: :mod:`tense`) gives the direction for underspecified dates; with no cue, the caller's
  preference (``prefer``: nearest, past, future) does.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from evdb.lang.spec import Language
from evdb.model import Sentence, Timex
from evdb.temporal.partial import Mention, Resolved
from evdb.temporal.resolve import Anchor, resolve
from evdb.temporal.tense import tense_at

_FINE = ("day", "part_of_day", "hour", "minute", "second")   # grains that can anchor anaphora
# a period counted from an earlier one ("l'année suivante", "cette année-là") may also count from
# an earlier month, season or year: a grain at most as coarse as the period's unit
_COARSE = {"week": 1, "weekend": 1, "month": 2, "quarter": 3, "half": 4, "season": 4.5, "year": 5, "decade": 6,
           "century": 7}
YEAR_REACH = 80    # characters: how far a stated year carries to a following month in its sentence


def _weekday_agrees(year: int, month: int, day: int, weekday: int) -> bool:
    try:
        return date(year, month, day).isoweekday() == weekday
    except ValueError:
        return False


def _needs_tense(m: Mention) -> bool:
    p = m.partial
    if p.kind == "point" and p.unit == "weekend" and p.shift == 0:
        return True
    if p.kind != "point" or p.direction is not None or p.shift is not None:
        return False
    if p.year is not None and p.start is None:
        return False
    return p.month is not None or p.day is not None or p.weekday is not None or p.season is not None \
        or p.easter is not None or bool(p.feast) or _time_only(m) \
        or (p.pod is not None and p.pod.code == "NI")


def _time_only(m: Mention) -> bool:
    """A clock time or part of day alone ("à 14h30", "ce soir"), or a range of them ("de 9h à 11h")."""
    p = m.partial
    return _clock_only(p) and (p.start is None or _clock_only(p.start))


def _clock_only(p) -> bool:
    return (p.kind == "point" and p.shift is None and not p.same and p.weekday is None and p.day is None
            and p.month is None and p.year is None and p.season is None
            and (p.hour is not None or p.pod is not None))


def _anchors_forward(m: Mention, gap: str, lang: Language, surface: str = "") -> bool:
    """A bare time right before a day ("4 h mardi", "vers 0 h 40, jeudi", or joined by the pack's
    ``clock_date_link``: "3 pm on March 5"), or an anaphoric day
    word right before the day it counts from, joined by the pack's ``of_date_link`` ("le
    lendemain du 13 février"; with ``of_date_tail``, only words ending so: "the day after
    Thanksgiving", not "the next day Friday")."""
    if _time_only(m) and m.partial.anchor_kind != "deictic":
        link = lang.cue("clock_date_link")    # the pack's words between them ("3 pm on March 5")
        return (len(gap) <= 3 and gap.strip(" ,") == "") or (link is not None and link.fullmatch(gap) is not None)
    link, tail = lang.cue("of_date_link"), lang.cue("of_date_tail")
    return m.partial.anchor_kind == "anaphoric" and m.partial.shift is not None and link is not None \
        and link.fullmatch(gap) is not None and (tail is None or tail.search(surface) is not None)


def _dated_day(m: Mention) -> bool:
    p = m.partial
    return p.kind == "point" and p.hour is None and p.pod is None and (
        p.day is not None or p.weekday is not None or (p.shift is not None and p.unit == "day")
        or p.easter is not None or bool(p.feast))    # a holiday: "la veille de Pâques", "the day after Eid"


_BOUNDS = (("on_or_after_cue", "ON_OR_AFTER"), ("after_cue", "AFTER"), ("before_cue", "BEFORE"),
           ("on_or_before_cue", "ON_OR_BEFORE"))


def _joined_bounds(lang: Language) -> re.Pattern[str] | None:
    """The pack's open-bound cues as one regex whose group name is the TIMEX3 mod."""
    return lang.memo("open_bounds", _join_bounds)


def _join_bounds(lang: Language) -> re.Pattern[str] | None:
    parts = [f"(?P<{mod}>{lang.cue(key).pattern})" for key, mod in _BOUNDS if lang.cue(key) is not None]
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


_POST_BOUNDS = (("on_or_after_post_cue", "ON_OR_AFTER"), ("on_or_before_post_cue", "ON_OR_BEFORE"))


def _open_bound(r: Resolved, lang: Language, text: str, sent: Sentence | None, start: int,
                end: int | None = None, floor: int = 0) -> Resolved:
    """"à partir du 8 mars", "avant 16 h", "2012 or later": the date is one bound of an open interval.
    A cue is looked for after ``floor`` (the end of the previous expression): the "after" of "the
    day after Thanksgiving" belongs to "the day after", it does not open an interval."""
    lo = max(sent.start if sent else max(0, start - 40), floor)
    joined = _joined_bounds(lang)
    m = joined.search(text, max(lo, start - 40), start) if joined is not None else None
    mod = m.lastgroup if m is not None else None
    if mod is None and end is not None:     # a cue after the date: "2012 or later"
        hi = min(sent.end if sent else len(text), end + 40)
        mod = next((v for k, v in _POST_BOUNDS if lang.cue(k) is not None and lang.cue(k).match(text, end, hi)), None)
    if mod is not None:
        if mod == "ON_OR_AFTER":
            return replace(r, mod=mod, latest=None)
        if mod == "AFTER":
            return replace(r, mod=mod, earliest=r.latest, latest=None)
        if mod == "BEFORE":
            return replace(r, mod=mod, earliest=None, latest=r.earliest)
        return replace(r, mod=mod, earliest=None)
    return r


def link_range(first: Timex, last: Timex) -> tuple[Timex, Timex]:
    """The two bounds of a range, each naming the other and both carrying the whole range
    ``[first.earliest, last.latest)`` (left out when a bound is open or the range is empty)."""
    start, end = first.earliest, last.latest
    if start is None or end is None or end <= start or "unresolved" in (first.status, last.status):
        start = end = None
    return (replace(first, range_partner=last.tid, range_start=start, range_end=end),
            replace(last, range_partner=first.tid, range_start=start, range_end=end))


def fold_offsets(text: str, lang: Language, mentions: list[Mention]) -> list[Mention]:
    """"3 days after January 12", "two weeks before Christmas", "4 months from tomorrow": a count
    of units right before a date, joined by the pack's ``offset_after_link`` /
    ``offset_before_link`` cue, is one expression: the date counted on (resolved then shifted)."""
    after, before = lang.cue("offset_after_link"), lang.cue("offset_before_link")
    if after is None and before is None:
        return mentions
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        m = mentions[i]
        n = mentions[i + 1] if i + 1 < len(mentions) else None
        p = m.partial
        if (n is not None and p.kind == "duration" and not p.approx_amount and not p.since and p.amount
                and p.amount == int(p.amount) and p.unit and m.bound is None and n.bound is None
                and n.sent_idx == m.sent_idx and n.partial.kind == "point" and n.partial.start is None
                and n.partial.then is None):
            gap = text[m.end:n.start]
            sign = 1 if after is not None and after.fullmatch(gap) else \
                -1 if before is not None and before.fullmatch(gap) else 0
            if sign:
                then = (sign * int(p.amount), p.unit)
                out.append(replace(n, start=m.start, rule=f"{m.rule}+{n.rule}", partial=replace(n.partial, then=then)))
                i += 2
                continue
        out.append(m)
        i += 1
    return out


def anchor_and_resolve(text: str, lang: Language, sentences: list[Sentence] | tuple[Sentence, ...],
                       mentions: list[Mention], dct: datetime, tz: ZoneInfo, original: str | None = None,
                       prefer: str = "nearest") -> list[Timex]:
    """Timexes in document order; surfaces are cut from ``original`` (same offsets as ``text``).

    ``prefer`` (nearest | past | future) is the direction of an underspecified date whose
    clause has no tense cue; ``nearest`` keeps the pack's defaults (bare weekdays)."""
    surface = text if original is None else original
    mentions = fold_offsets(text, lang, mentions)
    dct_local = dct.astimezone(tz)
    dct_anchor = Anchor(dct_local, "instant")
    by_idx = {s.idx: s for s in sentences}
    out: list[Timex] = []
    previous: tuple[str, Resolved] | None = None
    period: tuple[str, Resolved] | None = None     # the last mention of a week, month, season, year...

    near: tuple[int, datetime] | None = None   # (sentence, start) of the last mention with a calendar date
    cue_memo: dict = {}                          # tense cues per window (see tense_at)
    reporting_cue = lang.cue("reporting_cue")
    first_bound: tuple[int, int] | None = None  # span of the last range's first bound
    range_tense: dict[str, str | None] = {}      # the tense the last range's first bound was read in

    def one(m: Mention, prev, tid_next: str | None = None, follow: Resolved | None = None, floor: int = 0):
        p = m.partial
        reason_extra = None
        anchor_label = "DCT"
        kind = p.anchor_kind
        anchor = dct_anchor
        anaphoric = kind == "anaphoric" or (_time_only(m) and kind != "deictic")
        if anaphoric:
            kind = "anaphoric"
            if follow is not None:
                anchor_label, anchor = tid_next, Anchor(follow.earliest, follow.grain)
                reason_extra = "anchored to the date right after it"
            elif prev is not None or period is not None:
                use = prev
                unit = _COARSE.get(p.unit) or (_COARSE["year"] if p.season is not None else None)
                if period is not None and unit is not None and _COARSE[period[1].grain] <= unit \
                        and (prev is None or int(period[0][1:]) > int(prev[0][1:])):
                    use = period     # "En 1998, ... L'année suivante": 1999; "au printemps 2012 ... l'été suivant"
                if use is not None:
                    anchor_label, r = use
                    anchor = Anchor(r.earliest, r.grain)
                else:
                    reason_extra = "no earlier mention: anchored to the publication time"
            else:
                reason_extra = "no earlier mention: anchored to the publication time"
        elif p.kind == "set" or (p.kind == "point" and p.year is not None and p.shift is None and p.start is None) \
                or p.decade is not None or p.century is not None:
            anchor_label, kind = "none", "absolute"
        elif p.kind == "duration" and not p.since:
            anchor_label, kind = "none", "none"
        tense = None
        if m.bound == "last" and "tense" in range_tense:
            # a range's last bound reads the clause as its first bound did (not on the side of the
            # reference its own first bound fell: "du 1er au 15 du mois" on the 12th)
            tense = range_tense["tense"]
        elif _needs_tense(m) or (p.start is not None and p.start.year is None):
            s = by_idx.get(m.sent_idx)
            # a range's last bound reads the tense where its first bound does ("arrêtés du 3
            # jusqu'au 5 mars": the cue "jusqu'au" does not make "5 mars" future)
            a, b = first_bound if m.bound == "last" and first_bound is not None else (m.start, m.end)
            tense = tense_at(text, lang, s, a, b, memo=cue_memo) if s else None
            if tense is None and near is not None and near[0] == m.sent_idx:
                tense = "past" if near[1] < dct_local else "future"   # "le 6 juin ... et mardi soir"
            if tense is None and prefer != "nearest":
                tense = prefer
            if tense is None and p.weekday is not None and p.day is None and p.month is None:
                tense = lang.settings.get("weekday_default")
        if m.bound == "first":
            range_tense["tense"] = tense
        r = resolve(p, anchor, dct_local, tz, tense)
        if p.kind == "point" and p.start is None and m.bound is None and r.earliest is not None \
                and r.mod in (None, "APPROX"):   # a range's last bound is not an open bound ("jusqu'au 5 mars")
            r = _open_bound(r, lang, text, by_idx.get(m.sent_idx), m.start, m.end, floor)
        reason = "; ".join(x for x in (r.reason, reason_extra) if x) or None
        return r, anchor_label, kind, reason

    year_here: tuple[int, int, int] | None = None     # (sentence, year, end) of the last stated year
    for i, m in enumerate(mentions):
        p = m.partial
        if (p.kind == "point" and p.month is not None and p.year is None and p.direction is None
                and p.shift is None and year_here is not None and year_here[0] == m.sent_idx
                and m.start - year_here[2] <= YEAR_REACH
                and (p.weekday is None or p.day is None
                     or _weekday_agrees(year_here[1], p.month, p.day, p.weekday))):
            # "deux ruptures en 97 (en janvier ..., en octobre ...)": the year said just before
            m = replace(m, partial=replace(p, year=year_here[1]))
        follow = None
        # the mention after this one (after both bounds for a range's first bound: "entre 9h et 11h mardi")
        skip = 1 if m.bound == "first" and i + 1 < len(mentions) and mentions[i + 1].bound == "last" else 0
        tid_next = f"t{len(out) + 2 + skip}"
        n = mentions[i + 1 + skip] if i + 1 + skip < len(mentions) else None
        gap = text[(mentions[i + 1].end if skip else m.end):n.start] if n is not None else ""
        if n is not None and n.sent_idx == m.sent_idx and _dated_day(n) and _anchors_forward(m, gap, lang, text[m.start:m.end]):
            follow = one(n, previous, floor=m.end)[0]
            if follow.status == "unresolved" or follow.earliest is None:
                follow = None
        r, anchor_label, kind, reason = one(m, previous, tid_next, follow, mentions[i - 1].end if i else 0)
        if m.bound == "last" and out and _time_only(m) and r.earliest is not None and out[-1].earliest is not None \
                and r.earliest < out[-1].earliest and r.grain in ("hour", "minute", "second"):
            # "de 22h à 6h": the last clock time is the next one after the first
            later = (out[-1].earliest + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
            r = resolve(p, Anchor(later, "day"), dct_local, tz, None)
            reason = "; ".join(x for x in (r.reason, "the day after the range's first bound") if x)
        elif m.bound == "last" and i > 0 and mentions[i - 1].bound == "first" and p.month is not None \
                and p.day is not None and p.year is None and r.earliest is not None and out[-1].earliest is not None:
            # a range's last date lies within the year after its first ("du vendredi 13 au 15
            # juillet": the first bound's weekday chose the year)
            f = out[-1].earliest
            y = f.year if (p.month, p.day) >= (f.month, f.day) else f.year + 1
            if r.earliest.year != y:
                r = resolve(replace(p, year=y), dct_anchor, dct_local, tz, None)
                reason = "; ".join(x for x in (r.reason, "the year of the range's first bound") if x)
        prev_t = out[-1] if out and previous is not None and out[-1].tid == previous[0] else None
        if prev_t is not None and anchor_label == prev_t.tid and prev_t.sent_idx == m.sent_idx \
                and prev_t.grain == "part_of_day" and _time_only(m) and p.hour is not None and p.pod is None \
                and p.start is None and r.earliest is not None and prev_t.earliest is not None \
                and prev_t.latest is not None and not prev_t.earliest <= r.earliest < prev_t.latest:
            # "ce soir à 9 h 30", "samedi soir vers 10 h", "dans la nuit, vers 2 h": a clock time
            # right after a part of day is the one in its window (21:30, 22:00, 2:00 the next day)
            for k in (12, 24):
                t = r.earliest + timedelta(hours=k)
                if prev_t.earliest <= t < prev_t.latest:
                    day = t.replace(hour=0, minute=0, second=0, microsecond=0)
                    r = resolve(replace(p, hour=t.hour), Anchor(day, "day"), dct_local, tz, None)
                    reason = "; ".join(x for x in (r.reason, "within the part of day before it") if x)
                    break
        if r.earliest is not None and r.type == "DATE" and (
                (p.kind == "point" and p.year is not None and p.start is None and p.month is None)
                or (p.shift is not None and r.grain == "year")):
            year_here = (m.sent_idx, r.earliest.year, m.end)   # "en 97", "cette année"
        if r.earliest is not None and r.grain in ("day", "part_of_day") and p.kind == "point" and not _time_only(m):
            near = (m.sent_idx, r.earliest)
        tid = f"t{len(out) + 1}"
        if r.grain == "decade" and r.value and lang.settings.get("decade_value") == "digits":
            r = replace(r, value=r.value.rstrip("X"))     # TimeML 1.2: "the 1990s" = "199" (FTiB: "199X")
        out.append(Timex(tid, surface[m.start:m.end], m.start, m.end, m.sent_idx, r.type, r.value, r.mod,
                         r.earliest, r.latest, r.grain, anchor_label, kind, m.rule, r.status, reason, r.day_window))
        if m.bound == "last" and i > 0 and mentions[i - 1].bound == "first":
            out[-2], out[-1] = link_range(out[-2], out[-1])
        first_bound = (m.start, m.end) if m.bound == "first" else None
        reporting = reporting_cue is not None and reporting_cue.search(text, max(0, m.start - 40), m.start) is not None
        if follow is None and not reporting and r.status != "unresolved" and r.type in ("DATE", "TIME") \
                and r.grain in _FINE and r.earliest is not None:
            previous = (tid, r)   # a time anchored to the date after it leaves that date's anchor unchanged
        elif not reporting and r.status != "unresolved" and r.type == "DATE" and r.grain in _COARSE \
                and r.earliest is not None:
            period = (tid, r)
    return out
