"""Anaphora across sentences: anaphoric expressions anchor to the previous resolved mention,
deictic ones to the publication time; fallbacks are explained."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from evdb.temporal import tag_document

PARIS = ZoneInfo("Europe/Paris")
DCT = datetime(2024, 1, 24, 9, tzinfo=PARIS)


def tag(text, dct=DCT):
    return tag_document(text, "fr", dct, "Europe/Paris")


def test_date_then_next_day_then_following_night():
    found = tag("Le 12 janvier, des combats ont éclaté. Le lendemain, l'armée est arrivée. "
                "La nuit suivante, de nouveaux tirs ont été entendus.")
    assert [t.value for t in found] == ["2024-01-12", "2024-01-13", "2024-01-13TNI"]
    assert [t.anchor for t in found] == ["DCT", "t1", "t2"]
    night = found[2]
    assert night.earliest == datetime(2024, 1, 13, 18, tzinfo=PARIS)
    assert night.latest == datetime(2024, 1, 14, 6, tzinfo=PARIS)
    assert night.anchor_kind == "anaphoric"


def test_deictic_words_ignore_earlier_mentions():
    found = tag("Le 12 janvier, des combats ont éclaté. Hier, le calme est revenu.")
    assert found[1].value == "2024-01-23"
    assert (found[1].anchor, found[1].anchor_kind) == ("DCT", "deictic")


def test_anaphora_without_antecedent_falls_back_to_publication_time_with_reason():
    t = tag("La veille, des tirs avaient été entendus.")[0]
    assert t.value == "2024-01-23"
    assert t.anchor == "DCT"
    assert "no earlier mention" in t.reason


def test_anaphora_skips_coarse_mentions():
    found = tag("Le 5 janvier, il est parti. En 2020, il était revenu. Le lendemain, il est reparti.")
    assert found[2].value == "2024-01-06"
    assert found[2].anchor == "t1"


def test_same_evening_and_bare_time_take_the_previous_day():
    found = tag("Samedi 20 janvier, la police est arrivée vers 14 h 30. Le soir même, un couvre-feu a été décrété.")
    assert [t.value for t in found] == ["2024-01-20", "2024-01-20T14:30", "2024-01-20TEV"]
    assert found[1].mod == "APPROX"


def test_offset_later_counts_from_previous_mention():
    found = tag("L'attaque a eu lieu le 3 janvier. Deux jours plus tard, la ville est tombée.")
    assert found[1].value == "2024-01-05"
    assert found[1].anchor == "t1"


def test_dct_string_is_not_emitted_and_negatives_stay_silent():
    assert tag("Quatre de ses lieutenants et sept de ses compagnons ont été tués.") == []
    assert tag("Le bilan s'élève à 2017 morts.") == []


def test_following_night_after_a_night_is_the_next_one():
    found = tag("Des tirs ont eu lieu dans la nuit de samedi à dimanche. La nuit suivante, le calme est revenu.")
    assert [t.value for t in found] == ["2024-01-20TNI", "2024-01-21TNI"]
    assert found[1].earliest == datetime(2024, 1, 21, 18, tzinfo=PARIS)


def test_following_night_after_an_evening_clock_time_starts_after_it():
    found = tag("Le 12 janvier à 20h, les tirs ont commencé. La nuit suivante, l'armée est arrivée.")
    assert [t.value for t in found] == ["2024-01-12", "2024-01-12T20:00", "2024-01-13TNI"]


def test_day_word_counts_from_the_date_joined_by_the_pack_link():
    # fr lexicon [meta] of_date_link: "le lendemain du 13 février" counts from the date after it,
    # not from an earlier mention
    found = tag("Le 2 janvier, rien. Il est arrivé le lendemain du 13 février, puis la veille de Noël.")
    assert [(t.text, t.value, t.anchor) for t in found] == [
        ("Le 2 janvier", "2024-01-02", "DCT"), ("le lendemain", "2023-02-14", "t3"), ("13 février", "2023-02-13", "DCT"),
        ("la veille", "2023-12-24", "t5"), ("Noël", "2023-12-25", "DCT")]
