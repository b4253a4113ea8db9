"""When does a tagger's answer count as the gold answer?

The rules (shared with the reference scorers in ``../shared/corpora/scoring``):

- instant: the best prediction (see :func:`rank_for_instant`), cut down to the gold grain, gives
  the gold start; a prediction coarser than the gold grain fails (``2013-02`` is not
  ``2013-02-12``). A gold time of day (``T15:00``) compares the clock only. A gold part of day
  (``2013-02-12TEV``) takes the same code on the same day, or a clock time inside its hours.
  Seasons and weekends compare as intervals with a few days / hours of slack. A gold
  ``PRESENT_REF`` takes ``PRESENT_REF`` or any time on the reference day.
- interval ``START/END`` (half-open): one prediction read as [start, start + one grain), or two
  or more read as first start .. last end, gives the same bounds. An open bound (``..``) needs a
  prediction with a mod pointing the right way (AFTER, SINCE, ... / BEFORE, UNTIL, ...).
- duration: some prediction is a DURATION with the same length (P1W = P7D; P1D != PT24H).
- set: some prediction is a SET with the same value.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from evdb.evaluation.values import (RANK, SLACK, Reading, floor_to, read_duration, read_value,
                                    span_of)

AFTER_MODS = frozenset({"AFTER", "ON_OR_AFTER", "START", "SINCE", "since", "after"})
BEFORE_MODS = frozenset({"BEFORE", "ON_OR_BEFORE", "END", "UNTIL", "until", "before"})
_NO_HINT = ("partofday", "season", "weekend")


def rank_for_instant(readings: list[Reading], widths: list[int]) -> list[Reading]:
    """Order predictions for an instant: located ones first, finest grain first, then the
    longest span (a tagger may split "tomorrow at 5pm" into a day and a dated clock time)."""
    def key(i: int) -> tuple[int, int, int]:
        located = readings[i].is_time
        return (0 if located else 1, RANK.get(readings[i].grain, 99) if located else 99, -widths[i])
    return [readings[i] for i in sorted(range(len(readings)), key=key)]


def _same_day(a: datetime, b: datetime) -> bool:
    return floor_to(a, "day") == floor_to(b, "day")


def match_instant(gold: Reading, pred: Reading, ref: datetime) -> bool:
    if gold.kind == "ref":
        if gold.code == "PRESENT_REF":
            return (pred.kind == "ref" and pred.code == "PRESENT_REF") or (
                pred.kind == "time" and pred.start is not None and _same_day(pred.start, ref))
        return pred.kind == "ref" and pred.code == gold.code
    if gold.kind not in ("time", "clock"):
        return False
    if pred.kind == "ref":
        if pred.code != "PRESENT_REF" or gold.kind == "clock":
            return False
        if RANK.get(gold.grain, 99) <= RANK["second"] and floor_to(ref, "second") == gold.start:
            return True
        return gold.grain == "day" and floor_to(ref, "day") == gold.start
    if not pred.is_time:
        return False
    if gold.grain == "partofday":
        if pred.grain == "partofday":
            return pred.code == gold.code and _same_day(pred.start, gold.start)
        window = span_of(gold)
        return (window is not None and pred.grain in ("second", "minute", "hour")
                and window[0] <= pred.start < window[1])
    if gold.grain in ("season", "weekend"):
        got, want = span_of(pred), span_of(gold)
        slack = SLACK[gold.grain]
        return (got is not None and want is not None
                and abs(got[0] - want[0]) <= slack and abs(got[1] - want[1]) <= slack)
    if gold.grain not in RANK or pred.grain not in RANK:
        return False
    if RANK[pred.grain] > RANK[gold.grain]:
        return False
    if gold.kind == "clock":
        if pred.kind == "clock" or RANK[pred.grain] <= RANK["hour"]:
            return floor_to(pred.start, gold.grain).time() == floor_to(gold.start, gold.grain).time()
        return False
    if pred.kind == "clock":
        return False
    return floor_to(pred.start, gold.grain) == floor_to(gold.start, gold.grain)


def _seconds_of_day(moment: datetime) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def match_interval(value: str, grain: str, preds: list[Reading]) -> bool:
    first_text, _, last_text = value.partition("/")
    if not last_text:
        return False
    first = None if first_text == ".." else read_value(first_text)
    last = None if last_text == ".." else read_value(last_text)
    for text, bound in ((first_text, first), (last_text, last)):
        if text != ".." and (bound is None or bound.kind not in ("time", "clock")):
            return False
    located = [p for p in preds if p.is_time]
    if not located:
        return False
    if first is None or last is None:
        bound = first or last
        wanted = AFTER_MODS if first is not None else BEFORE_MODS
        limit = RANK.get(grain or bound.grain, 99)
        unit = grain if grain in RANK else bound.grain
        return any(p.mod in wanted and RANK.get(p.grain, 99) <= limit
                   and floor_to(p.start, unit) == floor_to(bound.start, unit) for p in located)
    if len(located) == 1:
        covered = span_of(located[0])
        if covered is None:
            return False
        start, end = covered
        slack = SLACK.get(located[0].grain, timedelta(0))
    else:
        head, tail = span_of(located[0]), span_of(located[-1])
        if head is None or tail is None:
            return False
        start, end = head[0], tail[1]
        slack = max(SLACK.get(located[0].grain, timedelta(0)), SLACK.get(located[-1].grain, timedelta(0)))
    if (first or last).kind == "clock":
        want_end = _seconds_of_day(last.start) or 86400
        got_end = _seconds_of_day(end) or 86400
        return (abs(_seconds_of_day(start) - _seconds_of_day(first.start)) <= slack.total_seconds()
                and abs(got_end - want_end) <= slack.total_seconds())
    return abs(start - first.start) <= slack and abs(end - last.start) <= slack


def gold_reading(kind: str, value: str, grain: str) -> Reading | None:
    """The gold instant, with the gold grain applied to plain dates and clock times."""
    hint = grain if grain in RANK and grain not in _NO_HINT else ""
    return read_value(value, hint) if kind == "instant" else None


def matches(kind: str, value: str, grain: str, in_order: list[Reading], best_first: list[Reading],
            ref: datetime) -> bool:
    """Whether predictions answer one gold item. ``in_order`` are the predictions in text
    order, ``best_first`` the same ranked by :func:`rank_for_instant`."""
    if kind == "instant":
        gold = gold_reading(kind, value, grain)
        return gold is not None and bool(best_first) and match_instant(gold, best_first[0], ref)
    if kind == "interval":
        return match_interval(value, grain, in_order)
    if kind == "duration":
        want = read_duration(value)
        return want is not None and any(p.kind == "duration" and read_duration(p.code) == want
                                        for p in in_order)
    if kind == "set":
        return any(p.kind == "set" and p.code.strip() == value.strip() for p in in_order)
    return False


def scorable(kind: str, value: str) -> bool:
    """Whether a gold item has a value that can be checked (not empty, not underspecified)."""
    if kind not in ("instant", "interval", "duration", "set") or not value:
        return False
    if kind == "instant":
        reading = read_value(value)
        return reading is not None and reading.kind != "underspecified"
    if kind == "interval":
        for part in value.split("/"):
            if part != "..":
                reading = read_value(part)
                if reading is None or reading.kind not in ("time", "clock"):
                    return False
        return True
    if kind == "duration":
        return read_duration(value) is not None
    return "X" not in value or value.startswith(("XXXX-", "P", "T"))
