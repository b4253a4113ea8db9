"""evdb explain, evdb export and evdb eval-events on the sample database and gold."""
from __future__ import annotations

import csv
import json
from io import StringIO

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from rich.console import Console

from evdb import paths
from evdb.cli import cli
from evdb.errors import EvdbError
from evdb.evaluation.events import analyze_articles, gold_interval, read_gold, score
from evdb.events.explain import explain_event
from evdb.events.export import acled_row, point_date, ucdp_date_prec


@pytest.fixture(scope="module")
def con(sample_db):
    c = duckdb.connect(str(sample_db), read_only=True)
    yield c
    c.close()


def _event_id(con, trigger_like: str) -> str:
    return con.execute("SELECT event_id FROM events WHERE trigger LIKE $t ORDER BY event_id LIMIT 1",
                       {"t": trigger_like}).fetchone()[0]


def _plain(renderable) -> str:
    console = Console(file=StringIO(), width=110, color_system=None, record=True)
    console.print(renderable)
    return console.export_text()


def test_explain_shows_fields_and_dating_chain(con):
    text = _plain(explain_event(con, _event_id(con, "a bombardé")))
    assert "La nuit suivante, l’aviation du régime a bombardé Maaret al-Numan" in text
    assert "Military Forces of Syria" in text and "Civilians" in text
    assert "5 (low 5" in text and "cinq civils" in text
    assert '"La nuit suivante" -> anchored to' in text and "2018-01-27TNI" in text
    assert "[2018-01-27 18:00, 2018-01-28 06:00)" in text


def test_explain_highlights_spans(con):
    exp = explain_event(con, _event_id(con, "a bombardé"))
    styled = {exp.sentence[s.start:s.end]: str(s.style) for s in exp.highlighted().spans}
    assert styled["a bombardé"] == "bold red"
    assert styled["cinq civils"] == "bold magenta"
    assert styled["La nuit suivante"] == "yellow"


def test_explain_unknown_event_is_a_clear_error(con):
    with pytest.raises(EvdbError, match="no event"):
        explain_event(con, "nope:e1")


def test_explain_cli(sample_db):
    with duckdb.connect(str(sample_db), read_only=True) as c:
        eid = _event_id(c, "a bombardé")
    r = CliRunner().invoke(cli, ["--db", str(sample_db), "explain", eid])
    assert r.exit_code == 0, r.output
    assert "dating:" in r.output


@pytest.mark.parametrize("fmt", ["acled", "ucdp"])
def test_export_csv_is_parseable(sample_db, fmt, tmp_path):
    out = tmp_path / f"e.{fmt}.csv"
    r = CliRunner().invoke(cli, ["--db", str(sample_db), "export", "--format", fmt, "--output", str(out)])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows
    with duckdb.connect(str(sample_db), read_only=True) as c:
        facts = c.execute("SELECT count(*) FROM events WHERE polarity='positive' AND modality='asserted'").fetchone()[0]
    assert len(rows) == facts
    if fmt == "acled":
        assert {"event_date", "time_precision", "fatalities", "geo_precision"} <= set(rows[0])
        assert all(r["event_type"] in {"Battles", "Explosions/Remote violence", "Violence against civilians",
                                       "Protests", "Riots", "Strategic developments"} for r in rows)
    else:
        assert {"date_start", "date_end", "date_prec", "best", "low", "high"} <= set(rows[0])
        assert all(r["date_start"] <= r["date_end"] for r in rows)


def test_export_all_includes_negated_and_hypothetical(sample_db):
    r = CliRunner().invoke(cli, ["--db", str(sample_db), "export", "--format", "plover-jsonl", "--all"])
    assert r.exit_code == 0
    lines = [json.loads(x) for x in r.stdout.splitlines() if x.strip()]
    assert {"negative"} <= {x["polarity"] for x in lines} and "hypothetical" in {x["modality"] for x in lines}
    first = lines[0]
    assert {"id", "date", "event", "actor1", "location", "text_info", "cite_info"} <= set(first)
    assert first["text_info"]["sentence"] and first["cite_info"]["codebook"]


def test_export_parquet(sample_db, tmp_path):
    out = tmp_path / "e.parquet"
    r = CliRunner().invoke(cli, ["--db", str(sample_db), "export", "--format", "parquet", "-o", str(out)])
    assert r.exit_code == 0
    table = pq.read_table(out)
    assert table.num_rows > 0 and "fatalities_low" in table.column_names


def test_acled_point_date_and_lowest_figure():
    from datetime import datetime, timezone
    d = datetime(2018, 1, 1, tzinfo=timezone.utc)
    assert point_date(d, datetime(2018, 1, 2, tzinfo=timezone.utc), 1).isoformat() == "2018-01-01"
    assert point_date(d, datetime(2018, 1, 8, tzinfo=timezone.utc), 2).isoformat() == "2018-01-04"
    assert ucdp_date_prec(d.date(), d.date()) == 1 and ucdp_date_prec(d.date(), datetime(2018, 1, 31).date()) == 4
    row = {k: None for k in ("event_id", "earliest_local", "latest_local", "time_precision", "event_type",
                             "sub_event_type", "actor1", "actor2", "country", "admin1", "admin2", "location",
                             "latitude", "longitude", "geo_precision", "doc_source", "sentence")}
    row.update(event_type="battle", sub_event_type="armed_clash", fatalities=24, fatalities_low=12)
    assert acled_row(row)["fatalities"] == 12 and acled_row(row)["event_type"] == "Battles"


def test_gold_intervals():
    assert gold_interval("2018-03-03/2018-03-05")[1].isoformat() == "2018-03-06"
    assert gold_interval("2017-W27")[0].isoformat() == "2017-07-03"
    assert gold_interval("2018-12")[1].isoformat() == "2019-01-01"
    assert gold_interval("PAST_REF") is None


@pytest.fixture(scope="module")
def scores():
    gold = read_gold(paths.sample_data_dir() / "gold" / "events.jsonl")
    sample = paths.sample_data_dir()
    analyses = analyze_articles([sample / "news", sample / "dev_extra", sample / "revisions"])
    return score(gold, analyses, ("dev", "test"))


def test_event_extraction_meets_targets_on_dev(scores):
    dev = scores["dev"]
    assert dev.gold > 0 and dev.predicted > 0
    assert dev.f1 >= 0.85, (dev.precision, dev.recall)
    assert dev.date_accuracy >= 0.9
    assert dev.fatalities_exact >= 0.9


def test_eval_events_cli(tmp_path):
    gold = paths.sample_data_dir() / "gold" / "events.jsonl"
    r = CliRunner().invoke(cli, ["eval-events", str(gold), "--split", "dev", "-v"])
    assert r.exit_code == 0, r.output
    assert "dev" in r.output and "misses" in r.output


def test_eval_events_bad_gold_names_the_line(tmp_path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"doc": "x", "event_type": "battle"}\nnot json\n', encoding="utf-8")
    with pytest.raises(EvdbError) as exc:
        read_gold(bad)
    assert str(exc.value).startswith(f"{bad}:2:")


def test_explain_anaphoric_chain_goes_back_to_the_date(con):
    eid = con.execute("SELECT event_id FROM events WHERE time_text = 'Le lendemain' AND sentence LIKE '%combats%' "
                      "ORDER BY event_id LIMIT 1").fetchone()[0]
    chain = explain_event(con, eid).chain
    assert chain[0] == '"Le lendemain"'
    assert 'anchored to "vendredi 26 janvier"' in chain
    assert chain.index('anchored to "vendredi 26 janvier"') < chain.index("anchored to the publication time")
    assert "2018-01-27" in chain


def test_explain_doc_id_says_a_full_id_is_needed(sample_db, con):
    eid = _event_id(con, "a bombardé")
    doc = eid.split(":")[0]
    with pytest.raises(EvdbError) as exc:
        explain_event(con, doc)
    assert "full event id" in str(exc.value) and eid in exc.value.hint and "evdb sql" in exc.value.hint


def test_explain_piped_is_plain_text(sample_db, con):
    r = CliRunner().invoke(cli, ["--db", str(sample_db), "explain", _event_id(con, "a bombardé")])
    assert r.exit_code == 0 and "\x1b[" not in r.stdout and "La nuit suivante" in r.stdout
    lines = r.stdout.splitlines()
    assert all(line == line.rstrip() for line in lines)           # no padding after the text
    dating = [line for line in lines if line.startswith("dating: ")]   # one greppable line, unwrapped
    assert len(dating) == 1 and dating[0].endswith("[2018-01-27 18:00, 2018-01-28 06:00)")
    assert any(line.startswith("time ") for line in lines) and any(line.startswith("actor1 ") for line in lines)


@pytest.mark.parametrize("command", ["explain", "export", "eval-events"])
def test_help_has_an_example_and_exit_codes(command):
    r = CliRunner().invoke(cli, [command, "--help"])
    assert r.exit_code == 0 and "Example" in r.output and "Exit codes: 0" in r.output


def test_export_to_stdout_is_data_only(sample_db):
    r = CliRunner().invoke(cli, ["--db", str(sample_db), "export", "--format", "acled"])
    assert r.exit_code == 0
    rows = list(csv.DictReader(StringIO(r.stdout)))
    assert rows and all(row["event_id_cnty"] for row in rows)
    assert "events written" in r.stderr and "events written" not in r.stdout
    assert f"{len(rows)} events written" in r.stderr


def test_export_to_a_missing_folder_is_a_clear_error(sample_db, tmp_path, capsys):
    from evdb.cli import main

    target = tmp_path / "no" / "such" / "e.csv"
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(sample_db), "export", "--format", "acled", "-o", str(target)])
    assert exit_info.value.code == 1
    out, err = capsys.readouterr()
    assert out == "" and f"Error: cannot write {target}" in err and f"Hint: check that the folder {target.parent}" in err
    assert not target.parent.exists()


def test_export_failure_keeps_the_existing_file(sample_db, tmp_path, monkeypatch):
    import evdb.events.export as export

    out = tmp_path / "e.csv"
    out.write_text("previous\n", encoding="utf-8")

    def boom(*_a, **_k):
        raise RuntimeError("interrupted")
    monkeypatch.setattr(export, "acled_row", boom)
    r = CliRunner().invoke(cli, ["--db", str(sample_db), "export", "--format", "acled", "-o", str(out)])
    assert r.exit_code != 0
    assert out.read_text(encoding="utf-8") == "previous\n" and [p.name for p in tmp_path.iterdir()] == ["e.csv"]


def test_acled_time_precision_uses_acled_codes():
    from evdb.events.export import acled_precision
    assert [acled_precision(p) for p in (1, 2, 3, 4, 5, None)] == [1, 2, 3, 3, 3, None]


def test_export_acled_and_ucdp_columns_agree_with_events(sample_db, con):
    r = CliRunner().invoke(cli, ["--db", str(sample_db), "export", "--format", "acled"])
    acled = {row["event_id_cnty"]: row for row in csv.DictReader(StringIO(r.stdout))}
    r = CliRunner().invoke(cli, ["--db", str(sample_db), "export", "--format", "ucdp"])
    ucdp = {row["id"]: row for row in csv.DictReader(StringIO(r.stdout))}
    assert acled.keys() == ucdp.keys()
    events = con.execute("SELECT event_id, fatalities, fatalities_low, fatalities_high, earliest_local "
                         "FROM events WHERE event_id IN (SELECT unnest($ids))", {"ids": list(acled)}).fetchall()
    assert len(events) == len(acled)
    for eid, best, low, high, earliest in events:
        assert acled[eid]["time_precision"] in {"1", "2", "3"}
        lowest = low if low is not None else best
        assert acled[eid]["fatalities"] == str(lowest if lowest is not None else 0)
        assert (ucdp[eid]["best"], ucdp[eid]["low"], ucdp[eid]["high"]) == tuple(
            "" if v is None else str(v) for v in (best, low, high))
        assert ucdp[eid]["date_start"] == earliest.date().isoformat()
        assert ucdp[eid]["date_start"] <= acled[eid]["event_date"] <= ucdp[eid]["date_end"]


@pytest.fixture(scope="module")
def eval_json():
    gold = paths.sample_data_dir() / "gold" / "events.jsonl"
    r = CliRunner().invoke(cli, ["eval-events", str(gold), "--split", "test", "--json", "-v"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_eval_events_json_figures_and_lists(eval_json, scores):
    t = eval_json["test"]
    assert set(eval_json) == {"test"}
    assert (t["gold"], t["matched"], t["f1"]) == (scores["test"].gold, scores["test"].matched, scores["test"].f1)
    assert len(t["misses"]) == len(scores["test"].misses)
    assert len(t["false_positives"]) == len(scores["test"].false_positives)
    for row in t["misses"] + t["false_positives"]:   # each with its sentence, which holds the trigger
        assert row["sentence"], row
        assert row["trigger"].split()[0].lower() in row["sentence"].lower(), row


def test_eval_events_verbose_shows_sentences(eval_json):
    gold = paths.sample_data_dir() / "gold" / "events.jsonl"
    r = CliRunner().invoke(cli, ["eval-events", str(gold), "--split", "test", "-v"])
    assert r.exit_code == 0
    for row in eval_json["test"]["misses"] + eval_json["test"]["false_positives"]:
        assert f"\u201c{row['sentence']}\u201d" in r.stdout


def test_eval_events_missing_key_names_it(tmp_path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"doc": "x", "event_type": "battle"}\n{"doc": "y"}\n', encoding="utf-8")
    with pytest.raises(EvdbError) as exc:
        read_gold(bad)
    assert str(exc.value).startswith(f"{bad}:2:") and "missing key 'event_type'" in str(exc.value)


def test_export_parquet_refuses_a_terminal(sample_db, capsys, monkeypatch):
    from evdb.cli import main

    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(sample_db), "export", "--format", "parquet"])
    assert exit_info.value.code == 1
    out, err = capsys.readouterr()
    assert out == "" and "Parquet is binary" in err and "--output events.parquet" in err


def test_eval_events_missing_gold_is_error_and_hint(tmp_path, capsys):
    from evdb.cli import main

    missing = tmp_path / "nope.jsonl"
    with pytest.raises(SystemExit) as exit_info:
        main(["eval-events", str(missing)])
    assert exit_info.value.code == 1
    out, err = capsys.readouterr()
    assert out == "" and f"Error: {missing}: cannot read gold events" in err and "Hint: give a JSON-lines" in err
