"""What an uploaded file really is, from its bytes (the name and extension are ignored)."""

from __future__ import annotations

import zipfile
from pathlib import Path

FORMATS = ("csv", "xlsx", "json", "parquet")


class NotAcceptedFormat(ValueError):
    """The bytes are none of the formats the hub reads."""


def sniff(path: Path) -> str:
    """``csv``, ``xlsx``, ``json`` or ``parquet``; raises NotAcceptedFormat otherwise."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(65536)
        handle.seek(max(0, size - 4))
        tail = handle.read(4)
    if not head:
        raise NotAcceptedFormat("the file is empty")
    if head[:4] == b"PAR1" and tail == b"PAR1":
        return "parquet"
    if head[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(path) as archive:
                if "xl/workbook.xml" in archive.namelist():
                    return "xlsx"
        except zipfile.BadZipFile:
            pass
        raise NotAcceptedFormat("a ZIP archive that is not an Excel workbook")
    if b"\x00" in head:
        raise NotAcceptedFormat("a binary file that is not Parquet or Excel")
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text[:1] in (b"{", b"["):
        return "json"
    if head[:5] in (b"%PDF-", b"\x7fELF\x02") or head[:2] == b"MZ":
        raise NotAcceptedFormat("not a data file")
    return "csv"
