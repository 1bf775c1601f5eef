"""The Excel template of a kind, built by the core's intake and cached per language."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from palermo.standard import Kind


@functools.lru_cache(maxsize=12)
def excel_template(kind: Kind, language: str) -> bytes:
    from palermo.intake import write_template

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{kind.value}.xlsx"
        write_template(kind, path)
        return path.read_bytes()
