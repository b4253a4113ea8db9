"""The time evaluation library: gold readers and the matching rules, on small gold files written
here, with a stub tagger so the scoring logic is tested apart from the engine."""
from __future__ import annotations

import json

import pytest

from evdb.evaluation import GoldError, read_timeml_dir, read_tsv, score_documents, score_rows
from evdb.evaluation.values import grain_of, read_duration, read_value

HEADER = ("source\tid\tlang\treference_time\ttext\texpected_kind\texpected_value\texpected_grain\t"
          "expected_timex\texpected_alt\tmod\tdetail\tinput\tspan_start\tspan_end\tflags\n")


def _line(rid, text, kind, value, grain, alt="", detail="", sentence="", span=("", ""), flags="", ref="2024-01-24T09:00:00"):
    return "\t".join(["own", rid, "en", ref, text, kind, value, grain, "", alt, "", detail, sentence,
                      str(span[0]), str(span[1]), flags]) + "\n"


class StubTagger:
    """Answers with fixed TIMEX3s per text: {text: [(start, end, type, value, mod)]}."""

    def __init__(self, answers):
        self.answers = answers
        self.calls = []

    def __call__(self, text, lang, dct):
        self.calls.append((text, lang, dct))
        return [dict(char_start=s, char_end=e, type=t, value=v, mod=m)
                for s, e, t, v, m in self.answers.get(text, [])]


@pytest.fixture()
def gold_tsv(tmp_path):
    sentence = "They met on Friday, January 26 in Paris."
    rows = [
        _line("day-ok", "January 26", "instant", "2024-01-26", "day", detail="Spec:date"),
        _line("grain-too-coarse", "January", "instant", "2024-01-26", "day", detail="Spec:date"),
        _line("finer-is-fine", "at 3 pm", "instant", "2024-01-24T15:00:00", "hour", detail="Spec:time"),
        _line("clock-only", "3:30", "instant", "T15:30:00", "minute", detail="Spec:time"),
        _line("range", "from 3 to 5 March", "interval", "2024-03-03/2024-03-06", "day", detail="Spec:daterange"),
        _line("range-wrong-end", "3-4 March", "interval", "2024-03-03/2024-03-06", "day", detail="Spec:daterange"),
        _line("open-after", "since March 3", "interval", "2024-03-03/..", "day", detail="Spec:daterange"),
        _line("week-as-days", "for a week", "duration", "P7D", "day", detail="Spec:duration"),
        _line("day-vs-hours", "for a day", "duration", "PT24H", "hour", detail="Spec:duration"),
        _line("set", "every Friday", "set", "XXXX-WXX-5", "", detail="Spec:set"),
        _line("alt-only", "Friday", "instant", "2024-01-19", "day", alt="2024-01-26", detail="Spec:date"),
        _line("in-sentence", "Friday, January 26", "instant", "2024-01-26", "day", detail="Spec:date",
              sentence=sentence, span=(12, 30)),
        _line("underspecified", "a Friday", "instant", "XXXX-WXX-5", "day", detail="Spec:date"),
        _line("unsupported", "whenever", "instant", "2024-01-01", "day", detail="Spec:date", flags="unsupported_all"),
        _line("neg-found", "two three", "none", "", ""),
        _line("neg-clean", "1 adult", "none", "", ""),
    ]
    path = tmp_path / "gold.tsv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def _stub_for_tsv():
    return StubTagger({
        "January 26": [(0, 10, "DATE", "2024-01-26", None)],
        "January": [(0, 7, "DATE", "2024-01", None)],
        "at 3 pm": [(0, 7, "TIME", "2024-01-24T15:00", None)],
        "3:30": [(0, 4, "TIME", "2024-01-24T15:30", None)],
        "from 3 to 5 March": [(5, 6, "DATE", "2024-03-03", None), (10, 17, "DATE", "2024-03-05", None)],
        "3-4 March": [(0, 1, "DATE", "2024-03-03", None), (2, 9, "DATE", "2024-03-04", None)],
        "since March 3": [(6, 13, "DATE", "2024-03-03", "AFTER")],
        "for a week": [(4, 10, "DURATION", "P1W", None)],
        "for a day": [(4, 9, "DURATION", "P1D", None)],
        "every Friday": [(0, 12, "SET", "XXXX-WXX-5", None)],
        "Friday": [(0, 6, "DATE", "2024-01-26", None)],
        # the sentence: a wider expression outside the phrase must not count
        "They met on Friday, January 26 in Paris.": [(0, 4, "DATE", "1999", None),
                                                      (12, 30, "DATE", "2024-01-26", None)],
        "two three": [(0, 9, "DATE", "2024-02-03", None)],
    })


def test_tsv_reader_keeps_spans_flags_and_categories(gold_tsv):
    rows = {r.id: r for r in read_tsv(gold_tsv)}
    assert rows["in-sentence"].tagged_text.startswith("They met")
    assert rows["in-sentence"].tagged_text[slice(*rows["in-sentence"].span)] == "Friday, January 26"
    assert rows["unsupported"].flags == {"unsupported_all"}
    assert rows["range"].category == "daterange"
    assert rows["neg-found"].negative and not rows["day-ok"].negative
    assert rows["alt-only"].alternatives == ("2024-01-26",)
    assert rows["day-ok"].where.endswith("gold.tsv:2")


def test_scoring_rules_on_own_gold(gold_tsv):
    rows = [r for r in read_tsv(gold_tsv) if "unsupported_all" not in r.flags]
    report = score_rows(rows, tagger=_stub_for_tsv())
    failed = {f.id for f in report.failures}
    # a month is too coarse for a day; 3-4 March is not [3, 6) March; P1D is not PT24H;
    # the past reading is the expected one, the future one only lenient
    assert failed == {"grain-too-coarse", "range-wrong-end", "day-vs-hours", "alt-only"}
    assert report.counts["ALL"] == [12, 8, 9]
    assert report.counts["kind=duration"] == [2, 1, 1]   # P1W = P7D counts
    assert report.counts["kind=interval"] == [3, 2, 2]
    assert report.counts["cat=daterange"] == [3, 2, 2]
    assert report.unscored == {"instant": 1}             # XXXX-WXX-5 cannot be checked
    assert report.negatives == 2
    assert [f.id for f in report.false_positives] == ["neg-found"]
    data = report.to_dict()
    assert data["subsets"]["ALL"]["accuracy"] == round(8 / 12, 4)
    json.dumps(data)  # serialisable


def test_rows_tag_the_sentence_when_given(gold_tsv):
    stub = _stub_for_tsv()
    rows = [r for r in read_tsv(gold_tsv) if r.id == "in-sentence"]
    report = score_rows(rows, tagger=stub)
    assert stub.calls == [("They met on Friday, January 26 in Paris.", "en", "2024-01-24T09:00:00")]
    assert report.counts["ALL"] == [1, 1, 1]


def test_malformed_tsv_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + _line("x", "today", "moment", "2024-01-24", "day"), encoding="utf-8")
    with pytest.raises(GoldError) as err:
        read_tsv(bad)
    assert str(err.value).startswith(f"{bad}:2:") and "moment" in str(err.value)
    missing = tmp_path / "missing.tsv"
    missing.write_text("id\ttext\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"missing\.tsv:1: missing column"):
        read_tsv(missing)


@pytest.mark.parametrize(("value", "grain", "start", "reading_grain"), [
    ("2024-W04", "", "2024-01-22T00:00:00", "week"),
    ("2024-01-26TNI", "", "2024-01-26T00:00:00", "partofday"),
    ("2013-SP", "", "2013-03-20T00:00:00", "season"),
    ("2024-Q2", "", "2024-04-01T00:00:00", "quarter"),
    ("199", "", "1990-01-01T00:00:00", "decade"),
    ("2024-01-26T14:30", "", "2024-01-26T14:30:00", "minute"),
    ("2024-01-26T14:30", "hour", "2024-01-26T14:30:00", "hour"),
])
def test_values_read_as_start_and_grain(value, grain, start, reading_grain):
    reading = read_value(value, grain)
    assert reading.start.isoformat() == start and reading.grain == reading_grain


def test_durations_and_grains():
    assert read_duration("P1W") == read_duration("P7D")
    assert read_duration("P1Y") == read_duration("P12M")
    assert read_duration("P1DE") == read_duration("P10Y")
    assert read_duration("P1D") != read_duration("PT24H")
    assert read_duration("yesterday") is None
    assert grain_of("T22:00") == "hour" and grain_of("T22:30") == "minute"
    assert grain_of("2024-01-26TEV") == "partofday" and grain_of("PAST_REF") == "ref"


TML = """<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-01-24" functionInDocument="CREATION_TIME">January 24, 2024</TIMEX3></DCT>
<TEXT>
On <TIMEX3 tid="t1" type="DATE" value="2024-01-26">Friday</TIMEX3> it <EVENT eid="e1">rained</EVENT>. \
<TIMEX3 tid="t2" type="DATE" value="2024-01-27">The next day</TIMEX3> it stopped \
for <TIMEX3 tid="t3" type="DURATION" value="P2D">two days</TIMEX3>, \
<TIMEX3 tid="t4" type="DATE" value="2024-01-30">on Tuesday</TIMEX3>, \
<TIMEX3 tid="t5" type="DATE" value="XXXX-XX-XX">some day</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_document_scoring(tmp_path):
    (tmp_path / "doc1.tml").write_text(TML, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a document", encoding="utf-8")
    docs = read_timeml_dir(tmp_path)
    assert [d.id for d in docs] == ["doc1"] and docs[0].dct == "2024-01-24"
    doc = docs[0]
    spans = {g.text: (g.start, g.end) for g in doc.timexes}
    assert doc.text[slice(*spans["The next day"])] == "The next day"

    def at(surface, width=None):
        start = doc.text.index(surface)
        return start, start + (width or len(surface))

    answers = [
        (*at("Friday"), "DATE", "2024-01-26", None),          # strict, right value
        (*at("next day"), "DATE", "2024-01-25", None),        # relaxed only, wrong value
        (*at("two days"), "DURATION", "P48H", None),          # strict, wrong unit (P2D != P48H)
        (*at("on Tuesday"), "DATE", "2024-01-30", None),      # strict, right
        (*at("rained"), "DATE", "2024-01-01", None),          # false positive
        (*at("some day"), "DATE", "2024-01-28", None),        # gold value not checkable
    ]
    report = score_documents(docs, "en", tagger=StubTagger({doc.text: answers}))
    c, m = report.counts, report.measures()
    assert (c["gold"], c["pred"], c["strict_tp"], c["relaxed_tp"]) == (5, 6, 4, 5)
    assert (c["value_scored"], c["value_ok"], c["value_unscorable"]) == (4, 2, 1)
    assert m["strict_p"] == pytest.approx(4 / 6) and m["strict_r"] == pytest.approx(4 / 5)
    assert m["relaxed_p"] == pytest.approx(5 / 6)
    assert m["value_accuracy"] == pytest.approx(0.5)
    value_p, value_r = 2 / 6, 2 / 4
    assert m["value_f1"] == pytest.approx(2 * value_p * value_r / (value_p + value_r))
    assert {(x.kind, x.text) for x in report.misses} == {("VALUE", "The next day"), ("VALUE", "two days")}


def test_empty_folder_is_an_error(tmp_path):
    with pytest.raises(GoldError, match="no .tml files"):
        read_timeml_dir(tmp_path)


def test_row_the_engine_cannot_read_is_named(tmp_path):
    path = tmp_path / "gold.tsv"
    path.write_text(HEADER + _line("x", "today", "instant", "2024-01-24", "day", ref="24/01/2024"), encoding="utf-8")
    with pytest.raises(GoldError) as err:
        score_rows(read_tsv(path))
    assert str(err.value).startswith(f"{path}:2:") and "bad reference time" in str(err.value)
