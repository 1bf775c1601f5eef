"""Looking at a file's first bytes: its format, its text encoding, its CSV delimiter.

The content decides, not the extension: a workbook renamed ``.csv`` is caught here.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections import Counter
from pathlib import Path

import charset_normalizer

# How much of a file is read to sniff it. Large enough for a few hundred CSV lines.
SAMPLE_BYTES = 1 << 20

# Encodings guessed when a file is not UTF-8. Windows-1252 and Latin-1 are what
# spreadsheet programs in Western Europe write; a wider list makes charset-normalizer
# mistake French text for Central European code pages.
FALLBACK_ENCODINGS = ["cp1252", "latin_1"]

_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xls": "xls",
    ".ods": "ods",
}

DESCRIPTIONS = {
    "csv": "CSV text",
    "xlsx": "an XLSX workbook",
    "json": "a JSON document",
    "parquet": "a Parquet file",
    "xls": "a legacy Excel 97-2003 (.xls) workbook",
    "ods": "an OpenDocument spreadsheet",
    "zip": "a ZIP archive",
    "pdf": "a PDF document",
    "docx": "a Word document",
    "binary": "binary data",
}

_DELIMITERS = [",", ";", "\t", "|"]


def declared_format(path: Path) -> str | None:
    """The format the file's extension promises, or None for other extensions."""
    return _EXTENSIONS.get(path.suffix.lower())


def sniff_format(path: Path, head: bytes) -> str:
    """What the content is: csv, json, xlsx, parquet, or a DESCRIPTIONS key we refuse."""
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"
    text = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if text[:1] in (b"[", b"{"):
        return "json"
    if b"\x00" in head:
        return "binary"
    return "csv"


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and b"spreadsheet" in archive.read("mimetype"):
                return "ods"
    except zipfile.BadZipFile:
        return "binary"
    return "zip"


def is_blank(head: bytes) -> bool:
    """True for a file with nothing but whitespace (and perhaps a byte-order mark)."""
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        head = head.removeprefix(bom)
    return not head.replace(b"\x00", b"").strip()


def detect_encoding(sample: bytes, complete: bool) -> str | None:
    """The text encoding of a sample, or None when it cannot be told.

    UTF-8 (with or without a byte-order mark) is taken when the bytes decode as UTF-8:
    text in another encoding almost never does. Otherwise charset-normalizer chooses
    between Windows-1252 and Latin-1, and gives up on bytes that are not text.

    Args:
        sample: the first bytes of the file.
        complete: whether the sample is the whole file (else its end may cut a
            character in two, which is not an error).
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    best = charset_normalizer.from_bytes(sample, cp_isolation=FALLBACK_ENCODINGS).best()
    if best is None:
        return None
    # Windows-1252 is Latin-1 plus printable characters where Latin-1 has control
    # codes, so it is the better reading whenever the bytes allow it.
    try:
        sample.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1"
    return "cp1252"


def first_undecodable_line(data: bytes, encoding: str) -> int | None:
    """The 1-based line of the first byte that does not decode, or None."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError as error:
        return data.count(b"\n", 0, error.start) + 1
    return None


def detect_delimiter(text: str) -> str:
    """The CSV delimiter of a decoded sample: the candidate that splits every line of
    the sample into the same number (> 1) of fields, the most fields winning.

    Falls back to the most frequent candidate, then to a comma (one-column files).
    """
    lines = text.splitlines()
    if len(lines) > 1:
        lines = lines[:-1]  # the sample may cut the last line short
    lines = [line for line in lines[:200] if line.strip()]
    if not lines:
        return ","
    sample = "\n".join(lines)
    best: tuple[int, str] | None = None
    for delimiter in _DELIMITERS:
        counts = {
            len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter)
        }
        width = counts.pop() if len(counts) == 1 else 0
        if width > 1 and (best is None or width > best[0]):
            best = (width, delimiter)
    if best is not None:
        return best[1]
    frequency = Counter(c for c in lines[0] if c in _DELIMITERS)
    return frequency.most_common(1)[0][0] if frequency else ","


def read_header(text: str, delimiter: str) -> list[str]:
    """The header row of decoded CSV text (quotes and embedded newlines respected)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    for row in reader:
        return row
    return []
