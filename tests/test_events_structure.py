"""Sentence structure around a trigger, in both languages: coordinated subjects, appositions and
relative clauses, "the two sides", passive agents that are weapons, nationality adjectives,
genitive agents of definite nouns, expected events, "nobody died" statements and clause breaks.
Every rule's cue list lives in ``evdb/resources/<lang>/events.toml``; these are its examples."""
from __future__ import annotations

import pytest

from evdb.events import extract_events
from evdb.model import Document
from evdb.text.normalize import normalize
from evdb.text.segment import sentences
from datetime import datetime
from zoneinfo import ZoneInfo

DCT = datetime(2024, 1, 24, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


def run(text: str, lang: str) -> list:
    text = normalize(text)
    return extract_events(Document("d1", "k1", text, lang, DCT, "Europe/Paris"), text, tuple(sentences(text)), ())


def actors(event) -> tuple[str | None, str | None]:
    names = {a.role: a.name for a in event.actors}
    return names.get("actor1"), names.get("actor2")


@pytest.mark.parametrize("lang,text,want", [
    ("fr", "L’armée irakienne et les peshmergas ont repris le village aux jihadistes de l’EI.",
     ("Military Forces of Iraq", "Islamic State")),
    ("en", "Iraqi army units and PMF fighters retook the town from Islamic State militants.",
     ("Military Forces of Iraq", "Islamic State")),
    ("en", "Malian army units and French troops of Operation Barkhane killed 20 jihadists near Menaka.",
     ("Military Forces of Mali", None)),
])
def test_a_coordinated_subject_acts_through_its_first_conjunct(lang, text, want):
    assert actors(run(text, lang)[0]) == want


@pytest.mark.parametrize("lang,text,want", [
    ("fr", "Hayat Tahrir al-Sham, une alliance dominée par l’ex-branche syrienne d’Al-Qaïda, a attaqué une "
           "position de l’armée syrienne près d’Atareb.", "Hayat Tahrir al-Sham"),
    ("en", "The Islamic State in the Greater Sahara, which is backed by Islamic State, ambushed a patrol near Menaka.",
     "Islamic State in the Greater Sahara"),
    ("fr", "Les FDS, soutenues par la coalition internationale, ont repris le village.", "Syrian Democratic Forces"),
])
def test_an_apposition_before_the_verb_is_not_its_subject(lang, text, want):
    assert actors(run(text, lang)[0])[0] == want


@pytest.mark.parametrize("lang,text", [
    ("fr", "Des combattants de l’EI ont attaqué des positions des FDS près de Hajin. "
           "Les deux camps se sont affrontés de nouveau près du village."),
    ("en", "Islamic State fighters attacked SDF positions near Hajin. The two sides clashed again near the village."),
])
def test_the_two_sides_are_the_sides_of_the_last_fight(lang, text):
    first, second = run(text, lang)[:2]
    assert actors(first) == ("Islamic State", "Syrian Democratic Forces")
    assert actors(second) == actors(first)


@pytest.mark.parametrize("lang,text", [
    ("fr", "Deux soldats maliens ont été tués par un engin explosif près de Gao."),
    ("en", "Two Malian soldiers were killed by a roadside bomb near Gao."),
])
def test_a_weapon_after_the_agent_word_leaves_the_subject_as_victim(lang, text):
    e = run(text, lang)[0]
    assert e.event_type == "explosion_remote_violence"
    assert actors(e) == ("Unidentified armed group", "Military Forces of Mali")
    assert e.fatalities_best == 2


@pytest.mark.parametrize("lang,text,want", [
    ("fr", "Des frappes aériennes russes ont tué huit civils à Idleb.", "Military Forces of Russia"),
    ("en", "Turkish shelling killed four civilians near Afrin.", "Military Forces of Turkey"),
    ("en", "A Russian air strike killed eight civilians in Idlib.", "Military Forces of Russia"),
])
def test_a_nationality_adjective_names_who_acted(lang, text, want):
    assert actors(run(text, lang)[0])[0] == want


@pytest.mark.parametrize("lang,text,want", [
    ("fr", "Des rebelles ont attaqué une position de l’armée près d’Alep. "
           "Les frappes de la coalition ont tué douze jihadistes à Mossoul.",
     "International Coalition against Islamic State"),
])
def test_a_definite_noun_with_its_own_agent_is_a_new_event(lang, text, want):
    events = run(text, lang)
    assert [e.event_type for e in events] == ["battle", "explosion_remote_violence"]
    assert actors(events[1])[0] == want and events[1].fatalities_best == 12


@pytest.mark.parametrize("lang,text", [
    ("fr", "Une nouvelle offensive de l’armée syrienne vers Idleb est attendue, selon un commandant."),
    ("en", "A new offensive by the Syrian army on Idlib is expected, a commander said."),
    ("en", "An Iraqi commander said Hashd al-Shaabi fighters may launch an offensive on Hawija."),
])
def test_an_expected_offensive_is_hypothetical(lang, text):
    e = run(text, lang)[0]
    assert (e.event_type, e.modality) == ("battle", "hypothetical")


@pytest.mark.parametrize("lang,text", [
    ("fr", "Aucun civil n’a été tué lors de ces opérations, a assuré un porte-parole."),
    ("en", "The army said no soldiers were killed in the operation."),
])
def test_nobody_died_is_not_an_event(lang, text):
    assert run(text, lang) == []


def test_nobody_died_in_a_strike_leaves_the_strike_only():
    events = run("No civilians were killed in the strike, the coalition said.", "en")
    assert [(e.trigger, e.polarity) for e in events] == [("strike", "positive")]


def test_a_named_person_not_killed_is_still_a_negated_event():
    e = run("Abou Hamza al-Chami n’a pas été tué dans l’embuscade.", "fr")
    assert e and all(x.polarity == "negative" for x in e if "tué" in x.trigger)


@pytest.mark.parametrize("lang,text", [
    ("fr", "Des frappes russes ont tué huit civils à Maaret al-Numan, tandis que les forces du régime ont "
           "bombardé Saraqeb."),
    ("en", "Russian air strikes killed eight civilians in Maarat al-Numan, while regime forces shelled Saraqib."),
])
def test_a_clause_break_keeps_two_strikes_apart_with_their_own_tolls(lang, text):
    events = run(text, lang)
    assert len(events) == 2 and {e.event_type for e in events} == {"explosion_remote_violence"}
    assert [e.fatalities_best for e in events] == [8, None]
    assert [actors(e)[0] for e in events] == ["Military Forces of Russia", "Military Forces of Syria"]


@pytest.mark.parametrize("lang,text", [
    ("fr", "La campagne de bombardements a fait des centaines de morts depuis le début de l’offensive du régime."),
    ("en", "Hundreds have died since the start of the offensive, the group said."),
])
def test_the_start_of_a_campaign_is_not_an_event(lang, text):
    assert not [e for e in run(text, lang) if e.trigger.lower().startswith("offensive")]


def test_a_definite_campaign_noun_is_no_event():
    events = run("Hundreds of residents protested in Aleppo against the offensive.", "en")
    assert [e.event_type for e in events] == ["protest"]


@pytest.mark.parametrize("lang,text,want", [
    ("en", "Rebels attacked army positions near Khan Sheikhoun; 14 soldiers and 9 militants died in the fighting.", 23),
])
def test_an_intransitive_death_counts_its_subject(lang, text, want):
    assert run(text, lang)[0].fatalities_best == want


def test_a_claimed_definite_attack_of_another_day_is_a_new_event():
    text = ("Mercredi, douze civils ont été tués par des hommes armés près de Gao.\n\n"
            "Le JNIM, lié à Al-Qaïda, a revendiqué l’attaque d’un convoi de la Minusma près de Tessalit jeudi.")
    from evdb.pipeline import analyze

    events = analyze(Document("d1", "k1", normalize(text), "fr", DCT, "Europe/Paris")).events   # dated: needs times
    first, second = events[:2]
    assert (first.event_type, second.event_type) == ("violence_against_civilians", "battle")
    assert actors(second)[0] == "JNIM" and actors(first)[0] == "Unidentified armed group"
