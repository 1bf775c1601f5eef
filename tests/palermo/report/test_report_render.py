"""The report as a person sees it: in headless Chromium and as PDF pages.

Screenshots and page images are written to ``PALERMO_REPORT_SHOTS`` when it is set
(to look at them), else into the test's temporary directory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from outputs_builder import Period
from PIL import Image

from palermo.report import ReportConfig, build_report, is_pdf_available, load_outputs

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Elements whose content overflows its box, ignoring the visually hidden headings that
# are clipped on purpose and elements that scroll by design.
OVERFLOWS = """
() => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.visually-hidden')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'inline' || el.clientWidth === 0) continue;
    if (['auto', 'scroll', 'hidden'].includes(style.overflowX)) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      out.push(`${el.tagName}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}: ${el.textContent.slice(0, 60)}`);
    }
  }
  if (document.documentElement.scrollWidth > window.innerWidth) out.push('page wider than the window');
  return out;
}
"""


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("PALERMO_REPORT_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _ink(image: Image.Image) -> float:
    """Share of pixels that are not white: an empty render has none."""
    grey = image.convert("L").resize((200, 200))
    return sum(1 for v in grey.getdata() if v < 240) / 40000


@pytest.fixture(scope="module", params=["en", "fr"])
def written(
    request: pytest.FixtureRequest,
    current: Period,
    tmp_path_factory: pytest.TempPathFactory,
):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp(f"rendered-{request.param}")
    return request.param, build_report(
        load_outputs(current.directory), out, ReportConfig(lang=request.param, pdf=True)
    )


@pytest.mark.parametrize("width", [1100, 760, 420])
def test_the_html_renders_in_chromium_with_nothing_overflowing(
    written, width: int, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    lang, result = written
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 1000})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(result.html.as_uri())
            assert page.evaluate("document.documentElement.lang") == lang
            assert page.evaluate(OVERFLOWS) == []
            images = page.evaluate(
                "[...document.images].map(i => [i.naturalWidth, i.alt.length, i.getBoundingClientRect().right <= document.body.getBoundingClientRect().right + 1])"
            )
            assert images
            assert all(w > 0 and alt > 40 and inside for w, alt, inside in images)
            headings = page.evaluate(
                "[...document.querySelectorAll('h1,h2,h3,h4')].map(h => h.tagName)"
            )
            assert headings.count("H1") == 1
            assert all(url.startswith(("file:", "data:")) for url in requests)
            shot = _shots(tmp_path) / f"report-{lang}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert _ink(Image.open(shot)) > 0.05


def test_the_pdf_has_pages_with_the_charts_and_nothing_past_the_margins(
    written, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    lang, result = written
    if not is_pdf_available():
        assert result.pdf is None
        assert "WeasyPrint" in (result.pdf_skipped or "")
        pytest.skip("WeasyPrint's system libraries are missing")
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")
    assert result.pdf is not None
    assert result.pdf.stat().st_size > 10_000
    prefix = _shots(tmp_path) / f"report-{lang}-page"
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(result.pdf), str(prefix)], check=True
    )
    pages = sorted(prefix.parent.glob(f"{prefix.name}-*.png"))
    assert len(pages) >= 6
    for path in pages:
        page = Image.open(path).convert("L")
        width, height = page.size
        # 16 mm side margins on 210 mm: the outer 10 mm of each side must stay blank.
        edge = int(width * 10 / 210)
        for box in ((0, 0, edge, height), (width - edge, 0, width, height)):
            assert min(page.crop(box).getdata()) > 200, (
                f"{path.name}: something crosses the margin"
            )
    # The charts are drawn in the PDF: the pages of charts carry much ink.
    assert max(_ink(Image.open(p)) for p in pages) > 0.1
    text = subprocess.run(
        ["pdftotext", str(result.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert ("Chiffres clés" if lang == "fr" else "Key figures") in text
