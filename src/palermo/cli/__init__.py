"""The ``palermo`` command.

Thin, as in datasette: each command parses its arguments, calls one core function and
renders the result with Rich. Data goes to stdout, progress and messages to stderr.
Domain errors are turned into user messages only here, at the boundary (see ``_errors``).
"""

from __future__ import annotations

from palermo.cli._app import app, main

# Command groups register themselves on ``app`` when imported. Each lives in its own
# module so that no single file grows into a 900-line cli.py.
from palermo.cli import standard as _standard  # noqa: E402,F401  isort: skip
from palermo.cli import screening as _screening  # noqa: E402,F401  isort: skip
from palermo.cli import intake as _intake  # noqa: E402,F401  isort: skip
from palermo.cli import simulate as _simulate  # noqa: E402,F401  isort: skip
from palermo.cli import linkage as _linkage  # noqa: E402,F401  isort: skip
from palermo.cli import demo as _demo  # noqa: E402,F401  isort: skip
from palermo.cli import tables as _tables  # noqa: E402,F401  isort: skip
from palermo.cli import hub as _hub  # noqa: E402,F401  isort: skip
from palermo.cli import estimate as _estimate  # noqa: E402,F401  isort: skip
from palermo.cli import report as _report  # noqa: E402,F401  isort: skip
from palermo.cli import web as _web  # noqa: E402,F401  isort: skip
from palermo.cli import cases as _cases  # noqa: E402,F401  isort: skip

__all__ = ["app", "main"]
