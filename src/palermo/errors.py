"""The one error root of Palermo and its domain errors.

The CLI turns any :class:`PalermoError` into a one-line message and exit code 1; the web
hub turns it into ``{"error": ..., "issues": [...]}``. Messages never contain identity
values (names, dates of birth, document numbers): they name rows and columns only.
"""

from __future__ import annotations

from typing import Any


class PalermoError(Exception):
    """Root of every error Palermo raises on purpose."""

    def __init__(self, message: str, *, issues: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.message = message
        self.issues: list[dict[str, Any]] = issues or []


class InputError(PalermoError):
    """A file or argument cannot be read at all (wrong format, missing, empty)."""


class InvalidSubmission(PalermoError):
    """A submission failed validation; ``issues`` holds the validation report."""


class LinkageError(PalermoError):
    """Record linkage cannot run on these inputs or settings."""


class EstimationError(PalermoError):
    """Multiple systems estimation cannot produce an estimate; the message says what to try."""


class ConvergenceError(EstimationError):
    """A model fit did not converge."""


class DisclosureError(PalermoError):
    """Disclosure control failed: a published table would expose a suppressed cell."""


class MissingExtra(PalermoError):
    """An optional dependency is missing; the message names the extra to install."""

    def __init__(self, module: str, extra: str):
        super().__init__(
            f"this needs the optional dependency {module!r}: "
            f"pip install 'palermo[{extra}]'"
        )


class StatisticalWarning(UserWarning):
    """A statistical doubt (sparse cells, model dependence) that does not stop the work."""


__all__ = [
    "ConvergenceError",
    "DisclosureError",
    "EstimationError",
    "InputError",
    "InvalidSubmission",
    "LinkageError",
    "MissingExtra",
    "PalermoError",
    "StatisticalWarning",
]
