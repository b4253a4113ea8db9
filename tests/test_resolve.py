"""Calendar arithmetic: year rollover, weekday/date consistency, tense direction, time zones,
night windows across midnight and DST, and parse_when."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from evdb.temporal import parse_when, tag_document

PARIS = ZoneInfo("Europe/Paris")


def one(text, dct, tz="Europe/Paris"):
    found = tag_document(text, "fr", dct, tz)
    assert len(found) == 1, [(t.text, t.value) for t in found]
    return found[0]


def test_year_rollover_forward_december_article_reads_early_january_as_next_year():
    t = one("Le sommet aura lieu le 3 janvier.", datetime(2023, 12, 28, 10, tzinfo=PARIS))
    assert t.value == "2024-01-03"


def test_year_rollover_backward_january_article_reads_late_december_as_last_year():
    t = one("L'attaque a eu lieu le 28 décembre.", datetime(2024, 1, 4, 10, tzinfo=PARIS))
    assert t.value == "2023-12-28"


def test_weekday_agrees_with_the_adjacent_year():
    t = one("vendredi 26 janvier", datetime(2019, 2, 1, 10, tzinfo=PARIS))
    assert (t.value, t.status) == ("2018-01-26", "resolved")
    assert "2018" in t.reason


def test_weekday_mismatch_is_flagged_ambiguous():
    t = one("lundi 26 janvier", datetime(2019, 2, 1, 10, tzinfo=PARIS))
    assert t.status == "ambiguous"
    assert "not a Monday" in t.reason


def test_tense_points_the_direction_of_an_underspecified_date():
    dct = datetime(2024, 1, 24, 9, tzinfo=PARIS)   # July: past tense -> 2023, future -> 2024
    assert one("Il est arrivé le 15 juillet.", dct).value == "2023-07-15"
    assert one("Il arrivera le 15 juillet.", dct).value == "2024-07-15"
    assert one("Le sommet va commencer le 15 juillet.", dct).value == "2024-07-15"


def test_bare_weekday_follows_tense():
    dct = datetime(2024, 1, 24, 9, tzinfo=PARIS)    # Wednesday
    assert one("Il a été arrêté samedi.", dct).value == "2024-01-20"
    assert one("Il sera jugé samedi.", dct).value == "2024-01-27"
    assert one("Mardi dernier, rien.", dct).value == "2024-01-23"
    assert one("Mardi prochain, rien.", dct).value == "2024-01-30"


def test_deictic_words_use_the_local_day_of_the_publication_time():
    dct = datetime(2024, 1, 24, 23, 30, tzinfo=ZoneInfo("UTC"))   # already the 25th in Paris
    assert one("hier", dct, "Europe/Paris").value == "2024-01-24"
    assert one("hier", dct, "UTC").value == "2024-01-23"


def test_intervals_are_in_the_document_zone():
    dct = datetime(2024, 1, 24, 9, tzinfo=PARIS)
    t = one("hier soir", dct, "Europe/Paris")
    assert t.earliest == datetime(2024, 1, 23, 17, tzinfo=PARIS)
    assert t.earliest.utcoffset().total_seconds() == 3600
    u = one("hier soir", dct, "UTC")
    assert u.earliest == datetime(2024, 1, 23, 17, tzinfo=ZoneInfo("UTC"))


def test_night_window_crosses_midnight_and_dst():
    dct = datetime(2024, 4, 2, 9, tzinfo=PARIS)
    t = one("Des tirs ont eu lieu dans la nuit de samedi à dimanche.", dct)
    assert t.value == "2024-03-30TNI"
    assert t.earliest == datetime(2024, 3, 30, 18, tzinfo=PARIS)
    assert t.latest == datetime(2024, 3, 31, 6, tzinfo=PARIS)
    assert t.latest.utcoffset().total_seconds() == 7200   # summer time began that night
    assert t.day_window == "nuit 18:00-06:00"


def test_offsets_point_at_original_characters_after_typographic_apostrophe_and_nbsp():
    text = "L\u2019armée a tiré aujourd\u2019hui à 14\u00a0h\u202f30, puis le 3\u00a0mars."
    found = tag_document(text, "fr", datetime(2024, 1, 24, 9, tzinfo=PARIS), "Europe/Paris")
    surfaces = [(t.text, text[t.char_start:t.char_end]) for t in found]
    assert [a for a, _ in surfaces] == ["aujourd\u2019hui", "14\u00a0h\u202f30", "le 3\u00a0mars"]
    assert all(a == b for a, b in surfaces)
    assert [t.value for t in found] == ["2024-01-24", "2024-01-24T14:30", "2023-03-03"]   # past tense: last March


def test_tag_document_reads_no_clock_and_is_repeatable():
    dct = datetime(2010, 6, 1, 12, tzinfo=PARIS)
    assert one("demain", dct).value == "2010-06-02"
    assert one("demain", dct).value == "2010-06-02"


def test_parse_when_french_english_and_iso():
    ref = datetime(2024, 1, 24, 9, tzinfo=PARIS)
    assert parse_when("la semaine dernière", ref, "Europe/Paris").value == "2024-W03"
    assert parse_when("il y a 7 jours", ref, "Europe/Paris").value == "2024-01-17"
    assert parse_when("2018-01", ref).value == "2018-01"
    assert parse_when("2018-01-26", ref).value == "2018-01-26"
    assert parse_when("2018-01-26T14:30", ref).value == "2018-01-26T14:30"
    assert parse_when("rien du tout", ref) is None


def test_parse_when_iso_instants_with_offsets_and_iso_weeks():
    ref = datetime(2024, 1, 24, 9, tzinfo=PARIS)
    t = parse_when("2018-01-26T13:30:00Z", ref, "Europe/Paris")
    assert (t.value, t.earliest) == ("2018-01-26T14:30:00", datetime(2018, 1, 26, 14, 30, tzinfo=PARIS))
    w = parse_when("2024-W03", ref, "Europe/Paris")
    assert (w.earliest, w.latest) == (datetime(2024, 1, 15, tzinfo=PARIS), datetime(2024, 1, 22, tzinfo=PARIS))
    assert parse_when("2024-W54", ref) is None


def test_dates_outside_the_calendar_are_unresolved_rows_not_errors():
    dct = datetime(2024, 1, 24, 9, tzinfo=PARIS)
    t = one("le 31 février", dct)
    assert (t.value, t.status) == (None, "unresolved") and "no such date" in t.reason
    found = tag_document("Le 3 mars 1999, puis 1999 ans avant.", "fr", dct, "Europe/Paris")
    assert found[-1].status == "unresolved" and "outside the calendar" in found[-1].reason
