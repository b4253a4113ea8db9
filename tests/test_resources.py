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
