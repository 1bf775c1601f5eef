"""The Excel template of a kind (drop-down lists, EN/FR field sheet), built by the core."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from palermo.standard import Kind
from palermo.standard.template import write_template


@functools.lru_cache(maxsize=3)
def excel_template(kind: Kind) -> bytes:
    """The template's bytes, built once per kind and process."""
    with tempfile.TemporaryDirectory() as folder:
        return write_template(kind, Path(folder) / f"{kind.value}.xlsx").read_bytes()
