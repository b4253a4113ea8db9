"""Language packs load, their names are unique, every rule fires on its own example, and a
broken pack fails at load time with the file, table and entry named."""
from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from evdb.errors import ResourceError
from evdb.lang.loader import load, load_dir
from evdb.paths import resources_dir
from evdb.temporal import tag_document

PACKS = sorted(p.name for p in resources_dir().iterdir() if (p / "temporal.toml").is_file())
REF = datetime(2024, 1, 24, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


def _rule_cases():
    for lang in PACKS:
        for rule in load(lang).rules:
            yield pytest.param(lang, rule.name, rule.example, id=f"{lang}: {rule.name}")


def test_french_pack_is_present():
    assert "fr" in PACKS


@pytest.mark.parametrize("lang", PACKS)
def test_pack_loads_with_unique_rule_names(lang):
    language = load(lang)
    names = [r.name for r in language.rules]
    assert len(names) == len(set(names))
    assert language.rules, "a pack needs rules"


@pytest.mark.parametrize("lang,name,example", list(_rule_cases()))
def test_every_rule_fires_on_its_example(lang, name, example):
    found = tag_document(example, lang, REF, "Europe/Paris")
    rules = [t.rule for t in found]
    assert f"{lang}.{name}" in rules, f"{example!r} gave {[(t.text, t.rule) for t in found]}"


def _copy_pack(tmp_path: Path) -> Path:
    d = tmp_path / "fr"
    shutil.copytree(resources_dir() / "fr", d)
    return d


def test_broken_rule_names_file_rule_and_unknown_class(tmp_path):
    d = _copy_pack(tmp_path)
    p = d / "temporal.toml"
    p.write_text(p.read_text(encoding="utf-8").replace("{weekday},? (?:le )?)?",
                                                      "{weekdy},? (?:le )?)?", 1), encoding="utf-8")
    with pytest.raises(ResourceError) as e:
        load_dir(d, "fr")
    msg = str(e.value)
    assert "fr/temporal.toml" in msg and "rule 'weekday_day_month'" in msg and "{weekdy}" in msg
    assert "weekday" in msg.split("known:")[1]


def test_broken_lexicon_entry_is_named(tmp_path):
    d = _copy_pack(tmp_path)
    p = d / "lexicon.toml"
    p.write_text(p.read_text(encoding="utf-8").replace('nuit = { code = "NI", start = "18:00"',
                                                      'nuit = { code = "NI", start = "18h00"', 1), encoding="utf-8")
    with pytest.raises(ResourceError) as e:
        load_dir(d, "fr")
    msg = str(e.value)
    assert "fr/lexicon.toml" in msg and "[part_of_day]" in msg and "'nuit'" in msg


def test_rule_without_example_is_refused(tmp_path):
    d = _copy_pack(tmp_path)
    p = d / "temporal.toml"
    p.write_text(p.read_text(encoding="utf-8") + '\n[[rule]]\nname = "no_witness"\npattern = \'{weekday}\'\nyields = "date"\n',
                 encoding="utf-8")
    with pytest.raises(ResourceError, match=r"rule 'no_witness': missing or empty 'example'"):
        load_dir(d, "fr")


def test_invalid_toml_names_the_file(tmp_path):
    d = _copy_pack(tmp_path)
    (d / "temporal.toml").write_text("[[rule]\nname = 1\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"fr/temporal.toml: invalid TOML"):
        load_dir(d, "fr")


def test_unknown_language_is_a_resource_error():
    with pytest.raises(ResourceError, match="no language pack"):
        load("xx")


# ----------------------------------------------------------------------------- topic files
def test_topic_files_extend_lexicon_rules_and_examples(tmp_path):
    """lexicon_<topic>.toml continues a table, temporal_<topic>.toml appends rules (errors name
    the topic file), examples_<topic>.toml appends groups with its own reference time."""
    from evdb.lang.loader import load_examples
    d = _copy_pack(tmp_path)
    (d / "lexicon_test.toml").write_text('[holiday]\n"fête de la soupe" = { month = 3, day = 9 }\n',
                                         encoding="utf-8")
    (d / "temporal_test.toml").write_text(
        '[[rule]]\nname = "soup_day_test"\npattern = \'{holiday} test\'\nyields = "date"\n'
        'example = "fête de la soupe test"\n', encoding="utf-8")
    (d / "examples_test.toml").write_text(
        'reference = "2030-01-01T00:00:00+00:00"\ntz = "UTC"\n[[same]]\nexpect = { value = "2030-03-09" }\n'
        'texts = ["fête de la soupe"]\n', encoding="utf-8")
    lang = load_dir(d, "fr")
    assert lang.rules[-1].name == "soup_day_test"
    assert "fête de la soupe" in lang.classes["holiday"].entries
    ex = load_examples("fr", d)
    last = ex["same"][-1]
    assert last["texts"] == ["fête de la soupe"] and last["reference"].startswith("2030") and last["tz"] == "UTC"
    assert ex["same"][0].get("reference") is None      # groups of examples.toml keep the file's default


def test_topic_file_redefining_an_entry_names_both_files(tmp_path):
    d = _copy_pack(tmp_path)
    (d / "lexicon_test.toml").write_text('[month]\njanvier = 1\n', encoding="utf-8")
    with pytest.raises(ResourceError) as e:
        load_dir(d, "fr")
    msg = str(e.value)
    assert "fr/lexicon_test.toml [month] entry 'janvier'" in msg and "lexicon.toml" in msg


def test_broken_topic_rule_names_the_topic_file(tmp_path):
    d = _copy_pack(tmp_path)
    (d / "temporal_test.toml").write_text('[[rule]]\nname = "x"\npattern = \'{nope}\'\nyields = "date"\n'
                                          'example = "x"\n', encoding="utf-8")
    with pytest.raises(ResourceError, match=r"fr/temporal_test.toml rule 'x': unknown class \{nope\}"):
        load_dir(d, "fr")
