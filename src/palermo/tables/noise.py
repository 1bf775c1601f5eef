"""Cell-key perturbation: publish every count with a little consistent noise.

An alternative to suppression for data users who prefer a complete table with small
errors to an exact table with holes (the method of the Australian Bureau of
Statistics' TableBuilder and of several census offices).

How it works:

1. Every person (or record) gets a *record key*: a keyed hash (HMAC-SHA256 with a
   secret the publisher keeps) of their id, a 62-bit number. Without the secret the
   keys cannot be recomputed, so nobody can undo the noise.
2. Every cell gets a *cell key*: the sum of the record keys of the distinct persons in
   it, modulo 2**32, divided by 2**32: uniform on [0, 1), and the same whenever the
   same persons make up a cell, in any table, in any rerun with the same secret.
3. A *perturbation table* gives, for each true count ``n``, a distribution of noise
   ``d`` between ``-D`` and ``+D``; the cell key picks ``d`` from it (inverse CDF).

Guarantees (and limits), for maximum deviation ``D`` and variance ``V``:

- |published - true| <= D for every cell.
- Unbiased: the expected published value is the true count, for every count.
- The noise variance is at most V, and equal to V for counts above D.
- A true zero stays 0 and a positive count stays positive, so "0" still means none.
- Consistent: a cell published in several tables, or again next year from the same
  persons, gets the same noise; averaging repeated releases does not remove it.
- Totals are perturbed on their own, so tables no longer add up exactly.
- Counts of 1 are published as 1 (unbiasedness allows nothing else when values may
  not drop to 0), but a published 1 may be a true 2 or 3: no small published count
  is certain.
- This is not differential privacy: there is no formal bound on what an attacker
  learns; it defeats differencing between overlapping tables, not every attack.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from palermo.errors import InputError
from palermo.tables.model import CellStatus, Table

KEY_BITS = 62
CELL_KEY_MODULUS = 2**32


def record_keys(ids: Iterable[str], secret: bytes) -> NDArray[np.int64]:
    """The record key of each id: HMAC-SHA256(secret, id), its first 62 bits."""
    if len(secret) < 16:
        raise InputError("the perturbation secret must be at least 16 bytes long")
    keys = [
        int.from_bytes(
            hmac.new(secret, i.encode("utf-8"), hashlib.sha256).digest()[:8], "big"
        )
        >> (64 - KEY_BITS)
        for i in ids
    ]
    return np.array(keys, dtype=np.int64)


@dataclass(frozen=True)
class PerturbationTable:
    """Noise distributions by true count (the "ptable").

    Attributes:
        max_deviation: D, the largest absolute noise.
        variance: V, the target noise variance.
    """

    max_deviation: int = 2
    variance: float = 1.0
    _cache: dict[int, tuple[NDArray[np.int64], NDArray[np.float64]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        if self.max_deviation < 1 or self.variance <= 0:
            raise InputError(
                "cell-key perturbation needs D >= 1 and a positive variance"
            )
        if self.variance > self.max_deviation**2:
            raise InputError(
                f"a noise variance of {self.variance} cannot be reached with "
                f"deviations of at most {self.max_deviation}"
            )

    def distribution(self, count: int) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """The possible noises for a true ``count`` and their probabilities."""
        if count == 0:
            return np.array([0]), np.array([1.0])
        # Beyond D every count has the same distribution (no floor in reach).
        row = min(count, self.max_deviation + 1)
        if row not in self._cache:
            self._cache[row] = self._solve(row)
        return self._cache[row]

    def _solve(self, count: int) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Maximum-entropy noise on the support, unbiased, variance at most V."""
        d = self.max_deviation
        noise = np.arange(max(1 - count, -d), d + 1)
        if noise.size == 1:
            return noise, np.array([1.0])

        def neg_entropy(p: NDArray[np.float64]) -> float:
            q = np.clip(p, 1e-12, 1.0)
            return float(np.sum(q * np.log(q)))

        constraints = [
            {"type": "eq", "fun": lambda p: float(np.sum(p) - 1.0)},
            {"type": "eq", "fun": lambda p: float(np.dot(p, noise))},
            {
                "type": "ineq",
                "fun": lambda p: float(self.variance - np.dot(p, noise**2)),
            },
        ]
        start = np.where(noise == 0, 1.0, 0.0)
        result = minimize(
            neg_entropy,
            start * 0.5 + 0.5 / noise.size,
            method="SLSQP",
            bounds=[(0.0, 1.0)] * noise.size,
            constraints=constraints,
            options={"ftol": 1e-12, "maxiter": 500},
        )
        p = np.clip(result.x, 0.0, 1.0)
        p /= p.sum()
        return noise, p

    def noise(self, count: int, cell_key: float) -> int:
        """The noise for a cell of true ``count`` whose cell key is ``cell_key``."""
        values, probabilities = self.distribution(count)
        position = int(
            np.searchsorted(np.cumsum(probabilities), cell_key, side="right")
        )
        return int(values[min(position, values.size - 1)])


@dataclass(frozen=True)
class CellKeyPerturbation:
    """Perturb the counts of tables whose cells carry a ``cell_key``."""

    max_deviation: int = 2
    variance: float = 1.0

    @cached_property
    def ptable(self) -> PerturbationTable:
        """The perturbation table of these parameters."""
        return PerturbationTable(self.max_deviation, self.variance)

    def perturb(self, tables: Sequence[Table]) -> list[Table]:
        """The tables with every count replaced by its perturbed value."""
        out = []
        for table in tables:
            cells: list[dict[str, Any]] = []
            for cell in table.cells:
                new = dict(cell)
                key = new.pop("cell_key", None)
                if (
                    cell["status"] in (CellStatus.VALUE, CellStatus.ZERO)
                    and key is not None
                ):
                    value = int(cell["value"])
                    new["value"] = value + self.ptable.noise(value, float(key))
                    new["note"] = "perturbed (cell-key method)"
                cells.append(new)
            out.append(Table(table.spec, cells))
        return out


__all__ = [
    "CELL_KEY_MODULUS",
    "CellKeyPerturbation",
    "PerturbationTable",
    "record_keys",
]
