"""The PDF of the report, printed by WeasyPrint from the same HTML.

WeasyPrint needs Pango (and its fonts) from the operating system. When the Python
package or those libraries are missing, :func:`write_pdf` raises
:class:`PdfUnavailable` saying what to install, and the HTML report stands alone.
"""

from __future__ import annotations

import logging
from pathlib import Path

from palermo.errors import PalermoError

logger = logging.getLogger(__name__)


class PdfUnavailable(PalermoError):
    """WeasyPrint or its system libraries are missing; the message says what to install."""


def _weasyprint() -> object:
    try:
        import weasyprint
    except ImportError as error:
        raise PdfUnavailable(
            "the PDF needs WeasyPrint: pip install 'palermo[pdf]'"
        ) from error
    except OSError as error:
        # WeasyPrint loads Pango through cffi at import time.
        raise PdfUnavailable(
            "the PDF needs WeasyPrint's system libraries (Pango): on Debian or Ubuntu, "
            f"apt-get install libpango-1.0-0 libpangoft2-1.0-0 ({error})"
        ) from error
    return weasyprint


def is_pdf_available() -> bool:
    """Whether a PDF can be written on this machine."""
    try:
        _weasyprint()
    except PdfUnavailable:
        return False
    return True


def write_pdf(html: str, path: str | Path, base: str | Path | None = None) -> Path:
    """Print ``html`` to ``path`` (A4, as the report's print stylesheet lays it out).

    Raises:
        PdfUnavailable: WeasyPrint or its libraries are missing.
    """
    weasyprint = _weasyprint()
    target = Path(path)
    document = weasyprint.HTML(string=html, base_url=str(base) if base else None)  # type: ignore[attr-defined]
    # The report fetches nothing: every chart is inline, and no font is downloaded.
    document.write_pdf(target)
    logger.info("wrote %s", target)
    return target


__all__ = ["PdfUnavailable", "is_pdf_available", "write_pdf"]
