"""`evdb tag` and `evdb eval-time` through click's CliRunner: the JSON contract scripts and the
shared scorers rely on, the batch mode and its error reporting."""
from __future__ import annotations

import json
from datetime import datetime

import pytest
from click.testing import CliRunner

from evdb.cli import cli

KEYS = {"tid", "text", "char_start", "char_end", "type", "value", "mod", "earliest", "latest", "grain",
        "anchor", "anchor_kind", "rule", "status", "reason", "sent_idx", "day_window", "range_partner",
        "range_start", "range_end"}
TEXT = ("On Friday, January 26, a fire broke out in the depot.\u00a0The next day, firefighters were still "
        "there. Yesterday the mayor\u2019s office said it would reopen in two weeks.")


def _tag(*args, input=None):
    result = CliRunner().invoke(cli, ["tag", *args], input=input)
    return result


def test_json_contract_keys_offsets_and_iso_strings():
    result = _tag(TEXT, "--lang", "en", "--dct", "2024-01-24T09:00", "--tz", "Europe/Paris", "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert len(items) >= 4
    for item in items:
        assert set(item) == KEYS
        assert TEXT[item["char_start"]:item["char_end"]] == item["text"]
        for key in ("earliest", "latest"):
            if item[key] is not None:
                parsed = datetime.fromisoformat(item[key])
                assert parsed.tzinfo is None  # local wall clock of the document's zone
        assert item["status"] in ("resolved", "ambiguous", "unresolved")
    by_text = {i["text"]: i for i in items}
    friday = by_text["Friday, January 26"]
    assert (friday["type"], friday["value"], friday["earliest"], friday["latest"]) == (
        "DATE", "2024-01-26", "2024-01-26T00:00:00", "2024-01-27T00:00:00")
    next_day = next(i for i in items if i["text"].lower().endswith("next day"))
    assert next_day["value"] == "2024-01-27" and next_day["anchor"] == friday["tid"]
    yesterday = by_text["Yesterday"]
    assert yesterday["value"] == "2024-01-23" and yesterday["anchor"] == "DCT"


def test_json_range_is_two_linked_bounds_carrying_the_whole_range():
    text = "Ils ont été arrêtés du 3 au 5 mars."
    result = _tag(text, "--lang", "fr", "--dct", "2018-03-10", "--json")
    assert result.exit_code == 0, result.output
    first, last = json.loads(result.stdout)
    assert [(i["text"], i["value"], i["earliest"], i["latest"]) for i in (first, last)] == [
        ("3", "2018-03-03", "2018-03-03T00:00:00", "2018-03-04T00:00:00"),
        ("5 mars", "2018-03-05", "2018-03-05T00:00:00", "2018-03-06T00:00:00")]
    assert (first["range_partner"], last["range_partner"]) == (last["tid"], first["tid"])
    for item in (first, last):
        assert (item["range_start"], item["range_end"]) == ("2018-03-03T00:00:00", "2018-03-06T00:00:00")
    table = _tag(text, "--lang", "fr", "--dct", "2018-03-10")
    assert table.exit_code == 0 and f"range with {first['tid']}: [2018-03-03, 2018-03-06)" in table.stdout


def test_table_shows_expression_value_and_rule():
    result = _tag("yesterday", "--lang", "en", "--dct", "2024-01-24")
    assert result.exit_code == 0, result.output
    assert "yesterday" in result.stdout and "2024-01-23" in result.stdout and "en." in result.stdout


def test_text_from_stdin_and_file(tmp_path):
    from_stdin = _tag("-", "--lang", "en", "--dct", "2024-01-24", "--json", input="It happened yesterday.")
    path = tmp_path / "article.txt"
    path.write_text("It happened yesterday.", encoding="utf-8")
    from_file = _tag(str(path), "--lang", "en", "--dct", "2024-01-24", "--json")
    assert from_stdin.exit_code == from_file.exit_code == 0
    assert json.loads(from_stdin.stdout) == json.loads(from_file.stdout)
    assert [i["value"] for i in json.loads(from_file.stdout)] == ["2024-01-23"]


def test_long_text_argument_is_text_not_a_path():
    # A sentence longer than a file name may be must be tagged, not stat()ed as a path.
    text = ("Vendredi 26 janvier, l'émir du groupe a été assassiné. " * 6) + "La nuit suivante, sept de ses compagnons ont été tués."
    result = _tag(text, "--lang", "fr", "--dct", "2018-02-01T10:00:00+01:00", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found[-1]["text"] == "La nuit suivante"
    assert found[-1]["value"] == "2018-01-26TNI"


def test_file_that_is_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Hier soir, à Alep".encode("latin-1"))
    result = _tag(str(path), "--lang", "fr", "--dct", "2018-02-01")
    from evdb.errors import EvdbError

    assert isinstance(result.exception, EvdbError)
    assert "not UTF-8" in str(result.exception) and result.exception.hint


def test_dct_with_offset_keeps_its_wall_clock():
    result = _tag("tomorrow", "--lang", "en", "--dct", "2013-02-12T04:30:00-02:00", "--json")
    item = json.loads(result.stdout)[0]
    assert item["value"] == "2013-02-13" and item["earliest"] == "2013-02-13T00:00:00"


def test_batch_round_trip_and_bad_line(tmp_path):
    lines = [
        {"id": "a", "text": "It rained yesterday.", "lang": "en", "dct": "2024-01-24"},
        {"id": "b", "text": "Il a plu hier.", "lang": "fr", "dct": "2024-01-24T09:00", "tz": "Europe/Paris"},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(lines[0]) + "\n{not json\n" + json.dumps({"id": "c", "text": "x"}) + "\n"
                    + json.dumps(lines[1]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["tag", "--batch", str(path)])
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b"]
    assert [t["value"] for t in out[0]["timexes"]] == ["2024-01-23"]
    assert [t["value"] for t in out[1]["timexes"]] == ["2024-01-23"]
    assert all(set(t) == KEYS for o in out for t in o["timexes"])
    assert f"{path}:2: not JSON" in result.stderr
    assert f"{path}:3: missing key(s) lang, dct" in result.stderr


def test_batch_good_file_exits_zero(tmp_path):
    path = tmp_path / "ok.jsonl"
    path.write_text(json.dumps({"id": 1, "text": "today", "lang": "en", "dct": "2024-01-24"}) + "\n\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["tag", "--batch", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["timexes"][0]["value"] == "2024-01-24"


@pytest.mark.parametrize(("args", "message"), [
    (["x", "--lang", "en", "--dct", "24/01/2024"], "bad reference time"),
    (["x", "--lang", "en", "--dct", "2024-01-24", "--tz", "Mars/Olympus"], "unknown time zone"),
])
def test_bad_reference_time_or_zone_is_a_clear_error(args, message, capsys):
    from evdb.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["tag", *args])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "Error:" in err and message in err and "Hint:" in err


def test_eval_time_on_own_tsv(tmp_path):
    header = "id\tlang\treference_time\ttext\texpected_kind\texpected_value\texpected_grain\tdetail\n"
    rows = ["y\ten\t2024-01-24\tyesterday\tinstant\t2024-01-23\tday\trelative\n",
            "w\ten\t2024-01-24\tfor two weeks\tduration\tP14D\tday\tduration\n",
            "m\ten\t2024-01-24\tyesterday\tinstant\t2024-01-23T10:00\tminute\trelative\n",
            "n\ten\t2024-01-24\t1 adult\tnone\t\t\tnegative\n"]
    path = tmp_path / "gold.tsv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval-time", str(path), "--json", "-v"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["subsets"]["ALL"]["n"] == 3 and data["subsets"]["ALL"]["exact"] == 2
    assert data["subsets"]["kind=duration"]["exact"] == 1   # P2W answers P14D
    assert [f["id"] for f in data["failures"]] == ["m"]     # a day is coarser than a minute
    assert data["negatives"] == {"n": 1, "false_positives": 0}
    table = CliRunner().invoke(cli, ["eval-time", str(path), "-v"])
    assert "ALL" in table.stdout and "66.7%" in table.stdout and "gold.tsv:4" in table.stdout


def test_eval_time_on_own_timeml_folder(tmp_path):
    (tmp_path / "d1.tml").write_text(
        '<?xml version="1.0" ?>\n<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2024-01-24">today</TIMEX3></DCT>'
        '<TEXT>The convoy was attacked <TIMEX3 tid="t1" type="DATE" value="2024-01-23">yesterday</TIMEX3>. '
        'Talks lasted <TIMEX3 tid="t2" type="DURATION" value="P2W">two weeks</TIMEX3>.</TEXT></TimeML>\n',
        encoding="utf-8")
    missing_lang = CliRunner().invoke(cli, ["eval-time", str(tmp_path)])
    assert missing_lang.exit_code == 2 and "--lang" in missing_lang.output
    result = CliRunner().invoke(cli, ["eval-time", str(tmp_path), "--lang", "en", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["counts"]["gold"] == 2 and data["counts"]["strict_tp"] == 2
    assert data["measures"]["value_f1"] == 1.0


def test_eval_time_drops_flagged_rows(tmp_path):
    header = "id\tlang\treference_time\ttext\texpected_kind\texpected_value\texpected_grain\tflags\n"
    path = tmp_path / "gold.tsv"
    path.write_text(header + "a\ten\t2024-01-24\tyesterday\tinstant\t2024-01-23\tday\t\n"
                    "b\ten\t2024-01-24\tyesterday\tinstant\t1999-01-01\tday\tunsupported_all\n", encoding="utf-8")
    kept = json.loads(CliRunner().invoke(cli, ["eval-time", str(path), "--json",
                                               "--exclude-flags", "unsupported_all"]).stdout)
    everything = json.loads(CliRunner().invoke(cli, ["eval-time", str(path), "--json"]).stdout)
    assert kept["subsets"]["ALL"] == {"n": 1, "exact": 1, "lenient": 1, "accuracy": 1.0, "lenient_accuracy": 1.0}
    assert everything["subsets"]["ALL"]["n"] == 2 and everything["subsets"]["ALL"]["exact"] == 1


@pytest.mark.parametrize(("args", "stdin"), [(["", "--lang", "fr", "--dct", "2018-01-28"], None),
                                             (["-", "--lang", "fr", "--dct", "2018-01-28"], "  \n")])
def test_empty_text_is_a_clear_error(args, stdin, capsys, monkeypatch):
    import io

    from evdb.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO(stdin or ""))
    with pytest.raises(SystemExit) as exit_info:
        main(["tag", *args])
    assert exit_info.value.code == 1
    out, err = capsys.readouterr()
    assert out == "" and "Error: nothing to tag" in err and "Hint:" in err


def test_table_at_100_columns_keeps_date_times_whole_and_its_borders():
    from rich.console import Console

    from evdb.cli.tag_cmds import _short, _table
    from evdb.evaluation import tag_to_dicts

    items = tag_to_dicts("La nuit suivante, vendredi 26 janvier vers 5 heures du matin", "fr", "2018-01-28", None)
    console = Console(width=100, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(_table(items, console.width))
    lines = console.export_text().splitlines()
    assert all(len(line) <= 100 for line in lines)
    assert all(line.endswith(("┃", "│", "┓", "┩", "┘")) for line in lines)   # nothing cut at the edge
    text = "\n".join(lines)
    assert any("T" in item["earliest"] for item in items)   # date-times, the widest cells
    for item in items:
        for whole in (f"[{_short(item['earliest'])},", f"{_short(item['latest'])})", item["status"], item["type"]):
            assert whole in text, whole
    wide = Console(width=160, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    wide.print(_table(items, wide.width))
    assert "┃ interval" in wide.export_text()     # wide: value and interval in their own columns


@pytest.mark.parametrize("command", ["tag", "eval-time"])
def test_help_has_an_example_and_exit_codes(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "Exit codes: 0" in result.output


def test_eval_time_missing_column_names_file_and_line(tmp_path, capsys):
    from evdb.cli import main

    path = tmp_path / "gold.tsv"
    path.write_text("id\tlang\treference_time\ttext\texpected_kind\n1\tfr\t2018-01-01\thier\tinstant\n",
                    encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["eval-time", str(path)])
    assert exit_info.value.code == 1
    out, err = capsys.readouterr()
    assert out == "" and f"Error: {path}:1: missing column(s) expected_value" in err and "Hint:" in err


def test_eval_time_missing_gold_is_error_and_hint(tmp_path, capsys):
    from evdb.cli import main

    missing = tmp_path / "nope.tsv"
    with pytest.raises(SystemExit) as exit_info:
        main(["eval-time", str(missing)])
    assert exit_info.value.code == 1
    out, err = capsys.readouterr()
    assert out == "" and f"Error: {missing}: no such file" in err and "Hint: give a gold TSV" in err


def test_long_blank_text_is_reported_empty_not_stat_as_a_path():
    result = _tag(" " * 300, "--lang", "fr", "--dct", "2018-02-01")
    assert "nothing to tag: the text is empty" in str(result.exception)
