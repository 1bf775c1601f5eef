"""The frozen result of an estimate: what a report quotes and how to reproduce it."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from palermo.estimate.bootstrap import BootstrapOutcome
from palermo.estimate.config import EstimateConfig
from palermo.estimate.messages import Notice

INTERVAL_NAMES = {
    "model": "model-conditional (log-normal dark figure, as SparseMSE)",
    "profile": "profile likelihood (model-conditional)",
    "bca": "bootstrap BCa with the model choice repeated",
}


@dataclass(frozen=True)
class ModelTerm:
    """An interaction term of the chosen model.

    Attributes:
        term: Its name, list names joined by ``:``.
        infinite: Whether it is fixed at minus infinity (the lists share nobody).
        coefficient: Its fitted value on the log scale (``-inf`` when fixed).
        std_error: Its standard error (``nan`` when fixed).
        p_value: The stepwise p-value when it was added (``None`` otherwise).
        notice: Why it is fixed, for a term at minus infinity.
    """

    term: str
    infinite: bool
    coefficient: float
    std_error: float
    p_value: float | None = None
    notice: Notice | None = None


@dataclass(frozen=True)
class ExcludedTerm:
    """A candidate term left out of the model, and why.

    Attributes:
        term: Its name.
        reason: ``not_significant``, ``no_estimate``, ``not_identifiable``,
            ``no_estimate_not_identifiable``, ``not_in_best_model`` (AIC/BIC) or
            ``independence_assumed`` (method main).
        p_value: Its stepwise p-value at the last step (``None`` otherwise).
        notice: The explanation in plain words.
    """

    term: str
    reason: str
    p_value: float | None
    notice: Notice


def _json_number(value: float) -> float | None:
    # JSON has no infinity: an unbounded limit is written as null.
    return value if math.isfinite(value) else None


@dataclass(frozen=True, eq=False)
class MSEResult:
    """A multiple systems estimate of the total number of victims.

    Attributes:
        estimate: Estimated total: the people observed plus those no list saw.
        ci_low: Lower limit of the interval.
        ci_high: Upper limit (``inf`` when the data set none).
        ci_kind: ``"model"``, ``"profile"`` or ``"bca"``.
        confidence: Coverage of the interval.
        observed: People seen by at least one list.
        dark_figure: Estimated people seen by no list.
        lists: The lists, in column order.
        terms: The interaction terms of the chosen model, in the order chosen.
        excluded: The pairs left out, with the reason.
        intervals: Every interval computed, as ``(kind, low, high)``.
        notices: Statistical doubts, explained (also raised as warnings), then the
            method's caveat ``downward_bias`` (on every result, not raised).
        diagnostics: Fit and selection details (deviance, AIC, BIC, p-values...).
        settings: The settings used.
        fingerprint: SHA-256 of the data and the settings.
        bootstrap: The bootstrap replicates, when a bootstrap ran.
    """

    estimate: float
    ci_low: float
    ci_high: float
    ci_kind: str
    confidence: float
    observed: int
    dark_figure: float
    lists: tuple[str, ...]
    terms: tuple[ModelTerm, ...]
    excluded: tuple[ExcludedTerm, ...]
    intervals: tuple[tuple[str, float, float], ...]
    notices: tuple[Notice, ...]
    diagnostics: Mapping[str, Any]
    settings: EstimateConfig
    fingerprint: str
    bootstrap: BootstrapOutcome | None = field(default=None, repr=False)

    @property
    def model(self) -> tuple[str, ...]:
        """Names of the model's interaction terms (empty: lists independent)."""
        return tuple(t.term for t in self.terms)

    @property
    def infinite_terms(self) -> tuple[str, ...]:
        """Terms fixed at minus infinity because their lists share nobody."""
        return tuple(t.term for t in self.terms if t.infinite)

    def interval(self, kind: str) -> tuple[float, float]:
        """The interval of ``kind`` (``model``, ``profile``, ``bca``) if computed."""
        for name, low, high in self.intervals:
            if name == kind:
                return low, high
        raise KeyError(f"no {kind!r} interval was computed; have {self.interval_kinds}")

    @property
    def interval_kinds(self) -> tuple[str, ...]:
        """The kinds of interval computed."""
        return tuple(name for name, _, _ in self.intervals)

    def summary(self, lang: str = "en") -> pd.DataFrame:
        """A table of the estimate, its intervals and the model's parameters.

        Columns: ``quantity``, ``value``, ``low``, ``high``, ``note``. Parameters are
        on the log scale with a model-conditional interval.
        """
        pct = f"{self.confidence:.0%}"
        rows: list[dict[str, Any]] = [
            _row("people observed", self.observed),
            _row("people missed (dark figure)", self.dark_figure),
        ]
        for kind, low, high in self.intervals:
            headline = " (reported)" if kind == self.ci_kind else ""
            rows.append(
                _row(
                    f"total, {pct} {kind}{headline}",
                    self.estimate,
                    low,
                    high,
                    INTERVAL_NAMES[kind],
                )
            )
        z = 1.959963984540054
        for term in self.terms:
            if term.infinite:
                note = term.notice.text(lang) if term.notice else "fixed at -inf"
                rows.append(_row(f"link {term.term}", -math.inf, note=note))
            else:
                rows.append(
                    _row(
                        f"link {term.term}",
                        term.coefficient,
                        term.coefficient - z * term.std_error,
                        term.coefficient + z * term.std_error,
                        "log-linear interaction (log scale)",
                    )
                )
        return pd.DataFrame(rows, columns=["quantity", "value", "low", "high", "note"])

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values: the keys of ``palermo estimate --json`` and more."""
        return {
            "estimate": self.estimate,
            "ci_low": _json_number(self.ci_low),
            "ci_high": _json_number(self.ci_high),
            "ci_kind": self.ci_kind,
            "confidence": self.confidence,
            "model": list(self.model),
            "infinite_terms": list(self.infinite_terms),
            "observed": self.observed,
            "lists": list(self.lists),
            "dark_figure": self.dark_figure,
            "intervals": {
                kind: [_json_number(low), _json_number(high)]
                for kind, low, high in self.intervals
            },
            "excluded": [
                {"term": e.term, "reason": e.reason, "p_value": e.p_value}
                | {"en": e.notice.text("en"), "fr": e.notice.text("fr")}
                for e in self.excluded
            ],
            "warnings": [n.to_dict() for n in self.notices],
            "diagnostics": dict(self.diagnostics),
            "settings": self.settings.to_dict(),
            "fingerprint": self.fingerprint,
        }

    def __repr__(self) -> str:
        model = " + ".join(
            f"{t.term}(-Inf)" if t.infinite else t.term for t in self.terms
        )
        return (
            f"MSEResult(estimate={self.estimate:,.0f}, "
            f"{self.confidence:.0%} {self.ci_kind} interval "
            f"[{self.ci_low:,.0f}, {self.ci_high:,.0f}], observed={self.observed:,}, "
            f"lists={len(self.lists)}, model={model or 'main effects'}, "
            f"method={self.settings.method})"
        )


def _row(
    quantity: str,
    value: float,
    low: float = math.nan,
    high: float = math.nan,
    note: str = "",
) -> dict[str, Any]:
    return {
        "quantity": quantity,
        "value": value,
        "low": low,
        "high": high,
        "note": note,
    }
