"""Calendar arithmetic of evdb.temporal.holidays and the holiday table.

The expected dates were checked independently of this code: Hebrew and tabular Islamic dates
against the `convertdate` package, Islamic months by the new moon against the Umm al-Qura
tables of the `holidays` package, Orthodox Easter against `dateutil.easter` (EASTER_ORTHODOX),
Chinese New Year against the tables of the `holidays` package (all in a scratch environment,
1900-2100), and the well-known ones by hand (Yom Kippur War: 6 October 1973).
"""
from __future__ import annotations

import tomllib
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from evdb.paths import resources_dir
from evdb.temporal import holidays as H
from evdb.temporal import tag_document


@pytest.mark.parametrize("hy,m,d,expected", [
    (5779, 7, 1, date(2018, 9, 10)),     # Rosh Hashanah 5779
    (5779, 7, 10, date(2018, 9, 19)),    # Yom Kippur 5779
    (5734, 7, 10, date(1973, 10, 6)),    # Yom Kippur 5734 (the war)
    (5779, 9, 25, date(2018, 12, 3)),    # Hanukkah 5779
    (5778, 1, 15, date(2018, 3, 31)),    # Passover 5778
    (5778, 3, 6, date(2018, 5, 20)),     # Shavuot 5778
    (5779, 13, 14, date(2019, 3, 21)),   # Purim in Adar II of a leap year
    (5773, 12, 14, date(2013, 2, 24)),   # Purim in Adar of a common year
    (5760, 7, 1, date(1999, 9, 11)),     # Rosh Hashanah 5760
    (5796, 7, 1, date(2035, 10, 4)),     # Rosh Hashanah 5796
    (5791, 1, 15, date(2031, 4, 8)),     # Passover 5791
])
def test_hebrew_dates(hy, m, d, expected):
    assert H.hebrew_to_gregorian(hy, m, d) == expected


def test_adar_ii_only_in_a_leap_year():
    with pytest.raises(ValueError):
        H.hebrew_to_gregorian(5756, 13, 14)


def test_hebrew_year_lengths_are_the_six_allowed():
    lengths = {(H.hebrew_new_year(y + 1) - H.hebrew_new_year(y)).days for y in range(5600, 5900)}
    assert lengths == {353, 354, 355, 383, 384, 385}
    # Rosh Hashanah never falls on Sunday, Wednesday or Friday (lo ADU rosh)
    assert not {H.hebrew_new_year(y).isoweekday() for y in range(5600, 5900)} & {7, 3, 5}


@pytest.mark.parametrize("ay,m,d,expected", [
    (1439, 9, 1, date(2018, 5, 16)),     # Ramadan 1439
    (1439, 10, 1, date(2018, 6, 15)),    # Eid al-Fitr 1439
    (1410, 12, 10, date(1990, 7, 4)),    # Eid al-Adha 1410
    (1457, 9, 1, date(2035, 11, 2)),     # Ramadan 1457
])
def test_tabular_islamic_dates(ay, m, d, expected):
    assert H.islamic_to_gregorian(ay, m, d) == expected


@pytest.mark.parametrize("ay,m,expected", [
    (1439, 9, date(2018, 5, 16)),    # Ramadan 1439
    (1445, 9, date(2024, 3, 11)),    # Ramadan 1445
    (1420, 9, date(1999, 12, 9)),    # Ramadan 1420
    (1415, 10, date(1995, 3, 2)),    # Shawwal 1415: Eid al-Fitr
    (1439, 12, date(2018, 8, 12)),   # Dhu al-Hijjah 1439: Eid al-Adha on the 10th, 21 August
    (1457, 9, date(2035, 11, 1)),    # Ramadan 1457
])
def test_islamic_month_starts_from_the_new_moon(ay, m, expected):
    assert H.islamic_month_start(ay, m) == expected


def test_islamic_months_last_29_or_30_days():
    assert {H.islamic_month_days(y, m) for y in range(1400, 1500) for m in range(1, 13)} == {29, 30}


@pytest.mark.parametrize("year,expected", [
    (1985, date(1985, 2, 20)),   # the solstice and a new moon on the same Beijing day
    (1998, date(1998, 1, 28)), (2013, date(2013, 2, 10)), (2014, date(2014, 1, 31)),
    (2018, date(2018, 2, 16)), (2024, date(2024, 2, 10)), (2031, date(2031, 1, 23)),
    (2033, date(2033, 1, 31)),
])
def test_chinese_new_year(year, expected):
    assert H.chinese_new_year(year) == expected


@pytest.mark.parametrize("year,expected", [
    (1999, date(1999, 4, 11)), (2018, date(2018, 4, 8)), (2020, date(2020, 4, 19)),
    (2024, date(2024, 5, 5)), (2032, date(2032, 5, 2)),
])
def test_orthodox_easter(year, expected):
    assert H.orthodox_easter(year) == expected


@pytest.mark.parametrize("feast,year,expected", [
    ("diwali", 2019, date(2019, 10, 27)), ("diwali", 2023, date(2023, 11, 12)),
    ("holi", 2019, date(2019, 3, 21)), ("holi", 2024, date(2024, 3, 25)),
    ("dhanteras", 2023, date(2023, 11, 10)),
])
def test_indian_festivals_from_the_official_calendar(feast, year, expected):
    assert [o.start for o in H.occurrences(feast, year)] == [expected]


def test_indian_festivals_cover_the_stated_years_only():
    for name, d in H.definitions().items():
        if d.get("calendar") == "india":
            lo, hi = d.get("years", H._load()["calendar"]["india"]["years"])
            assert H.occurrences(name, lo) and H.occurrences(name, hi), name
            assert isinstance(H.occurrences(name, lo - 1), str) and isinstance(H.occurrences(name, hi + 1), str)
    assert "2001-2035" in H.occurrences("holi", 1999)


def test_occurrences_apply_weekday_moves_and_lengths():
    assert H.occurrences("tisha_bav", 2018)[0].start == date(2018, 7, 22)     # 9 Av on a Sabbath
    assert H.occurrences("yom_haatzmaut", 2018)[0].start == date(2018, 4, 19)  # 5 Iyar on a Friday
    assert H.occurrences("bosses_day", 2016)[0].start == date(2016, 10, 17)    # 16 Oct on a Sunday
    hanukkah = H.occurrences("hanukkah", 2018)[0]
    assert (hanukkah.start, hanukkah.days) == (date(2018, 12, 3), 8)
    ramadan = H.occurrences("ramadan", 2018)[0]
    assert (ramadan.start, ramadan.days) == (date(2018, 5, 16), 30)     # Eid al-Fitr on 15 June
    assert [o.start for o in H.occurrences("ramadan", 2030)] == [date(2030, 1, 5), date(2030, 12, 26)]
    assert H.occurrences("black_friday", 2017)[0].start == date(2017, 11, 24)
    assert H.occurrences("jumuatul_wida", 2018)[0].start == date(2018, 6, 8)


def test_out_of_range_gives_a_reason_not_an_error():
    assert "1901-2033" in H.occurrences("chinese_new_year", 2040)
    assert "2014" in H.occurrences("kings_day_nl", 2010)
    assert "no holiday" in H.occurrences("no_such_feast", 2010)
    t = tag_document("Chinese New Year 2040", "en", datetime(2024, 1, 24, 9, tzinfo=ZoneInfo("Europe/Paris")),
                     "Europe/Paris")
    assert [(x.status, x.value) for x in t] == [("unresolved", None)]
    assert "1901-2033" in t[0].reason


def test_every_feast_named_by_a_pack_is_defined():
    table = H.definitions()
    for lang in ("en", "fr"):
        for path in sorted((resources_dir() / lang).glob("lexicon*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            for cls in ("holiday", "holiday_word"):
                for name, entry in data.get(cls, {}).items():
                    if isinstance(entry, dict) and "feast" in entry:
                        assert entry["feast"] in table, f"{path.name} [{cls}] {name}: feast {entry['feast']!r}"


def test_every_feast_of_the_table_resolves_for_a_recent_year():
    for name in H.definitions():
        got = H.occurrences(name, 2019)
        assert not isinstance(got, str) and got, f"{name}: {got}"


def test_a_mistake_in_the_table_names_the_entry(monkeypatch, tmp_path):
    (tmp_path / "holidays.toml").write_text('[feast.x]\ncalendar = "mayan"\n', encoding="utf-8")
    monkeypatch.setattr(H, "resources_dir", lambda: tmp_path)
    H.definitions.cache_clear()
    H._load.cache_clear()
    try:
        with pytest.raises(Exception, match=r"\[feast.x\].*mayan"):
            H.definitions()
    finally:
        H.definitions.cache_clear()
        H._load.cache_clear()
