"""The Excel template of a kind, built by the core's intake and cached per language."""

from __future__ import annotations

import functools
import importlib
import tempfile
from pathlib import Path

from django.http import Http404

from palermo.standard import Kind


@functools.lru_cache(maxsize=12)
def excel_template(kind: Kind, language: str) -> bytes:
    """The template's bytes; 404 while the installed core cannot build templates."""
    write_template = getattr(
        importlib.import_module("palermo.intake"), "write_template", None
    )
    if write_template is None:
        raise Http404("the Excel template is not available in this installation")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{kind.value}.xlsx"
        write_template(kind, path)
        return path.read_bytes()
