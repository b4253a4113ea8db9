"""English behaviour that the example corpus (tests/test_temporal_corpus.py) does not show one
phrase at a time: tense direction in a clause, weekday/date agreement, typographic characters and
offsets, time zones, and clock times glued to a.m./p.m."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from evdb.temporal import tag_document

PARIS = ZoneInfo("Europe/Paris")
REF = datetime(2024, 1, 24, 9, 0, tzinfo=PARIS)   # a Wednesday


def _values(text, ref=REF, tz="Europe/Paris"):
    return [(t.text, t.value) for t in tag_document(text, "en", ref, tz)]


@pytest.mark.parametrize(("sentence", "value"), [
    ("The convoy was attacked on Friday.", "2024-01-19"),        # -ed / was: the last Friday
    ("Officials said the talks ended on Friday.", "2024-01-19"),
    ("The talks will resume on Friday.", "2024-01-26"),          # will: the next Friday
    ("The minister is going to visit on Friday.", "2024-01-26"),
    ("The union plans to strike on Monday.", "2024-01-29"),
    ("Police raided the camp on Monday.", "2024-01-22"),
])
def test_tense_of_the_clause_chooses_the_direction(sentence, value):
    assert [v for _, v in _values(sentence)] == [value]


def test_date_without_year_follows_tense_across_new_year():
    early_january = datetime(2024, 1, 3, 9, tzinfo=PARIS)
    assert _values("The fire broke out on December 28.", early_january) == [("December 28", "2023-12-28")]
    assert _values("The vote will take place on December 28.", early_january) == [("December 28", "2024-12-28")]


def test_weekday_must_agree_with_the_date():
    feb_2019 = datetime(2019, 2, 10, 9, tzinfo=PARIS)
    (t,) = tag_document("Friday, January 26", "en", feb_2019, "Europe/Paris")
    assert (t.value, t.status) == ("2018-01-26", "resolved")   # 26 January 2019 is a Saturday
    (t,) = tag_document("Tuesday, January 26", "en", feb_2019, "Europe/Paris")
    assert t.status == "ambiguous" and "not a Tuesday" in t.reason


def test_offsets_survive_typographic_apostrophes_and_nonbreaking_spaces():
    text = "The minister\u2019s office said on\u00a0Friday,\u00a0January\u00a026 that it\u2019s over\u202fnow."
    found = tag_document(text, "en", REF, "Europe/Paris")
    assert [(t.text, t.value) for t in found] == [("Friday,\u00a0January\u00a026", "2024-01-26"), ("now", "PRESENT_REF")]
    for t in found:
        assert text[t.char_start:t.char_end] == t.text


def test_intervals_are_in_the_document_zone():
    (t,) = tag_document("tonight", "en", datetime(2024, 1, 24, 9, tzinfo=ZoneInfo("UTC")), "America/New_York")
    assert t.value == "2024-01-24TNI"
    assert t.earliest == datetime(2024, 1, 24, 18, tzinfo=ZoneInfo("America/New_York"))
    (t,) = tag_document("tonight", "en", datetime(2024, 1, 24, 3, tzinfo=ZoneInfo("UTC")), "America/New_York")
    assert t.value == "2024-01-23TNI"  # 03:00 UTC is still the 23rd in New York


@pytest.mark.parametrize(("text", "value"), [
    ("3pm", "2024-01-24T15:00"), ("10.30am", "2024-01-24T10:30"), ("12 a.m.", "2024-01-24T00:00"),
    ("at 7:45 p.m.", "2024-01-24T19:45"),
])
def test_clock_times_with_meridiem(text, value):
    assert [v for _, v in _values(text)] == [value]


def test_numbers_next_to_counting_nouns_are_not_years():
    assert _values("Officials counted 2017 deaths and 2012 wounded in 2016.") == [("2016", "2016")]


# ----------------------------------------------------------------------------- prefer setting
def _prefer(text, prefer, ref=REF):
    return [t.value for t in tag_document(text, "en", ref, "Europe/Paris", prefer=prefer)]


@pytest.mark.parametrize(("prefer", "value"), [
    ("nearest", "2024-01-26"),   # Wednesday: Friday +2 days is nearer than Friday -5
    ("past", "2024-01-19"),
    ("future", "2024-01-26"),
])
def test_bare_weekday_follows_the_preference(prefer, value):
    assert _prefer("Friday", prefer) == [value]


@pytest.mark.parametrize(("prefer", "value"), [
    ("nearest", "2024-01-22"),   # Monday: two days back is nearer than five ahead
    ("past", "2024-01-22"),
    ("future", "2024-01-29"),
])
def test_weekday_behind_the_reference_follows_the_preference(prefer, value):
    assert _prefer("Monday", prefer) == [value]


@pytest.mark.parametrize("prefer", ["nearest", "past", "future"])
def test_tense_cue_wins_over_the_preference(prefer):
    assert _prefer("The convoy was attacked on Monday.", prefer) == ["2024-01-22"]
    assert _prefer("The talks will resume on Monday.", prefer) == ["2024-01-29"]


def test_future_preference_moves_dates_and_clock_times_forward():
    assert _prefer("March 3", "past") == ["2023-03-03"]
    assert _prefer("March 3", "future") == ["2024-03-03"]
    assert _prefer("at 7am", "future") == ["2024-01-25T07:00"]      # 07:00 has passed at 09:00
    assert _prefer("at 7am", "nearest") == ["2024-01-24T07:00"]


def test_unknown_preference_is_a_clear_error():
    from evdb.errors import EvdbError
    with pytest.raises(EvdbError, match="unknown preference"):
        tag_document("Friday", "en", REF, "Europe/Paris", prefer="soon")


def test_tag_cli_reads_prefer_option_and_environment():
    from click.testing import CliRunner

    from evdb.cli import cli
    args = ["tag", "Monday", "--lang", "en", "--dct", "2024-01-24T09:00", "--json"]
    runner = CliRunner()
    default = runner.invoke(cli, args)
    option = runner.invoke(cli, [*args, "--prefer", "future"])
    env = runner.invoke(cli, args, env={"EVDB_PREFER": "future"})
    assert [r.exit_code for r in (default, option, env)] == [0, 0, 0]
    assert '"2024-01-22"' in default.output
    assert '"2024-01-29"' in option.output and '"2024-01-29"' in env.output


def test_count_before_a_date_is_one_expression_counted_from_it():
    found = tag_document("The strike ended two days after Christmas, and talks will resume 3 weeks from Monday.",
                         "en", REF, "Europe/Paris")
    assert [(t.text, t.value, t.rule) for t in found] == [
        ("two days after Christmas", "2023-12-27", "en.duration+en.holiday"),
        ("3 weeks from Monday", "2024-02-19", "en.duration+en.weekday_part_of_day"),
    ]
    # no link word: a duration and a date stay two expressions
    assert [t.value for t in tag_document("It lasted two days, on Monday.", "en", REF, "Europe/Paris")] == \
        ["P2D", "2024-01-22"]
