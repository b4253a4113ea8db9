"""Output files are written whole or not at all."""
import hashlib

import pytest

from evdb.fileio import atomic_open, write_atomic


def test_failed_write_leaves_the_existing_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_open(target, "w", encoding="utf-8") as fh:
            fh.write("half a row")
            raise RuntimeError("query failed mid-way")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_successful_write_replaces_and_returns_the_checksum(tmp_path):
    target = tmp_path / "chart.svg"
    sha = write_atomic(target, b"<svg/>")
    assert target.read_bytes() == b"<svg/>"
    assert sha == hashlib.sha256(b"<svg/>").hexdigest()
