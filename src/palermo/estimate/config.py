"""The estimator's settings, as a dataclass that serialises to JSON.

Written beside every output (``estimate_config.json``) so that any published estimate
can be reproduced with the same settings and seed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Literal

from palermo.errors import InputError

Method = Literal["stepwise", "aic", "bic", "main"]
IntervalKind = Literal["model", "profile", "bca"]

METHODS: tuple[str, ...] = ("stepwise", "aic", "bic", "main")
INTERVALS: tuple[str, ...] = ("model", "profile", "bca")
SCHEMES: tuple[str, ...] = ("multinomial", "parametric")

# SparseMSE's default seed (``iseed = 1234``): reproducible unless asked otherwise.
DEFAULT_SEED = 1234
DEFAULT_BOOTSTRAP = 1000


@dataclass(frozen=True)
class EstimateConfig:
    """Settings of multiple systems estimation.

    Attributes:
        method: Model choice: ``"stepwise"`` (SparseMSE, the default), ``"aic"``,
            ``"bic"``, or ``"main"`` (lists independent).
        threshold: Stepwise p-value threshold (0.02, as SparseMSE).
        max_order: Highest interaction order for AIC/BIC (2: pairs; 3: triples too).
        interval: ``"model"`` (SparseMSE's model-conditional interval),
            ``"profile"`` (profile likelihood) or ``"bca"`` (bootstrap with the model
            choice repeated). Defaults to ``"bca"`` when ``bootstrap`` is set, else
            ``"model"``.
        bootstrap: Bootstrap replicates (0: no bootstrap).
        scheme: ``"multinomial"`` (resample the people observed, as SparseMSE) or
            ``"parametric"`` (draw from the fitted model).
        seed: Seed of the bootstrap.
        confidence: Coverage of the interval.
        top_models: For AIC/BIC bootstraps, how many of the best models on the data
            each replicate chooses among (Silverman, Chan & Vincent 2024).
    """

    method: Method = "stepwise"
    threshold: float = 0.02
    max_order: int = 2
    interval: IntervalKind | None = None
    bootstrap: int = 0
    scheme: Literal["multinomial", "parametric"] = "multinomial"
    seed: int | None = DEFAULT_SEED
    confidence: float = 0.95
    top_models: int = 100

    def __post_init__(self) -> None:
        problems = []
        if self.method not in METHODS:
            problems.append(f"method must be one of {', '.join(METHODS)}")
        if not 0.0 <= self.threshold <= 1.0:
            problems.append("threshold must be between 0 and 1")
        if self.max_order not in (2, 3):
            problems.append("max_order must be 2 or 3")
        if self.interval is not None and self.interval not in INTERVALS:
            problems.append(f"interval must be one of {', '.join(INTERVALS)}")
        if self.bootstrap < 0:
            problems.append("bootstrap must be 0 or more replicates")
        if self.scheme not in SCHEMES:
            problems.append(f"scheme must be one of {', '.join(SCHEMES)}")
        if not 0.0 < self.confidence < 1.0:
            problems.append("confidence must be between 0 and 1, such as 0.95")
        if self.top_models < 1:
            problems.append("top_models must be at least 1")
        if problems:
            raise InputError("estimation settings: " + "; ".join(problems))

    @property
    def interval_kind(self) -> str:
        """The interval reported: the one asked for, else BCa with a bootstrap."""
        if self.interval is not None:
            return self.interval
        return "bca" if self.bootstrap > 0 else "model"

    @property
    def replicates(self) -> int:
        """Bootstrap replicates to run (the default number when BCa is asked alone)."""
        if self.bootstrap == 0 and self.interval_kind == "bca":
            return DEFAULT_BOOTSTRAP
        return self.bootstrap

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain JSON values."""
        return asdict(self)

    def to_json(self, path: str | Path | None = None) -> str:
        """The settings as JSON text, also written to ``path`` when given."""
        text = json.dumps(self.to_dict(), indent=2, sort_keys=True)
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EstimateConfig:
        """Settings from a dict such as :meth:`to_dict` gives; unknown keys fail."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InputError(f"unknown estimation settings: {', '.join(unknown)}")
        return cls(**data)
