"""Reading articles: formats, defaults, stable ids, bad records, the CLI and --jobs."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import duckdb
import pytest
from click.testing import CliRunner

from evdb import paths
from evdb.cli import cli
from evdb.cli._common import AppContext
from evdb.ingest import Defaults, IngestOptions, Problem, ingest, read_documents
from evdb.model import Document
from evdb.store.rows import VERSIONED_TABLES

UTC = timezone.utc
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2024, 2, 1, 12, 0, tzinfo=UTC)

FR_TEXT = "Vendredi 26 janvier, une attaque a tué trois civils près de Kidal. La nuit suivante, les combats ont repris."
EN_TEXT = "Two soldiers were killed yesterday in an ambush, the army said on Monday."


def _jsonl(path, *records) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def _docs(items) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def test_jsonl_records_become_documents_with_stable_ids(tmp_path):
    f = tmp_path / "wire.jsonl"
    _jsonl(f, {"id": "fr-1", "url": "https://x.example/1", "title": "Kidal", "published": "2024-01-28T14:05:00+01:00",
               "source": "wire", "lang": "fr", "tz": "Europe/Paris", "text": FR_TEXT, "extra": "ignored"},
           {"id": 7, "published": "2024-01-29", "source": "wire", "lang": "en", "text": EN_TEXT})
    docs = list(read_documents([f]))
    assert [type(d) for d in docs] == [Document, Document]
    a, b = docs
    content_hash = hashlib.sha256(FR_TEXT.encode()).hexdigest()
    assert a.article_key == "wire:fr-1" and a.content_hash == content_hash
    assert a.doc_id == hashlib.sha256(f"wire:fr-1\n{content_hash}".encode()).hexdigest()[:16]
    assert a.published == datetime(2024, 1, 28, 14, 5, tzinfo=PARIS) and a.tz == "Europe/Paris"
    assert (a.title, a.url, a.source_id, a.origin) == ("Kidal", "https://x.example/1", "fr-1", f"{f}:1")
    assert b.article_key == "wire:7" and b.tz == "UTC"          # integer ids accepted; default zone UTC
    assert b.published == datetime(2024, 1, 29, tzinfo=UTC)      # a bare date is midnight in the zone
    assert [d.doc_id for d in read_documents([f])] == [a.doc_id, b.doc_id]  # stable across reads


def test_txt_front_matter_fills_the_fields(tmp_path):
    f = tmp_path / "kidal.txt"
    f.write_text("---\ntitle: \"Attaque près de Kidal\"\npublished: 2024-01-28 14:05\ntz: Europe/Paris\n"
                 "lang: fr\nsource: wire\nurl: https://x.example/kidal\n# a comment\n---\n\n" + FR_TEXT + "\n",
                 encoding="utf-8")
    (doc,) = read_documents([f])
    assert doc.title == "Attaque près de Kidal"
    assert doc.published == datetime(2024, 1, 28, 14, 5, tzinfo=PARIS)
    assert doc.text == FR_TEXT and doc.lang == "fr" and doc.source == "wire"
    assert doc.article_key == "https://x.example/kidal"   # no id: the url identifies the article
    assert doc.origin == f"{f}:11"                        # the line where the text starts


def test_md_takes_its_title_from_the_first_heading_and_defaults_fill_the_rest(tmp_path):
    f = tmp_path / "note.md"
    f.write_text("# Ambush near Gao\n\n" + EN_TEXT + "\n", encoding="utf-8")
    defaults = Defaults(published=datetime(2024, 1, 30, 8, 0, tzinfo=UTC), lang="en", source="desk", tz="Africa/Bamako")
    (doc,) = read_documents([f], defaults)
    assert doc.title == "Ambush near Gao"
    assert (doc.lang, doc.source, doc.tz) == ("en", "desk", "Africa/Bamako")
    assert doc.published == datetime(2024, 1, 30, 8, 0, tzinfo=UTC)
    assert doc.article_key == doc.content_hash            # no id, no url: the content identifies it


def test_a_naive_published_default_is_read_in_the_record_zone(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("---\ntz: Europe/Paris\nlang: fr\n---\n" + FR_TEXT, encoding="utf-8")
    (doc,) = read_documents([f], Defaults(published=datetime(2024, 1, 30, 8, 0)))
    assert doc.published == datetime(2024, 1, 30, 8, 0, tzinfo=PARIS)


def test_record_fields_win_over_defaults(tmp_path):
    f = tmp_path / "a.jsonl"
    _jsonl(f, {"published": "2024-01-28T10:00:00+00:00", "lang": "fr", "source": "own", "text": FR_TEXT})
    (doc,) = read_documents([f], Defaults(published=datetime(2020, 1, 1, tzinfo=UTC), lang="en", source="cli"))
    assert (doc.lang, doc.source, doc.published.year) == ("fr", "own", 2024)


def test_directories_are_read_recursively_in_order_skipping_readme_hidden_and_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "README.md").write_text("# not an article\n")
    (tmp_path / ".hidden.txt").write_text("---\nlang: fr\n---\n" + FR_TEXT)
    (tmp_path / ".git" / "x.txt").write_text("---\nlang: fr\n---\n" + FR_TEXT)
    (tmp_path / "notes.csv").write_text("a,b\n")
    (tmp_path / "b" / "z.md").write_text(EN_TEXT)
    (tmp_path / "a.txt").write_text(FR_TEXT)
    notes: list[str] = []
    docs = list(read_documents([tmp_path], Defaults(published=NOW, lang="fr"), on_note=notes.append))
    assert [d.origin.split(str(tmp_path))[1] for d in docs] == ["/a.txt:1", "/b/z.md:1"]
    assert notes == [f"skipping {tmp_path / 'notes.csv'} (not .jsonl, .txt or .md)"]


def test_a_walk_skips_folders_marked_evdbignore_and_readme_variants(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / ".evdbignore").write_text("annotations, not articles\n")
    (tmp_path / "gold" / "events.jsonl").write_text('{"doc": "fr-001", "event_type": "battle"}\n')
    (tmp_path / "README.txt").write_text("not an article either\n")
    (tmp_path / "a.txt").write_text(FR_TEXT)
    notes: list[str] = []
    docs = list(read_documents([tmp_path], Defaults(published=NOW, lang="fr"), on_note=notes.append))
    assert [d.origin.split(str(tmp_path))[1] for d in docs] == ["/a.txt:1"]
    assert notes == [f"skipping {tmp_path / 'gold'}/ (it holds a .evdbignore file: not articles)"]
    # named on the command line, the folder is read (its records are then bad articles)
    named = list(read_documents([tmp_path / "gold"], Defaults(published=NOW, lang="fr")))
    assert [type(x).__name__ for x in named] == ["Problem"]


def test_ingest_of_the_whole_sample_folder_reads_only_articles(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.duckdb"), "ingest", str(paths.sample_data_dir())])
    assert result.exit_code == 0, result.stderr
    assert "gold/ (it holds a .evdbignore file" in result.stderr
    assert "0 skipped" in result.stderr.splitlines()[-1] and "1 replaced" in result.stderr.splitlines()[-1]


BAD_CASES = {
    "invalid JSON": ('{"id": 1, "text": ', "invalid JSON"),
    "missing text": ('{"id": 2, "published": "2024-01-28", "lang": "fr"}', "missing text"),
    "bad date": ('{"id": 3, "published": "28/01/2024 a.m.", "lang": "fr", "text": "x"}', "unparseable date '28/01/2024 a.m.'"),
    "bad tz": ('{"id": 4, "published": "2024-01-28", "lang": "fr", "tz": "Europe/Pariss", "text": "x"}', "unknown time zone 'Europe/Pariss'"),
    "unknown lang": ('{"id": 5, "published": "2024-01-28", "lang": "de", "text": "x"}', "unknown language 'de'"),
    "not an object": ('["a", "b"]', "expected a JSON object"),
    "no date at all": ('{"id": 6, "lang": "fr", "text": "x"}', "no publication date"),
}


@pytest.mark.parametrize("line, reason", BAD_CASES.values(), ids=BAD_CASES.keys())
def test_a_bad_jsonl_record_is_a_problem_at_its_line_and_the_next_record_is_read(tmp_path, line, reason):
    f = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "ok", "published": "2024-01-28", "lang": "fr", "text": FR_TEXT})
    f.write_text(good + "\n\n" + line + "\n" + good.replace('"ok"', '"ok2"') + "\n", encoding="utf-8")
    items = list(read_documents([f]))
    problems = [i for i in items if isinstance(i, Problem)]
    assert len(problems) == 1 and problems[0].line == 3, problems
    assert str(problems[0]).startswith(f"{f}:3: {reason}")
    assert [d.source_id for d in _docs(items)] == ["ok", "ok2"]


def test_undecodable_bytes_are_reported_at_their_line(tmp_path):
    txt = tmp_path / "latin1.txt"
    txt.write_bytes("---\nlang: fr\npublished: 2024-01-28\n---\nPremière ligne.\nDeuxième ligne.\n".encode("latin-1"))
    jsonl = tmp_path / "latin1.jsonl"
    jsonl.write_bytes(b'{"id": "a", "published": "2024-01-28", "lang": "fr", "text": "ok"}\n'
                      + '{"id": "b", "published": "2024-01-28", "lang": "fr", "text": "été"}\n'.encode("latin-1"))
    problems = [i for i in read_documents([tmp_path]) if isinstance(i, Problem)]
    assert [(p.file, p.line) for p in problems] == [(str(jsonl), 2), (str(txt), 5)]
    assert all("not UTF-8" in p.reason and "iconv" in p.reason for p in problems)


def test_front_matter_mistakes_name_their_line(tmp_path):
    typo = tmp_path / "typo.txt"
    typo.write_text("---\nlang: fr\npublised: 2024-01-28\n---\n" + FR_TEXT)
    unclosed = tmp_path / "unclosed.txt"
    unclosed.write_text("---\nlang: fr\n" + FR_TEXT)
    bad_date = tmp_path / "when.txt"
    bad_date.write_text("---\nlang: fr\n\npublished: demain\n---\n" + FR_TEXT)
    problems = {p.file: p for p in read_documents([typo, unclosed, bad_date]) if isinstance(p, Problem)}
    assert (problems[str(typo)].line, problems[str(unclosed)].line, problems[str(bad_date)].line) == (3, 1, 4)
    assert "unknown front matter key 'publised'" in problems[str(typo)].reason
    assert "never closed" in problems[str(unclosed)].reason


def _invoke(args, monkeypatch, now=NOW):
    monkeypatch.setattr(AppContext, "now", staticmethod(lambda: now))
    return CliRunner().invoke(cli, args)


def test_cli_ingest_skips_bad_records_reports_file_line_and_exits_1(tmp_path, monkeypatch):
    data = tmp_path / "in"
    data.mkdir()
    _jsonl(data / "a.jsonl", {"id": "1", "published": "2024-01-28T09:00:00+01:00", "lang": "fr", "text": FR_TEXT})
    with (data / "a.jsonl").open("a") as f:
        f.write('{"id": "2", "published": "2024-01-28", "lang": "fr"\n')
        f.write(json.dumps({"id": "3", "published": "hier", "lang": "fr", "text": "x"}) + "\n")
    (data / "b.txt").write_text("---\nlang: en\ntz: Mars/Olympus\npublished: 2024-01-28\n---\n" + EN_TEXT)
    (data / "c.txt").write_bytes(b"caf\xe9\n")
    (data / "d.md").write_text("# Gao\n\n" + EN_TEXT)
    db = tmp_path / "t.duckdb"
    result = _invoke(["--db", str(db), "ingest", str(data), "--lang", "en", "--published", "2024-01-29"], monkeypatch)
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert lines[:4] == [
        f"{data / 'a.jsonl'}:2: invalid JSON: Expecting ',' delimiter (column 52)",
        f"{data / 'a.jsonl'}:3: unparseable date 'hier' (use ISO 8601, e.g. 2024-01-24T09:00+01:00)",
        f"{data / 'b.txt'}:3: unknown time zone 'Mars/Olympus' (use an IANA name such as Europe/Paris or UTC)",
        f"{data / 'c.txt'}:1: not UTF-8 (byte 0xe9 at column 4); convert the file, e.g. iconv -f latin1 -t utf-8",
    ]
    assert "6 documents: 2 new, 0 unchanged, 0 replaced, 4 skipped" in result.stderr
    assert result.stdout == ""  # narration only on stderr
    con = duckdb.connect(str(db), read_only=True)
    assert sorted(r[0] for r in con.execute("SELECT title FROM documents").fetchall() if r[0]) == ["Gao"]
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (2,)
    con.close()


def test_cli_ingest_of_good_files_exits_0_and_bad_option_values_are_usage_errors(tmp_path, monkeypatch):
    f = tmp_path / "a.md"
    f.write_text("# Gao\n\n" + EN_TEXT)
    db = str(tmp_path / "t.duckdb")
    ok = _invoke(["--db", db, "ingest", str(f), "--lang", "en", "--published", "2024-01-29T10:00", "--tz", "Africa/Bamako"],
                 monkeypatch)
    assert ok.exit_code == 0, ok.output
    assert "1 document: 1 new" in ok.stderr
    assert _invoke(["--db", db, "ingest", str(f), "--tz", "Nowhere/Land"], monkeypatch).exit_code == 2
    assert _invoke(["--db", db, "ingest", str(f), "--published", "soon"], monkeypatch).exit_code == 2
    assert _invoke(["--db", db, "ingest", str(tmp_path / "missing.txt")], monkeypatch).exit_code == 2


def test_cli_lists_ten_bad_records_per_file_and_counts_the_rest(tmp_path, monkeypatch):
    f = tmp_path / "gold.jsonl"
    _jsonl(f, *({"id": str(i), "label": "not an article"} for i in range(25)))
    result = _invoke(["--db", str(tmp_path / "t.duckdb"), "ingest", str(f), "--lang", "fr"], monkeypatch)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[:10] == [f"{f}:{n}: missing text (add a \"text\" key)" for n in range(1, 11)]
    assert lines[10] == f"{f}: 15 more bad records not shown (25 in this file)"
    assert lines[11].startswith("25 documents: 0 new, 0 unchanged, 0 replaced, 25 skipped")


def test_every_store_command_has_an_example_in_its_help():
    for name in ("init", "ingest", "rm", "demo"):
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output and "evdb " in result.output, name


def _table_rows(db) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(map(str, con.execute(f"SELECT * FROM {t}").fetchall())) for t in VERSIONED_TABLES}
    finally:
        con.close()


def test_jobs_2_stores_the_same_rows_as_jobs_1(tmp_path):
    news = paths.sample_data_dir() / "news"
    one = ingest(tmp_path / "one.duckdb", [news], IngestOptions(jobs=1, batch_size=3), now=NOW)
    two = ingest(tmp_path / "two.duckdb", [news], IngestOptions(jobs=2, batch_size=3), now=NOW)
    assert one.new == two.new > 12 and one.problems == two.problems == []
    assert (one.timexes, one.events) == (two.timexes, two.events)
    assert one.timexes > 0 and one.events > 0  # the comparison covers derived rows, not documents only
    assert _table_rows(tmp_path / "one.duckdb") == _table_rows(tmp_path / "two.duckdb")


def test_progress_bar_only_when_stderr_is_a_terminal(tmp_path, monkeypatch, capsys):
    import sys

    from evdb.cli import main
    from evdb.cli import store_cmds

    (tmp_path / "a.txt").write_text(FR_TEXT)
    bars = []
    real = store_cmds._progress_bar
    monkeypatch.setattr(store_cmds, "_progress_bar", lambda console: bars.append(console) or real(console))
    argv = ["--db", str(tmp_path / "p.duckdb"), "ingest", str(tmp_path), "--lang", "fr", "--published", "2024-01-24"]
    with pytest.raises(SystemExit) as exc:
        main(argv)
    out, err = capsys.readouterr()
    assert exc.value.code == 0 and bars == [] and out == ""
    assert "\x1b[" not in err and "1 document: 1 new, 0 unchanged, 0 replaced, 0 skipped" in err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with pytest.raises(SystemExit):
        main(argv)
    assert len(bars) == 1
