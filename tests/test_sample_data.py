"""The bundled sample corpus and its gold annotations are well formed and self-consistent.

These tests read ``sample_data/`` only; they check the data the other stages are evaluated on,
so an offset that drifts after an edit of an article, a weekday that does not match its date or a
gold row pointing at a missing article fails here first.
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from evdb.paths import sample_data_dir

DATA = sample_data_dir()
ARTICLE_KEYS = {"id", "url", "title", "published", "tz", "source", "lang", "text"}
FRONT_MATTER_KEYS = {"title", "published", "source", "url", "lang", "tz"}
TIMEX_KEYS = {"doc", "text", "occurrence", "char_start", "char_end", "type", "value", "earliest",
              "latest", "grain", "anchor", "split"}
EVENT_KEYS = {"doc", "split", "event_type", "sub_event_type", "trigger", "trigger_start", "trigger_end",
              "sentence_start", "date",
              "actor1", "actor2", "location", "country", "fatalities", "polarity", "modality"}
EVENT_TYPES = {"battle", "explosion_remote_violence", "violence_against_civilians", "protest", "riot",
               "strategic_development"}
SUB_EVENT_TYPES = {
    "battle": {"armed_clash", "government_regains_territory", "non_state_actor_overtakes_territory"},
    "explosion_remote_violence": {"air_drone_strike", "shelling_artillery_missile", "remote_explosive_ied",
                                  "suicide_bomb"},
    "violence_against_civilians": {"attack", "abduction"},
    "protest": {"peaceful_protest", "protest_with_intervention"},
    "riot": {"violent_demonstration"},
    "strategic_development": {"agreement", "arrests", "change_to_group_activity",
                              "headquarters_or_base_established", "non_violent_transfer_of_territory",
                              "looting_property_destruction", "other"},
}
# Weekday names as they appear in the sample texts, for the weekday/date consistency check.
WEEKDAYS = {"lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4, "vendredi": 5, "samedi": 6, "dimanche": 7,
            "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
            "sunday": 7}
PART_OF_DAY = {"NI": ("18:00", 1, "06:00"), "EV": ("17:00", 0, "23:00"), "MO": ("06:00", 0, "12:00"),
               "AF": ("12:00", 0, "18:00")}


def _jsonl(path: Path) -> list[tuple[int, dict]]:
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{path}:{lineno}: blank line"
        try:
            rows.append((lineno, json.loads(line)))
        except json.JSONDecodeError as exc:  # pragma: no cover - the message is the point
            pytest.fail(f"{path}:{lineno}: invalid JSON: {exc}")
    return rows


def _front_matter(path: Path) -> dict:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "---", f"{path}:1: front matter must open with ---"
    end = lines.index("---", 1)
    meta = {}
    for lineno, line in enumerate(lines[1:end], 2):
        key, sep, value = line.partition(": ")
        assert sep, f"{path}:{lineno}: expected 'key: value'"
        meta[key] = value
    meta["text"] = "\n".join(lines[end + 1:]).rstrip("\n")
    meta["id"] = path.stem
    return meta


def _news() -> list[dict]:
    arts = []
    for path in sorted((DATA / "news").iterdir()):
        if path.suffix == ".jsonl":
            arts += [row for _, row in _jsonl(path)]
        elif path.suffix in (".md", ".txt"):
            arts.append(_front_matter(path))
    return arts


def _revisions() -> list[dict]:
    return [row for path in sorted((DATA / "revisions").glob("*.jsonl")) for _, row in _jsonl(path)]


def _dev_extra() -> list[dict]:
    """Extra dev articles for event extraction (``dev_extra/``): gold, not part of the demo."""
    return [row for path in sorted((DATA / "dev_extra").glob("*.jsonl")) for _, row in _jsonl(path)]


def _current() -> dict[str, dict]:
    """Gold describes the current version of each article: revisions replace earlier versions."""
    docs = {a["id"]: a for a in _news() + _dev_extra()}
    docs.update({a["id"]: a for a in _revisions()})
    return docs


def _gold(name: str) -> list[dict]:
    return [row for _, row in _jsonl(DATA / "gold" / name)]


def _splits() -> dict[str, str]:
    return json.loads((DATA / "gold" / "splits.json").read_text(encoding="utf-8"))


def test_article_records_have_required_keys_and_parse():
    for path in (sorted((DATA / "news").glob("*.jsonl")) + sorted((DATA / "revisions").glob("*.jsonl"))
                 + sorted((DATA / "dev_extra").glob("*.jsonl"))):
        for lineno, row in _jsonl(path):
            missing = ARTICLE_KEYS - row.keys()
            assert not missing, f"{path}:{lineno}: missing {sorted(missing)}"
            assert row["lang"] in ("fr", "en"), f"{path}:{lineno}"
            assert datetime.fromisoformat(row["published"]).tzinfo is not None, f"{path}:{lineno}"
            assert row["text"].strip(), f"{path}:{lineno}: empty text"


def test_front_matter_articles_parse():
    paths = [p for p in (DATA / "news").iterdir() if p.suffix in (".md", ".txt")]
    assert {p.suffix for p in paths} == {".md", ".txt"}
    for path in paths:
        meta = _front_matter(path)
        assert FRONT_MATTER_KEYS <= meta.keys(), path
        assert meta["url"].endswith("/" + path.stem), path
        assert datetime.fromisoformat(meta["published"]).tzinfo is not None, path
        assert meta["text"] and not meta["text"].startswith("\n"), path


def test_published_offset_matches_the_declared_time_zone():
    from zoneinfo import ZoneInfo

    for art in _news() + _revisions() + _dev_extra():
        published = datetime.fromisoformat(art["published"])
        local = published.replace(tzinfo=None).replace(tzinfo=ZoneInfo(art["tz"]))
        assert local.utcoffset() == published.utcoffset(), art["id"]


def test_corpus_size_and_languages():
    arts = _news()
    ids = [a["id"] for a in arts]
    assert len(ids) == len(set(ids)), "article ids must be unique"
    assert len(arts) >= 12
    langs = {a["lang"] for a in arts}
    assert langs == {"fr", "en"}
    assert all(a["id"].startswith(a["lang"] + "-") for a in arts)


def test_revised_article_has_two_versions_with_same_identity_and_new_text():
    news = {a["id"]: a for a in _news()}
    revs = _revisions()
    assert revs, "at least one revised article"
    for v2 in revs:
        v1 = news[v2["id"]]
        assert (v1["source"], v1["url"]) == (v2["source"], v2["url"])
        assert v1["text"] != v2["text"]


def test_splits_cover_every_article_with_both_languages_in_each_split():
    splits = _splits()
    docs = _current()
    assert set(splits) == set(docs)
    assert set(splits.values()) == {"dev", "test"}
    for split in ("dev", "test"):
        assert {docs[d]["lang"] for d, s in splits.items() if s == split} == {"fr", "en"}
    share = sum(s == "test" for s in splits.values()) / len(splits)
    assert 0.25 <= share <= 0.4


@pytest.mark.parametrize("name", ["timexes.jsonl", "events.jsonl"])
def test_gold_rows_point_at_existing_documents_and_repeat_the_split(name):
    docs, splits = _current(), _splits()
    keys = TIMEX_KEYS if name == "timexes.jsonl" else EVENT_KEYS
    for row in _gold(name):
        assert keys <= row.keys(), (name, row)
        assert row["doc"] in docs, (name, row["doc"])
        assert row["split"] == splits[row["doc"]], (name, row)


def test_gold_timexes_slice_the_text_exactly():
    docs = _current()
    for row in _gold("timexes.jsonl"):
        text = docs[row["doc"]]["text"]
        assert text[row["char_start"]:row["char_end"]] == row["text"], row
        nth = -1
        for _ in range(row["occurrence"]):
            nth = text.find(row["text"], nth + 1)
        assert nth == row["char_start"], f"{row['doc']}: occurrence {row['occurrence']} of {row['text']!r}"


def test_gold_timex_intervals_agree_with_values():
    for row in _gold("timexes.jsonl"):
        value, lo, hi = row["value"], row["earliest"], row["latest"]
        assert row["type"] in ("DATE", "TIME", "DURATION", "SET"), row
        if row["type"] in ("DURATION", "SET"):
            assert lo is None and hi is None, row
            continue
        if hi is not None and lo is not None:
            assert datetime.fromisoformat(lo) < datetime.fromisoformat(hi), row
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            d = date.fromisoformat(value)
            assert lo[:10] == value and (hi is None or hi[:10] <= (d + timedelta(days=1)).isoformat()), row
        elif m := re.fullmatch(r"(\d{4}-\d\d-\d\d)T(NI|EV|MO|AF)", value):
            d = date.fromisoformat(m[1])
            start, plus, end = PART_OF_DAY[m[2]]
            assert lo == f"{d.isoformat()}T{start}:00", row
            assert hi == f"{(d + timedelta(days=plus)).isoformat()}T{end}:00", row
        elif m := re.fullmatch(r"(\d{4})-W(\d\d)", value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            assert (lo, hi) == (f"{monday}T00:00:00", f"{monday + timedelta(days=7)}T00:00:00"), row
        elif m := re.fullmatch(r"(\d{4}-\d\d-\d\d)/(\d{4}-\d\d-\d\d)", value):
            assert lo == f"{m[1]}T00:00:00", row
            assert hi == f"{date.fromisoformat(m[2]) + timedelta(days=1)}T00:00:00", row
        elif re.fullmatch(r"\d{4}(-\d\d)?", value):
            assert lo.startswith(value), row
        elif re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", value):
            assert lo.startswith(value), row
        else:
            assert value in ("PAST_REF", "PRESENT_REF", "FUTURE_REF"), row


def test_weekday_names_match_their_resolved_dates():
    checked = 0
    for row in _gold("timexes.jsonl"):
        words = re.findall(r"[a-zé]+", row["text"].lower())
        named = [WEEKDAYS[w] for w in words if w in WEEKDAYS]
        if not named or row["type"] == "SET":
            continue
        day = date.fromisoformat(row["value"][:10])
        # "la nuit de samedi à dimanche" names the night's first day first
        assert day.isoweekday() == named[0], row
        checked += 1
    assert checked >= 15


def test_gold_events_are_well_formed():
    docs = _current()
    for row in _gold("events.jsonl"):
        text = docs[row["doc"]]["text"]
        assert row["event_type"] in EVENT_TYPES, row
        assert row["sub_event_type"] in SUB_EVENT_TYPES[row["event_type"]], row
        assert row["polarity"] in ("positive", "negative") and row["modality"] in ("asserted", "hypothetical")
        start, trig = row["sentence_start"], row["trigger_start"]
        assert text[trig:row["trigger_end"]] == row["trigger"], row
        assert start == 0 or re.search(r"([.!?»]\s+|\n\n)$", text[:start]), row
        assert start <= trig and not re.search(r"[.!?]\s+[A-ZÀ-Ý«]|\n\n", text[start:trig]), row
        assert row["fatalities"] is None or row["fatalities"] >= 0, row
        assert re.fullmatch(r"\d{4}(-\d\d(-\d\d)?|-W\d\d)?(/\d{4}-\d\d-\d\d)?|PAST_REF", row["date"]), row


def test_asserted_events_never_land_after_publication():
    docs = _current()
    for row in _gold("events.jsonl"):
        if row["modality"] != "asserted" or not re.match(r"\d{4}-\d\d-\d\d", row["date"]):
            continue
        published = datetime.fromisoformat(docs[row["doc"]]["published"]).date()
        assert date.fromisoformat(row["date"][:10]) <= published, row


# Day shifts of deictic words (from the publication day) and of anaphoric ones (from their anchor).
DEICTIC_SHIFT = {"hier": -1, "yesterday": -1, "avant-hier": -2, "aujourd’hui": 0, "demain": 1,
                 "tomorrow": 1, "il y a trois jours": -3, "three days ago": -3}
ANAPHORIC_SHIFT = {"le lendemain": 1, "the next day": 1, "la veille": -1, "deux jours plus tard": 2,
                   "two days later": 2}
FOLLOWING_NIGHT = {"la nuit suivante", "the following night"}


def test_relative_expressions_resolve_from_their_anchor():
    docs = _current()
    by_doc: dict[str, list[dict]] = {}
    for row in _gold("timexes.jsonl"):
        by_doc.setdefault(row["doc"], []).append(row)
    checked = 0
    for doc, rows in by_doc.items():
        dct = datetime.fromisoformat(docs[doc]["published"]).date()
        for row in rows:
            key = row["text"].lower()
            if key in DEICTIC_SHIFT:
                assert row["anchor"] == "DCT", row
                assert row["value"] == (dct + timedelta(days=DEICTIC_SHIFT[key])).isoformat(), row
                checked += 1
                continue
            if row["anchor"] in (None, "DCT"):
                continue
            earlier = [r for r in rows if r["text"] == row["anchor"] and r["char_start"] < row["char_start"]]
            assert earlier, f"{doc}: anchor {row['anchor']!r} of {row['text']!r} is not an earlier gold timex"
            anchor_day = date.fromisoformat(earlier[-1]["value"][:10])
            if key in ANAPHORIC_SHIFT:
                assert row["value"] == (anchor_day + timedelta(days=ANAPHORIC_SHIFT[key])).isoformat(), row
                checked += 1
            elif key in FOLLOWING_NIGHT:
                assert row["value"] == f"{anchor_day.isoformat()}TNI", row
                checked += 1
    assert checked >= 20


def test_one_gold_event_per_type_day_actor_place_and_polarity():
    """ACLED's rule; sub-types count apart (a truce and the withdrawal it brings are two events)."""
    seen = set()
    for row in _gold("events.jsonl"):
        key = (row["doc"], row["event_type"], row["sub_event_type"], row["date"], row["actor1"], row["location"],
               row["polarity"], row["modality"])
        assert key not in seen, row
        seen.add(key)
