"""Event extraction: triggers, polarity/modality, actors, places, casualties, time attachment."""
from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from evdb.events import casualties as cas
from evdb.events import extract_events
from evdb.events.attach import precision_of
from evdb.events.names import fold, name_key
from evdb.events.resources import expand, load_actors, load_pack, taxonomy
from evdb.events.triggers import find_triggers
from evdb.model import Document, Timex
from evdb.paths import resources_dir
from evdb.text.normalize import normalize
from evdb.text.segment import sentences

PARIS = ZoneInfo("Europe/Paris")
DCT = datetime(2024, 1, 24, 9, 0, tzinfo=PARIS)   # Wednesday


def run(text: str, lang: str = "fr", timexes: tuple[Timex, ...] = ()) -> list:
    text = normalize(text)
    doc = Document("d1", "k1", text, lang, DCT, "Europe/Paris")
    return extract_events(doc, text, tuple(sentences(text)), timexes)


def triggers(text: str, lang: str = "fr") -> list[str]:
    pack = load_pack(lang)
    f = fold(text)
    return [text[h.start:h.end] for h in find_triggers(pack, f, 0, len(text))]


def day_timex(tid: str, text: str, full: str, day: datetime, sent_idx: int = 0, grain: str = "day",
              value: str | None = None, end: datetime | None = None) -> Timex:
    start = full.index(text)
    return Timex(tid, text, start, start + len(text), sent_idx, "DATE", value or day.date().isoformat(), None,
                 day, end or day + timedelta(days=1), grain, "DCT", "deictic", "test", "resolved")


# --- triggers -------------------------------------------------------------------------------

def _trigger_examples():
    for lang in ("fr", "en"):
        for example, entry in load_pack(lang).examples:
            yield pytest.param(lang, example, entry, id=f"{lang}: {example}")


@pytest.mark.parametrize("lang,example,entry", list(_trigger_examples()))
def test_every_trigger_entry_matches_its_example(lang, example, entry):
    pack = load_pack(lang)
    hits = find_triggers(pack, fold(example), 0, len(example))
    assert any(h.entry is entry for h in hits), f"{entry.where} does not fire on its example"


def test_elided_article_is_not_part_of_the_trigger():
    assert triggers("l'attentat a visé un marché") == ["attentat"]
    assert triggers("la cible d’une frappe aérienne") == ["frappe aérienne"]


def test_multiword_trigger_with_auxiliaries_wins_over_its_parts():
    assert triggers("Onze soldats ont été tués") == ["ont été tués"]
    assert triggers("les rebelles se sont emparés de la ville") == ["se sont emparés"]
    assert triggers("un commandant a fait défection") == ["a fait défection"]
    assert triggers("heavy shelling and air strikes", "en") == ["shelling", "air strikes"]


def test_trigger_is_whole_word_only():
    assert triggers("un combattant armé") == []
    assert triggers("the attacker's car", "en") == []
    assert triggers("un bus") == []


def test_brace_expansion():
    assert expand("tué{,e,s}") == ["tué", "tuée", "tués"]
    assert expand("frappe{,s} aérienne{,s}") == ["frappe aérienne", "frappe aériennes", "frappes aérienne",
                                                 "frappes aériennes"]


def test_trigger_types_exist_in_the_taxonomy():
    known = {t for t, _ in taxonomy()}
    for lang in ("fr", "en"):
        for entry in set(load_pack(lang).triggers.values()):
            assert entry.event_type == "killing" or entry.event_type in known


# --- polarity and modality ------------------------------------------------------------------

@pytest.mark.parametrize("lang,text,polarity,modality", [
    ("fr", "L'émir n'a pas été tué dans l'embuscade.", "negative", "asserted"),
    ("fr", "Le régime pourrait attaquer la ville.", "positive", "hypothetical"),
    ("fr", "Le groupe menace de attaquer les villages.", "positive", "hypothetical"),
    ("fr", "Trois soldats ont été tués près de Gao.", "positive", "asserted"),
    ("fr", "Deux civils auraient été tués près de Gao.", "positive", "reported"),
    ("en", "The governor was not killed in the fighting.", "negative", "asserted"),
    ("en", "Iraqi forces could attack the last districts.", "positive", "hypothetical"),
    ("en", "Daesh may attack SDF positions.", "positive", "hypothetical"),
    ("en", "Militants threatened to attack the town.", "positive", "hypothetical"),
    ("en", "Five soldiers were killed near Gao.", "positive", "asserted"),
], ids=lambda v: v if isinstance(v, str) and len(v) > 12 else None)
def test_polarity_and_modality(lang, text, polarity, modality):
    events = run(text, lang)
    assert events, text
    assert (events[0].polarity, events[0].modality) == (polarity, modality)


# --- actors ---------------------------------------------------------------------------------

def _actor(event, role="actor1"):
    return next((a for a in event.actors if a.role == role), None)


def test_misspelt_actor_is_matched_tolerantly():
    pack = load_pack("en")
    assert pack.actors.lookup("Tahir al-Sham").name == "Hayat Tahrir al-Sham"
    assert pack.actors.lookup("Hayat Tahrir el-Cham").name == "Hayat Tahrir al-Sham"
    assert pack.actors.lookup("Syrian Observatory") is None


def test_alias_and_acronym_forms():
    ev = run("Les combattants de HTC ont attaqué une position près de Saraqeb.")[0]
    assert _actor(ev).name == "Hayat Tahrir al-Sham"
    ev = run("Tahir al-Sham fighters clashed with rival rebels near Saraqeb.", "en")[0]
    assert _actor(ev).name == "Hayat Tahrir al-Sham" and _actor(ev).matched


def test_description_refers_back_to_last_named_actor_of_its_type():
    text = ("Hayat Tahrir al-Cham contrôle la région. Le lendemain, l'alliance extrémiste a attaqué "
            "une position de l'armée syrienne près de Saraqeb.")
    ev = run(text)[0]
    assert _actor(ev).name == "Hayat Tahrir al-Sham"
    assert _actor(ev, "actor2").name == "Military Forces of Syria"
    ev = run("The Islamic State lost ground. The next day, the group attacked a checkpoint near Kirkuk.", "en")[0]
    assert _actor(ev).name == "Islamic State"


def test_unknown_group_is_extracted_and_flagged():
    ev = run("Le groupe Katibat Al-Furqan Nouvelle a attaqué un poste de l'armée malienne près de Gao.")[0]
    a1 = _actor(ev)
    assert a1.name == "Katibat Al-Furqan Nouvelle" and a1.matched is False and a1.actor_id is None


def test_person_keeps_affiliation():
    text = "Abou Hamza al-Chami, émir de Jabhat Ansar al-Din, a été tué par des hommes armés près d'Idleb."
    ev = run(text)[0]
    victim = _actor(ev, "actor2")
    assert victim.name == "Abou Hamza al-Chami" and victim.actor_type == "person"
    assert victim.affiliation == "Jabhat Ansar al-Din" and victim.matched is False


def test_roles_active_passive_and_agent():
    ev = run("L'armée syrienne a bombardé Saraqeb, tuant cinq civils.")[0]
    assert (_actor(ev).name, _actor(ev, "actor2").name) == ("Military Forces of Syria", "Civilians")
    ev = run("Un camp des Forces armées maliennes a été attaqué près de Boni par des jihadistes du GSIM.")[0]
    assert (_actor(ev).name, _actor(ev, "actor2").name) == ("JNIM", "Military Forces of Mali")
    ev = run("Des frappes de la coalition ont visé des positions de Daech près de Raqqa, tuant dix jihadistes.")[0]
    assert (_actor(ev).name, _actor(ev, "actor2").name) == ("International Coalition against Islamic State",
                                                           "Islamic State")


def test_unnamed_attacker_is_unidentified_armed_group():
    ev = run("Gunmen ambushed an army patrol near Gao, killing five soldiers.", "en")[0]
    assert _actor(ev).name == "Unidentified armed group"


def test_generic_institution_takes_the_document_country():
    ev = [e for e in run("Des étudiants ont manifesté à Niamey. Hier, la police a arrêté vingt manifestants.")
          if e.sub_event_type == "arrests"][0]
    assert _actor(ev).name == "Police Forces of Niger"


def test_actor_ids_are_unique_and_typed():
    ids = [a.actor_id for a in load_actors()]
    assert len(ids) == len(set(ids))
    assert all(a.actor_type for a in load_actors())


# --- places ---------------------------------------------------------------------------------

@pytest.mark.parametrize("surface,name", [
    ("Idleb", "Idlib"), ("Idlib", "Idlib"), ("Alep", "Aleppo"), ("Aleppo", "Aleppo"),
    ("Maaret al-Numan", "Maarat al-Numan"), ("Maarat al-Nu'man", "Maarat al-Numan"),
    ("Ma'arrat an-Nu'man", "Maarat al-Numan"), ("Mossoul", "Mosul"), ("Tombouctou", "Timbuktu"),
    ("Tillabéri", "Tillaberi"), ("Ménaka", "Menaka"), ("Deir ez-Zor", "Deir ez-Zor"),
])
def test_place_variants(surface, name):
    places = load_pack("fr").places.candidates(surface)
    assert places and places[0].name == name


@pytest.mark.parametrize("text,location,precision", [
    ("Des combats ont éclaté à Saraqeb.", "Saraqib", 1),
    ("Des combats ont éclaté près de Saraqeb.", "Saraqib", 2),
    ("Des combats ont éclaté dans la campagne d'Idleb.", "Idlib", 2),
    ("Des combats ont éclaté au nord de Mossoul.", "Mosul", 2),
    ("Des combats ont éclaté dans la province d'Idleb.", "Idlib", 3),
    ("Clashes broke out near Gao.", "Gao", 2),
])
def test_place_and_geo_precision(text, location, precision):
    lang = "en" if text.startswith("Clashes") else "fr"
    ev = run(text, lang)[0]
    assert (ev.location, ev.geo_precision) == (location, precision)
    assert ev.latitude is not None and ev.country


def test_region_cue_picks_the_admin1_entry():
    ev = run("Des combats ont éclaté dans la province d'Idleb.")[0]
    assert ev.place_id.startswith("adm1:")


# --- casualties -----------------------------------------------------------------------------

def _casualty_examples():
    for lang in ("fr", "en"):
        data = tomllib.loads((resources_dir() / lang / "casualty_examples.toml").read_text(encoding="utf-8"))
        for ex in data["example"]:
            yield pytest.param(lang, ex["text"], [None if v == "none" else v for v in ex["expect"]],
                               id=f"{lang}: {ex['text'][:50]}")


@pytest.mark.parametrize("lang,text,expect", list(_casualty_examples()))
def test_casualty_examples(lang, text, expect):
    events = run(text, lang)
    assert events
    e = events[0]
    assert [e.fatalities_low, e.fatalities_best, e.fatalities_high] == expect
    if expect[1]:
        assert e.fatalities_text and e.fatalities_text in normalize(text)
        assert any(s.field == "fatalities" for s in e.sources)


@pytest.mark.parametrize("low,best,high,expect", [
    (9, 9, None, (9, 9, 9)),            # "au moins 9": the open high bound takes the best figure
    (None, 7, None, (7, 7, 7)),
    (1, 7, 7, (1, 7, 7)),               # "jusqu'à 7"
    (12, 12, 99, (12, 12, 99)),         # "des dizaines"
    (None, None, 5, (5, 5, 5)),
    (20, 15, 10, (15, 15, 15)),         # crossed bounds are clamped to the best figure
    (None, None, None, (None, None, None)),
])
def test_fatality_bounds_are_ordered(low, best, high, expect):
    assert cas.ordered(low, best, high) == expect


def test_every_extracted_event_has_ordered_fatality_bounds():
    """Over every casualty example and every sample article: low <= best <= high when set."""
    from evdb.evaluation.events import analyze_articles
    from evdb.paths import sample_data_dir

    events = [e for a in analyze_articles([sample_data_dir() / "news"]).values() for e in a.events]
    events += [e for lang, text, _ in (p.values for p in _casualty_examples()) for e in run(text, lang)]
    counted = [e for e in events if e.fatalities_best is not None]
    assert len(counted) >= 20
    for e in events:
        bounds = (e.fatalities_low, e.fatalities_best, e.fatalities_high)
        if any(v is not None for v in bounds):
            assert None not in bounds and bounds[0] <= bounds[1] <= bounds[2], (e.trigger, bounds)

def test_date_then_number_is_not_a_month():
    ev = run("Un attentat a tué le 28 décembre sept combattants.")[0]
    assert ev.fatalities_best == 7


def test_aggregate_tolls_are_not_events():
    assert not [e for e in run("Le bilan s'élève à 2017 morts depuis le début de l'offensive.")
                if e.fatalities_best]


# --- time attachment ------------------------------------------------------------------------

def test_time_from_the_clause():
    text = "Des combats ont éclaté vendredi 19 janvier près de Gao."
    t = day_timex("t1", "vendredi 19 janvier", text, datetime(2024, 1, 19, tzinfo=PARIS))
    ev = run(text, timexes=(t,))[0]
    assert (ev.tid, ev.time_attach, ev.time_precision) == ("t1", "clause", 1)
    assert ev.earliest == t.earliest and ev.latest == t.latest


def test_time_from_previous_sentence_of_paragraph():
    text = "Vendredi 19 janvier, la tension était vive. Des combats ont éclaté près de Gao."
    t = day_timex("t1", "Vendredi 19 janvier", text, datetime(2024, 1, 19, tzinfo=PARIS))
    ev = run(text, timexes=(t,))[0]
    assert (ev.tid, ev.time_attach) == ("t1", "previous")


def test_time_falls_back_to_publication_week():
    ev = run("Des combats ont éclaté près de Gao.")[0]
    assert ev.time_attach == "document" and ev.tid is None
    assert ev.latest == DCT and ev.earliest == datetime(2024, 1, 17, tzinfo=PARIS)
    assert ev.time_precision == 2


def test_reporting_time_does_not_date_the_event():
    text = "Onze jihadistes ont été tués dans une embuscade, a rapporté dimanche l'OSDH."
    t = day_timex("t1", "dimanche", text, datetime(2024, 1, 21, tzinfo=PARIS))
    ev = run(text, timexes=(t,))[0]
    assert ev.time_attach == "document"


def test_past_event_never_lands_after_publication():
    text = "Des combats ont éclaté jeudi près de Gao."
    t = day_timex("t1", "jeudi", text, datetime(2024, 1, 25, tzinfo=PARIS))   # the day after DCT
    ev = run(text, timexes=(t,))[0]
    assert ev.latest <= DCT and ev.notes
    text = "Des combats ont éclaté aujourd'hui près de Gao."
    t = day_timex("t1", "aujourd'hui", text, datetime(2024, 1, 24, tzinfo=PARIS))
    ev = run(text, timexes=(t,))[0]
    assert ev.latest == DCT and ev.earliest == t.earliest and "clipped" in ev.notes


def test_a_range_bound_dates_the_event_with_the_whole_range():
    text = "Quinze suspects ont été arrêtés du 3 au 5 janvier à Gao."
    first = day_timex("t1", "3", text, datetime(2024, 1, 3, tzinfo=PARIS))
    last = day_timex("t2", "5 janvier", text, datetime(2024, 1, 5, tzinfo=PARIS))
    whole = dict(range_start=first.earliest, range_end=last.latest)
    first, last = replace(first, range_partner="t2", **whole), replace(last, range_partner="t1", **whole)
    ev = run(text, timexes=(first, last))[0]
    assert ev.tid in ("t1", "t2") and ev.time_attach == "clause"
    assert (ev.earliest, ev.latest) == (datetime(2024, 1, 3, tzinfo=PARIS), datetime(2024, 1, 6, tzinfo=PARIS))
    assert ev.time_precision == 2 and "range" in ev.notes


@pytest.mark.parametrize("lang,text", [
    ("fr", "Quinze suspects ont été arrêtés du 3 au 5 janvier à Gao."),
    ("fr", "Quinze suspects ont été arrêtés entre le 3 et le 5 janvier à Gao."),
    ("en", "Fifteen suspects were arrested from 3 to 5 January in Gao."),
    ("en", "Fifteen suspects were arrested between January 3 and 5 in Gao."),
])
def test_tagged_range_dates_the_event_from_first_bound_start_to_last_bound_end(lang, text):
    from evdb.temporal import tag_document

    found = tag_document(text, lang, DCT, "Europe/Paris")
    assert len(found) == 2 and found[0].range_partner == found[1].tid   # two linked bounds
    ev = run(text, lang, timexes=tuple(found))[0]
    assert (ev.earliest, ev.latest) == (datetime(2024, 1, 3, tzinfo=PARIS), datetime(2024, 1, 6, tzinfo=PARIS))


def test_open_interval_gets_coarse_window_and_note():
    text = "Récemment, deux enseignants ont été assassinés près de Djibo."
    start = text.index("Récemment")
    t = Timex("t1", "Récemment", start, start + 9, 0, "DATE", "PAST_REF", None, None, DCT, "unbounded", "DCT",
              "deictic", "test", "resolved")
    ev = run(text, timexes=(t,))[0]
    assert ev.earliest < ev.latest <= DCT and "open interval" in ev.notes and ev.time_precision >= 3


@pytest.mark.parametrize("hours,precision", [(12, 1), (24, 1), (72, 2), (24 * 7, 2), (24 * 30, 3), (24 * 200, 4),
                                             (24 * 800, 5)])
def test_time_precision_from_width(hours, precision):
    assert precision_of(DCT, DCT + timedelta(hours=hours)) == precision


# --- merging --------------------------------------------------------------------------------

def test_death_predicate_joins_the_violent_event_of_its_sentence():
    events = run("L'aviation du régime a bombardé Saraqeb, tuant cinq civils.")
    assert len(events) == 1 and events[0].event_type == "explosion_remote_violence"
    assert events[0].fatalities_best == 5


def test_definite_mention_repeats_an_earlier_event():
    events = run("Des hommes armés ont attaqué un convoi près de Gao. L'attaque n'a pas été revendiquée.")
    assert len(events) == 1


def test_name_key_unifies_transliterations():
    assert name_key("Ma'arrat an-Nu'man") == name_key("Maarat al-Nu'man")
    assert name_key("Hayat Tahrir al-Cham") == name_key("Hayat Tahrir al-Sham")
    assert len(fold("l’Émir")) == len("l’Émir")


# --- cue tables: every table of events.toml has executable examples ---------------------------

def _event_examples():
    for lang in ("fr", "en"):
        data = tomllib.loads((resources_dir() / lang / "event_examples.toml").read_text(encoding="utf-8"))
        for ex in data["example"]:
            yield pytest.param(lang, ex, id=f"{lang}: {ex['text'][:60]}")


@pytest.mark.parametrize("lang,example", list(_event_examples()))
def test_event_examples(lang, example):
    events = run(example["text"], lang)
    assert events, example["text"]
    e = events[0]
    for key, want in example["expect"].items():
        if key == "event_count":
            got = len(events)
        elif key in ("actor1", "actor2"):
            got = _actor(e, key).name if _actor(e, key) else None
        elif key == "actor1_matched":
            got = _actor(e).matched
        else:
            got = getattr(e, key)
        assert got == want, f"{key}: {got!r} != {want!r}"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_cue_table_has_an_example(lang):
    tables = {k for k, v in tomllib.loads((resources_dir() / lang / "events.toml").read_text(encoding="utf-8")).items()
              if isinstance(v, dict) and k != "numbers" and k not in ("vague", "modifiers")}
    data = tomllib.loads((resources_dir() / lang / "event_examples.toml").read_text(encoding="utf-8"))
    covered = {t for ex in data["example"] for t in ex["covers"]}
    assert tables <= covered, f"tables without an example: {sorted(tables - covered)}"


def test_place_name_inside_an_actor_name_is_not_the_location():
    # "Cham" is an old name of Damascus in the gazetteer; inside "Hayat Tahrir al-Cham" it is not a place.
    [event] = run("Des combats ont opposé les hommes de Hayat Tahrir al-Cham à des rebelles rivaux "
                  "près de Saraqeb, dans la campagne d'Idleb.")
    assert event.location == "Saraqib"
    assert event.geo_precision == 2
    assert _actor(event).name == "Hayat Tahrir al-Sham"


@pytest.mark.parametrize("lang,text,location", [
    ("en", "Gunmen killed three soldiers on Monday, Sam Jones said.", None),
    ("en", "Gunmen killed three soldiers in Sam on Monday.", "Sam"),
    ("en", "A bomb hit an army convoy in Hit on Monday, killing two soldiers.", "Hīt"),
    ("fr", "Des hommes armés ont tué trois soldats à Sam lundi.", "Sam"),
])
def test_town_names_that_are_common_words_need_a_locative(lang, text, location):
    [event] = run(text, lang)
    assert event.location == location
