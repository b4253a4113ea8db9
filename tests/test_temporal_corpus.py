"""Every group of examples.toml resolves to its expected value; negatives yield nothing;
discourse cases anchor as expected. Ids read like "fr: la veille"."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from evdb.lang.loader import load_examples
from evdb.paths import resources_dir
from evdb.temporal import tag_document

PACKS = sorted(p.name for p in resources_dir().iterdir() if (p / "examples.toml").is_file())


def _local(s: str, tz: str) -> datetime:
    d = datetime.fromisoformat(s)
    return d.replace(tzinfo=ZoneInfo(tz)) if d.tzinfo is None else d


def _cases(section):
    for lang in PACKS:
        ex = load_examples(lang)
        for i, g in enumerate(ex.get(section, [])):
            if section == "discourse":
                yield pytest.param(lang, ex, g, id=f"{lang}: discourse {i + 1}: {g['text'][:40]}")
                continue
            for text in g["texts"]:
                yield pytest.param(lang, ex, g, text, id=f"{lang}: {text}")


def _check(t, expect: dict, tz: str, ctx: str):
    for key in ("value", "mod", "grain", "type", "status"):
        if key in expect:
            assert getattr(t, key) == expect[key], f"{ctx}: {key} {getattr(t, key)!r} != {expect[key]!r}"
    if "start" in expect:
        assert t.earliest == _local(expect["start"], tz), f"{ctx}: earliest {t.earliest}"
    if "end" in expect:
        assert t.latest == _local(expect["end"], tz), f"{ctx}: latest {t.latest}"
    # a range's bound: the whole range it belongs to (both bounds carry it)
    if "range_start" in expect:
        assert t.range_partner is not None, f"{ctx}: not linked to the other bound of a range"
        assert t.range_start == _local(expect["range_start"], tz), f"{ctx}: range_start {t.range_start}"
    if "range_end" in expect:
        assert t.range_end == _local(expect["range_end"], tz), f"{ctx}: range_end {t.range_end}"


@pytest.mark.parametrize("lang,ex,group,text", list(_cases("same")))
def test_same_group_resolves_to_expected_value(lang, ex, group, text):
    tz = group.get("tz", ex["tz"])
    ref = datetime.fromisoformat(group.get("reference", ex["reference"]))
    found = tag_document(text, lang, ref, tz)
    assert found, f"nothing found in {text!r}"
    t = found[0]   # the first expression (for a range, its first bound)
    assert t.text in text
    _check(t, group["expect"], tz, text)


@pytest.mark.parametrize("lang,ex,group,text", list(_cases("negative")))
def test_negative_texts_yield_nothing(lang, ex, group, text):
    found = tag_document(text, lang, datetime.fromisoformat(ex["reference"]), ex["tz"])
    assert found == [], [(t.text, t.value, t.rule) for t in found]


@pytest.mark.parametrize("lang,ex,case", list(_cases("discourse")))
def test_discourse_case_anchors_each_mention(lang, ex, case):
    tz = case.get("tz", ex["tz"])
    found = tag_document(case["text"], lang, datetime.fromisoformat(case.get("reference", ex["reference"])), tz)
    by_surface = {t.text: (i, t) for i, t in enumerate(found)}
    for exp in case["expect"]:
        assert exp["surface"] in by_surface, f"{exp['surface']!r} not found in {[t.text for t in found]}"
        i, t = by_surface[exp["surface"]]
        _check(t, exp, tz, exp["surface"])
        if exp.get("anchor") == "previous":
            # the nearest earlier mention, skipping times anchored to the date right after them
            # ("at 5 a.m. the next day": "the next day" counts from the mention before both)
            earlier = [u for u in found[:i] if int(u.anchor[1:] if u.anchor.startswith("t") else 0) < int(u.tid[1:])]
            assert earlier and t.anchor == earlier[-1].tid, f"{t.text}: anchor {t.anchor}"
            assert t.anchor_kind == "anaphoric"
        elif "anchor" in exp:
            assert t.anchor == exp["anchor"]
        if "partner" in exp:   # the other bound of the range, by its surface
            assert exp["partner"] in by_surface, f"{exp['partner']!r} not found"
            other = by_surface[exp["partner"]][1]
            assert (t.range_partner, other.range_partner) == (other.tid, t.tid), f"{t.text}: partner {t.range_partner}"


def _sample_articles(lang: str) -> dict:
    """The current version of each sample article of ``lang``, by its id (fr-001, ...)."""
    from pathlib import Path

    from evdb.ingest.read import read_documents
    from evdb.paths import sample_data_dir

    root = sample_data_dir()
    out = {}
    for doc in read_documents([root / "news", root / "revisions"]):   # revisions come last
        if getattr(doc, "lang", None) == lang:
            key = doc.source_id or Path(doc.origin.rsplit(":", 1)[0]).stem
            out[key] = doc
    return out


def test_french_sample_articles_dev_split_reproduce_gold_timexes():
    import json

    from evdb.paths import sample_data_dir

    gold = [json.loads(line) for line in (sample_data_dir() / "gold" / "timexes.jsonl").open(encoding="utf-8")]
    gold = [g for g in gold if g["doc"].startswith("fr-") and g["split"] == "dev"]
    docs = _sample_articles("fr")
    assert len(gold) >= 30 and {g["doc"] for g in gold} <= set(docs)
    found = {k: tag_document(d.text, "fr", d.published, d.tz) for k, d in docs.items()}
    misses = []
    def wall(x):   # gold intervals are local wall times of the article's zone
        return x.replace(tzinfo=None).isoformat() if x is not None else None

    for g in gold:
        same = [t for t in found[g["doc"]] if (t.char_start, t.char_end) == (g["char_start"], g["char_end"])]
        got = [(t.value, wall(t.earliest), wall(t.latest)) for t in same]
        if got[:1] != [(g["value"], g["earliest"], g["latest"])]:
            misses.append((g["doc"], g["text"], g["value"], g["earliest"], g["latest"], got))
        elif "range" in g:   # a range's bound: linked, carrying the whole range (inclusive days in gold)
            first, last = g["range"].split("/")
            t = same[0]
            whole = (wall(t.range_start), wall(t.range_end)) if t.range_partner and t.range_start else None
            if whole is None or whole[0][:10] != first or t.range_end.date() - timedelta(days=1) != date.fromisoformat(last):
                misses.append((g["doc"], g["text"], "range", g["range"], whole))
    rate = 1 - len(misses) / len(gold)
    # span, value and interval: measured 35/35 on 2026-11-26; the test split (not used for
    # tuning) is reported apart
    assert rate >= 0.95, misses


def _exhaustive_mentions(text, lang, sentences):
    """Every rule tried at every word start of every sentence: what the scan, the keys, the
    reach and the first-character filters of evdb.temporal.grammar must not lose."""
    from evdb.temporal import grammar

    out = []
    for s in sentences:
        cands = []
        for w in grammar._WORD_START.finditer(text, s.start, s.end):
            for rule in lang.rules:
                m = rule.regex.match(text, w.start(), s.end)
                if m is not None and m.end() > m.start():
                    grammar._candidate(text, lang, s, rule, m, cands)
        out.extend(grammar._expand(grammar._select(cands)))
    return out


@pytest.mark.parametrize("lang", PACKS)
def test_pruned_matching_finds_what_exhaustive_matching_finds(lang):
    from evdb.lang.loader import load
    from evdb.temporal.grammar import find_mentions
    from evdb.text.normalize import normalize
    from evdb.text.segment import sentences

    language = load(lang)
    ex = load_examples(lang)
    texts = [t for g in ex.get("same", []) for t in g["texts"]] + [c["text"] for c in ex.get("discourse", [])]
    texts += [d.text for d in _sample_articles(lang).values()]
    assert len(texts) > 40
    for text in texts:
        norm = normalize(text)
        sents = sentences(norm)
        fast = [(m.start, m.end, m.rule, m.partial) for m in find_mentions(norm, language, sents)]
        slow = [(m.start, m.end, m.rule, m.partial) for m in _exhaustive_mentions(norm, language, sents)]
        assert fast == slow, text[:80]
