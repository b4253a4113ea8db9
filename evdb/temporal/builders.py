"""Builders named by a rule's ``yields``: turn the named captures of a match into a PartialTime.

The captures are read by class: a group bound to ``{weekday}`` gives an ISO weekday, one bound
to ``{part_of_day}`` a Window, one bound to ``{relative_day}`` a shift and an anchor kind, and
so on. A group name ending in ``1`` (``{day:day1}``) belongs to the first bound of a range.
A builder returns None to reject a match (the next candidate is then considered).
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from evdb.lang.spec import Language, Rule
from evdb.temporal.calendar import duration_value
from evdb.temporal.partial import PartialTime, Window

_DIGIT = re.compile(r"\d")
_UNIT_SET = {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y", "hour": "PT1H", "weekend": "XXXX-WXX-WE",
             "quarter": "P3M", "half": "P6M", "minute": "PT1M"}


def build(rule: Rule, m: re.Match[str], lang: Language, before: str, after: str = "") -> PartialTime | None:
    start_fields: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    for g, cls in rule.groups.items():
        s = m.group(g)
        if s is None:
            continue
        target = start_fields if g.endswith("1") and rule.yields == "range" else fields
        if g != cls and g != "span" and not g.endswith("1"):
            # a renamed group ({weekday:weekday2}) never overrides what an earlier group said
            extra: dict[str, Any] = {}
            if not _read(cls, s, lang, extra, g):
                return None
            if g.startswith("of_"):      # the period a date lies in ("the first quarter of next year")
                for k, v in extra.items():
                    target.setdefault("of", {}).setdefault(k, v)
                continue
            if g.startswith("more_"):    # a further count of a compound duration ("2 years and 3 months")
                more = target.setdefault("more", [])
                if more and not set(extra) & set(more[-1]):
                    more[-1].update(extra)
                else:
                    more.append(extra)
                continue
            for k, v in extra.items():
                target.setdefault(k, v)
            continue
        if not _read(cls, s, lang, target, g):
            return None
    for k in ("anchor", "direction", "mod", "unit"):
        if k in rule.attrs:
            fields[{"anchor": "anchor_kind"}.get(k, k)] = rule.attrs[k]
    if rule.attrs.get("grain") == "week":      # "the week of March 3": the week holding the day
        fields["widen"] = "week"
    if fields.get("of"):     # resolved first; its year (and month) then complete the date
        within = _point(fields.pop("of"))
        if within is None or within.unit not in ("year", "month"):
            return None
        fields["within"] = within
        fields.setdefault("anchor_kind", within.anchor_kind)
    if "year_hi" in fields or "year_th" in fields:     # "nineteen" + "ninety-six", "two" thousand + "five"
        fields["year"] = fields.pop("year_hi", 0) * 100 + fields.pop("year_th", 0) * 1000 + fields.pop("year_lo", 0)
    y = rule.yields
    if y == "duration":
        if fields.get("amount") is None and rule.attrs.get("vague"):
            fields["amount"], fields["approx_amount"] = 0, True
        if fields.get("amount") is None or not fields.get("unit"):
            return None
        if fields.get("plus"):     # "an hour and a half"
            fields["amount"] += fields["plus"]
        if fields.get("more") and not _compound(fields):
            return None
        age, sentence, since_cue = lang.cue("age_cue"), lang.cue("sentence_cue"), lang.cue("since_cue")
        digits = _DIGIT.search(m.group()) is not None    # ages are written in digits ("Jean, 87 ans")
        if fields["unit"] == "year" and age and digits and not fields.get("approx_amount") and age.search(before) \
                and not (sentence and sentence.match(after)):
            return None
        since = since_cue is not None and since_cue.search(before) is not None
        return PartialTime(kind="duration", amount=fields["amount"], unit=fields["unit"], since=since,
                           mod=fields.get("mod"), approx_amount=fields.get("approx_amount", False))
    if y == "set":
        return _set(fields, rule)
    if y == "ref":
        ref = fields.get("ref") or rule.attrs.get("value")
        return PartialTime(kind="ref", ref=ref, anchor_kind="deictic") if ref else None
    if y == "offset":
        if fields.get("weekday") is not None and not fields.get("unit") and fields.get("amount") and "sign" in fields:
            n = int(fields["amount"])    # "three Fridays from now": the third Friday after the anchor
            return _point({"weekday": fields["weekday"], "hence": fields["sign"] * 7 * (n - 1),
                           "direction": "future" if fields["sign"] > 0 else "past",
                           "anchor_kind": fields.get("anchor_kind", "deictic")}) if n == fields["amount"] >= 1 else None
        if fields.get("amount") is None or not fields.get("unit") or "sign" not in fields:
            return None
        amount = fields["amount"]
        if fields.get("approx_amount"):   # "il y a quelques mois": no date can be computed honestly
            return PartialTime(kind="duration", amount=0, unit=fields["unit"], approx_amount=True)
        if fields.get("plus"):     # "in an hour and a half"
            amount += fields["plus"]
        if amount != int(amount):    # "in 2.5 hours": counted in the next smaller unit when exact
            smaller = _NEXT_SMALLER.get(fields["unit"])
            v = _in_unit(amount, fields["unit"], smaller) if smaller else None
            if v is None or v != int(v):
                return None
            amount, fields = v, {**fields, "unit": smaller}
        return _point({**fields, "shift": fields["sign"] * int(amount), "offset": True,
                       "grain_hint": lang.settings.get("offset_week_grain")})
    if fields.get("nth") is not None and fields.get("feast") is None and fields.get("unit") not in (None, "month") and not (
            fields.get("unit") in ("day", "week", "weekend") and fields.get("weekday") is None
            and (fields.get("month") is not None or fields.get("year") is not None or fields.get("within"))):
        return None    # "le premier mardi du mois", "la première semaine de mars", "the third week of 2018" only
    if fields.get("century") is not None and fields.get("unit") not in (None, "century"):
        return None    # "XXe siècle" only: a roman ordinal before another unit is not a century
    p = _point(fields)
    if p is None:
        return None
    if y == "range":
        shared = ("year", "month", "anchor_kind", "direction", "zone")   # "9:30 - 11:00 CST": both in CST
        if "hour" in start_fields and not {"day", "weekday", "shift", "month"} & set(start_fields):
            shared += ("day", "weekday", "shift", "unit", "same")   # "de 9h à 11h jeudi": both on Thursday
        s = _point({**{k: v for k, v in fields.items() if k in shared}, **start_fields})
        if s is None:
            return None
        if s.hour is not None and p.hour is not None and fields.get("pm") and not start_fields.get("pm") \
                and not start_fields.get("am") and s.hour < 12 <= p.hour and s.hour + 12 <= p.hour:
            s = replace(s, hour=s.hour + 12)     # "5 to 6pm": the afternoon bound shares its p.m.
        elif s.hour is not None and p.hour is not None and p.hour < 12 and not {"pm", "am", "pod"} & set(fields) \
                and (p.hour, p.minute or 0) < (s.hour, s.minute or 0) < (p.hour + 12, p.minute or 0):
            p = replace(p, hour=p.hour + 12)     # "de 11h30 à 1h30": 13:30, the 12-hour reading after the start
        p = replace(p, start=s)
    return p


# exact conversions to a smaller unit (months and days do not mix: a month has no fixed length)
_IN_SMALLER = {("year", "month"): 12, ("week", "day"): 7, ("day", "hour"): 24, ("hour", "minute"): 60,
               ("minute", "second"): 60}
_NEXT_SMALLER = {big: small for big, small in _IN_SMALLER}   # unit -> the smaller unit it converts to exactly
_CHAIN = ("year", "month", "week", "day", "hour", "minute", "second")


def _in_unit(amount: float, unit: str, target: str) -> float | None:
    """``amount`` of ``unit`` counted in the smaller ``target`` unit, or None when not exact."""
    if unit == target:
        return amount
    if unit not in _CHAIN or target not in _CHAIN or _CHAIN.index(unit) > _CHAIN.index(target):
        return None
    i = _CHAIN.index(unit)
    nxt = _CHAIN[i + 1]
    if unit == "month" or (unit, nxt) not in _IN_SMALLER:
        if unit == "week" and target != "week":      # weeks go to days
            return _in_unit(amount * 7, "day", target)
        return None
    return _in_unit(amount * _IN_SMALLER[(unit, nxt)], nxt, target)


def _compound(f: dict[str, Any]) -> bool:
    """Fold the extra counts of "2 years and 3 months", "1 hour 30 minutes" into one amount of
    the smallest unit (P27M, PT90M); False when the units cannot be added exactly."""
    parts = [(f["amount"], f["unit"])] + [(x.get("amount"), x.get("unit")) for x in f.pop("more")]
    if any(a is None or u not in _CHAIN for a, u in parts):
        return False
    if any(_CHAIN.index(v) <= _CHAIN.index(u) for (_, u), (_, v) in zip(parts, parts[1:])):
        return False    # each further count in a smaller unit ("5 years and 87 years" is not one length)
    smallest = max((u for _, u in parts), key=_CHAIN.index)
    total = 0.0
    for a, u in parts:
        v = _in_unit(a, u, smallest)
        if v is None:
            return False
        total += v
    f["amount"], f["unit"] = total, smallest
    return True


def _point(f: dict[str, Any]) -> PartialTime | None:
    keep = {k: v for k, v in f.items() if k in PartialTime.__slots__}
    if "shift" not in keep and f.get("this"):
        keep["shift"] = 0
    if keep.get("direction") and keep.get("unit") and "shift" not in keep:
        keep["shift"] = -1 if keep["direction"] == "past" else 1
    if keep.get("unit") and "shift" not in keep and not f.get("amount") and keep.get("month") is None \
            and (keep.get("nth") is None or keep.get("year") is None) and keep.get("within") is None:
        # (not "the third week of 2018", "the first quarter of next year")
        keep["shift"] = 0          # "la fin de l'année", "le même jour": the current one
        keep.setdefault("anchor_kind", "deictic")
    if f.get("pm") and keep.get("hour") is not None and keep["hour"] < 12:
        keep["hour"] += 12
    if f.get("am") and keep.get("hour") == 12:
        keep["hour"] = 0
    pod = f.get("pod")
    if pod is not None and keep.get("hour") is not None and keep["hour"] <= 12 and not f.get("pm") and not f.get("am") \
            and not _in_window(keep["hour"], pod) and _in_window((keep["hour"] + 12) % 24, pod):
        keep["hour"] = (keep["hour"] + 12) % 24    # "last night at 8": the half of the day its window holds
    if keep.get("minute") is not None and keep["minute"] < 0:     # "midi moins cinq"
        if keep.get("hour") is None:
            return None
        keep["hour"], keep["minute"] = (keep["hour"] - 1) % 24, 60 + keep["minute"]
    for k in ("amount", "sign", "approx_amount", "set_value"):
        keep.pop(k, None)
    if keep.get("hour") == 24 and keep.get("minute"):
        keep["hour"] = 0     # "minuit dix": 00:10 of the day; "minuit" alone (24) ends the day (resolve)
    return PartialTime(kind="point", **keep)


def _in_window(hour: int, w: Window) -> bool:
    """Whether a clock hour falls in a part of day's window ("nuit" 18:00-06:00 holds 20 and 2)."""
    a, b = int(w.start[:2]), int(w.end[:2])
    return a <= hour < b if a < b else (hour >= a or hour < b)


def _set(f: dict[str, Any], rule: Rule) -> PartialTime | None:
    if f.get("set_value"):
        return PartialTime(kind="set", set_value=f["set_value"])
    if f.get("weekday"):
        v = f"XXXX-WXX-{f['weekday']}"
        if f.get("hour") is not None:     # "every Monday at 4pm": XXXX-WXX-1T16
            h = f["hour"] + 12 if f.get("pm") and f["hour"] < 12 else (0 if f.get("am") and f["hour"] == 12 else f["hour"])
            v += f"T{h % 24:02d}" + (f":{f['minute']:02d}" if f.get("minute") else "")
        elif f.get("pod"):
            v += f"T{f['pod'].code}"
        return PartialTime(kind="set", set_value=v)
    if f.get("pod"):
        return PartialTime(kind="set", set_value=f"XXXX-XX-XXT{f['pod'].code}")
    if f.get("month") is not None:     # "chaque 1er mai": XXXX-05-01; "chaque mois de mai": XXXX-05
        return PartialTime(kind="set", set_value=f"XXXX-{f['month']:02d}" + (f"-{f['day']:02d}" if f.get("day") else ""))
    if f.get("season"):                # "chaque été": XXXX-SU
        return PartialTime(kind="set", set_value=f"XXXX-{f['season'].code}")
    if f.get("unit") and f.get("amount"):           # "tous les deux jours"
        return PartialTime(kind="set", set_value=duration_value(f["amount"], f["unit"]))
    if f.get("unit") in _UNIT_SET:
        return PartialTime(kind="set", set_value=_UNIT_SET[f["unit"]])
    if rule.attrs.get("set"):
        return PartialTime(kind="set", set_value=rule.attrs["set"])
    return None


def _read(cls: str, s: str, lang: Language, f: dict[str, Any], group: str = "") -> bool:
    """Store what the capture ``s`` of class ``cls`` means into ``f``; False rejects the match.

    A number word captured under the name ``hour`` is a clock hour ("à quinze heures"), under
    ``day`` a day of the month ("le quinze mars")."""
    if cls in ("day", "day2", "dnum"):
        f["day"] = int(re.sub(r"\D", "", s))
        return 1 <= f["day"] <= 31
    if cls in ("month_num", "month2"):
        f["month"] = int(s)
        return True
    if cls == "year":
        f["year"] = int(s)
        return True
    if cls == "year2":
        y = int(s)
        f["year"] = y + (2000 if y <= int(lang.settings.get("two_digit_pivot", 30)) else 1900)
        return True
    if cls == "hour":
        f["hour"] = int(s)
        return f["hour"] <= 24
    if cls == "minute":
        f["minute"] = int(s)
        return True
    if cls == "second":
        f["second"] = int(s)
        return True
    if cls == "roman":    # "XXe siècle": the 20th century, TIMEX3 value "19"
        n = _roman(s)
        if not 1 <= n <= 21:
            return False
        f["century"] = n - 1
        return True
    if cls == "decade":
        d = re.sub(r"\D", "", s)
        f["decade"] = int(d) // 10 if len(d) == 4 else 190 + int(d) // 10
        return True
    if cls in ("int", "num", "number"):
        v = lang.parse_number(s)
        if v is None:
            return False
        if group.startswith("year_"):    # a year in words: "nineteen ninety-six", "two thousand and five"
            key = {"year_hi": "year_hi", "year_th": "year_th"}.get(group.rstrip("0123456789"), "year_lo")
            f[key] = int(v)
            return v == int(v) and (10 <= v <= 20 if key == "year_hi" else 1 <= v <= 2 if key == "year_th" else 0 <= v <= 99)
        if group.startswith("century"):  # "the 15th century": TIMEX3 value "14"
            f["century"] = int(v) - 1
            return v == int(v) and 1 <= v <= 21
        if group.startswith("week"):     # "week 31": an ISO week number
            f["week"] = int(v)
            return v == int(v) and 1 <= v <= 53
        if group.startswith("hhmm"):     # "330 p.m.", "0730": hour and minutes in one run of digits
            f["hour"], f["minute"] = divmod(int(v), 100)
            return v == int(v) and f["hour"] <= 24 and f["minute"] < 60
        if group.startswith("hour"):
            f["hour"] = int(v)
            return v == int(v) and 0 <= v <= 24
        if group.startswith("day"):      # "le quinze mars": a day of the month in words
            f["day"] = int(v)
            return v == int(v) and 1 <= v <= 31
        if group.startswith("minute"):
            # a group named minute_to... counts minutes before the hour ("ten to five")
            f["minute"] = -int(v) if group.startswith("minute_to") else int(v)
            return v == int(v) and 0 <= v < 60
        f["amount"] = v
        return True
    a = lang.lookup(cls, s)
    if a is None:
        return False
    _apply_entry(cls, a, f)
    return True


def _roman(s: str) -> int:
    values = {"i": 1, "v": 5, "x": 10}
    digits = [values[c] for c in s.lower()]
    return sum(-d if i + 1 < len(digits) and d < digits[i + 1] else d for i, d in enumerate(digits))


def _apply_entry(cls: str, a: dict[str, Any], f: dict[str, Any]) -> None:
    """Generic reading of a lexicon entry: its attributes say what it contributes."""
    if cls in ("weekday", "weekday_plural", "weekday_short"):
        f["weekday"] = int(a["value"])
    elif cls == "ordinal":
        f["nth"] = int(a["value"])
    elif cls == "month":
        f["month"] = int(a["value"])
    elif "code" in a and "start" in a:
        w = Window(a["code"], a["start"], a["end"], a.get("key", ""))
        f["season" if cls == "season" else "pod"] = w
    if "pm" in a:   # a part of day that makes a clock hour afternoon ("soir"), or a.m./p.m. alone
        f["pm" if a["pm"] else "am"] = True
    if "hour" in a:
        f["hour"] = int(a["hour"])
        if "minute" in a:
            f["minute"] = int(a["minute"])
    elif "minute" in a:
        f["minute"] = int(a["minute"])
    if "day" in a:
        f["day"] = int(a["day"])
    if "month" in a and cls != "month":
        f["month"] = int(a["month"])
    if "easter" in a:
        f["easter"] = int(a["easter"])
    if cls in ("holiday", "holiday_word"):     # computed from resources/holidays.toml when it names a feast
        f["feast"] = a.get("feast", "")
    if "zone" in a:      # "PST": the zone a clock time is stated in
        f["zone"] = a["zone"]
    if "side" in a:      # "later this month": the part of the period after the anchor
        f["side"] = a["side"]
    if "hence" in a:     # "en huit": a week after the coming weekday
        f["hence"] = int(a["hence"])
    if "nth" in a:       # a holiday on the nth weekday of a month ("thanksgiving")
        f["nth"] = int(a["nth"])
        f["weekday"] = int(a["weekday"])
    if "shift" in a:
        n, unit = a["shift"].split()
        f["shift"] = int(n)
        f["unit"] = unit.rstrip("s")
    if "unit" in a:
        f["unit"] = a["unit"]
    if "century" in a:   # "the 20th century" -> 19 (TIMEX3 value "19")
        f["century"] = int(a["century"])
    if "decade" in a:    # "les années soixante" -> 196 (the 1960s)
        f["decade"] = int(a["decade"])
    if "amount" in a:
        f["amount"] = a["amount"]
    if "plus" in a:      # "and a half": added to the count before it
        f["plus"] = float(a["plus"])
    if "anchor" in a:
        f["anchor_kind"] = a["anchor"]
    if "direction" in a:
        f["direction"] = a["direction"]
    if "sign" in a:
        f["sign"] = int(a["sign"])
    if a.get("this"):
        f["this"] = True
        f.setdefault("anchor_kind", "deictic")
    if a.get("same"):
        f["same"] = True
        f["anchor_kind"] = "anaphoric"
    if "mod" in a:
        f["mod"] = a["mod"]
    if isinstance(a.get("set"), str):
        f["set_value"] = a["set"]
    if "ref" in a:
        f["ref"] = a["ref"]
    if a.get("vague"):
        f["approx_amount"] = True
        f["amount"] = f.get("amount", 0)
    if cls == "approx":
        f["mod"] = a.get("mod", "APPROX")
