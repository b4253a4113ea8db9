"""The HTML report in a real browser: headless Chromium lays out the tables and the SVG charts.

CI installs Debian's ``chromium`` (see .ci/run); on a machine without it this test is skipped
and says why.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from evdb.report.runner import run_report

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
NOW = datetime(2020, 1, 14, 9, 0, tzinfo=timezone.utc)

# Appended to a *copy* of the report (the report itself has no script): records what the
# browser laid out, so the dumped DOM shows sizes, not just markup.
PROBE = """<script>
const box = e => { const r = e.getBoundingClientRect(); return Math.round(r.width) + "x" + Math.round(r.height); };
document.body.dataset.tables = document.querySelectorAll("main table").length;
document.body.dataset.svgs = Array.from(document.querySelectorAll("svg")).map(box).join(",");
document.body.dataset.intervals = document.querySelectorAll("svg rect.interval").length;
document.body.dataset.bars = document.querySelectorAll("svg rect.bar").length;
document.body.dataset.rows = document.querySelectorAll("main table tbody tr").length;
</script>"""


def browser() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def run_browser(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=90)


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = browser()
    if binary is None:
        pytest.skip("no chromium binary on this machine (CI installs it with `apt-get install -y chromium`; "
                    "see .ci/run)")
    return binary


def test_html_report_renders_tables_and_svg_in_chromium(chromium, sample_db, tmp_path):
    db = tmp_path / "sample.duckdb"
    shutil.copy(sample_db, db)
    report = tmp_path / "brief.html"
    outcome = run_report(db, "daily_brief", {}, out=report, now=NOW)
    html = report.read_text(encoding="utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(html.replace("</body>", PROBE + "\n</body>"), encoding="utf-8")

    done = run_browser(chromium, tmp_path / "profile", "--dump-dom", probe.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    body = re.search(r"<body([^>]*)>", done.stdout)
    assert body, done.stdout[:500]
    attrs = dict(re.findall(r'data-([a-z]+)="([^"]*)"', body.group(1)))

    counts = outcome.run.row_counts()
    query_tables = sum(1 for s in outcome.run.sections if s.result is not None and s.result.rows)
    assert int(attrs["tables"]) == query_tables + (1 if counts["timeline"] else 0)
    shown_rows = sum(len(s.result.rows) for s in outcome.run.sections if s.result is not None)
    shown_rows += sum(len(s.timeline.items) for s in outcome.run.sections if s.timeline is not None)
    assert int(attrs["rows"]) == shown_rows
    assert int(attrs["intervals"]) == counts["timeline"] > 0
    assert int(attrs["bars"]) == counts["by_type"]
    sizes = [tuple(map(int, size.split("x"))) for size in attrs["svgs"].split(",")]
    assert len(sizes) == 2 and all(w >= 300 and h >= 40 for w, h in sizes)

    shot = tmp_path / "brief.png"
    done = run_browser(chromium, tmp_path / "profile2", f"--screenshot={shot}", "--window-size=1200,1600",
                       report.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000   # a page with content, not a blank one
