"""The report printed by a real browser: 8 weeks of the demo fit on 2 pages.

Needs Chromium (`apt-get update && apt-get install -y chromium`, as
`make report-png` says); skipped where it is not installed.
"""

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from tests.helpers import ok
from walkcoach.services import demo
from walkcoach.storage.store import open_store

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed"),
]


def printed_pages(html: Path, pdf: Path) -> int:
    """Print `html` to `pdf` in headless Chromium; the number of pages."""
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
         "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_report_of_8_demo_weeks_prints_on_at_most_2_pages(
    db_path: Path, tmp_path: Path, paper: str
) -> None:
    store = open_store(db_path)
    demo.fill(store, date(2026, 11, 25), days=56)
    store.close()
    html = tmp_path / "report.html"
    ok("report", "-o", str(html), "--weeks", "8", "--name", "Demo walker")
    text = html.read_text(encoding="utf-8")
    assert "Notes (" in text  # the notes are printed too
    sized = tmp_path / f"report-{paper}.html"
    sized.write_text(
        text.replace("</style>", f"@page {{ size: {paper}; }}\n</style>", 1),
        encoding="utf-8",
    )
    assert 1 <= printed_pages(sized, tmp_path / f"{paper}.pdf") <= 2
