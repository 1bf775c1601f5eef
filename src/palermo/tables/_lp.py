"""The linear programs of disclosure control, on SciPy's HiGHS.

A :class:`LinearSystem` holds the relations between the cells of one connected
group as sparse matrices. :func:`interval` asks HiGHS for the smallest and largest
value a cell can take given bounds on every cell (published cells are fixed to their
value) and returns, besides the interval, the LP duals that bound the interval's
width as an affine function of which cells are suppressed: the Benders cut that the
suppression problem adds when a cell is not yet protected.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from palermo.errors import DisclosureError
from palermo.tables.relations import CellKey, Relation

FloatArray = NDArray[np.float64]


@dataclass
class LinearSystem:
    """``A_eq x = 0`` and ``A_ub x <= 0`` over the cells ``keys``."""

    keys: list[CellKey]
    a_eq: sparse.csr_matrix | None
    a_ub: sparse.csr_matrix | None

    @classmethod
    def build(
        cls, keys: Sequence[CellKey], relations: Sequence[Relation]
    ) -> LinearSystem:
        """Index the relations over ``keys`` (relations on other cells are skipped)."""
        index = {k: i for i, k in enumerate(keys)}
        rows: dict[bool, tuple[list[int], list[int], list[float]]] = {
            True: ([], [], []),
            False: ([], [], []),
        }
        counts = {True: 0, False: 0}
        for relation in relations:
            if not all(k in index for k, _ in relation.terms):
                continue
            r, c, v = rows[relation.equal]
            for key, coef in relation.terms:
                r.append(counts[relation.equal])
                c.append(index[key])
                v.append(coef)
            counts[relation.equal] += 1

        def matrix(equal: bool) -> sparse.csr_matrix | None:
            if counts[equal] == 0:
                return None
            r, c, v = rows[equal]
            return sparse.csr_matrix((v, (r, c)), shape=(counts[equal], len(keys)))

        return cls(list(keys), matrix(True), matrix(False))


@dataclass
class Interval:
    """The feasible range of one cell; ``cut`` bounds its width (see module doc).

    ``width <= constant + coefficients @ s`` holds for every suppression pattern
    ``s`` (1 = suppressed) with the same bounds rule, with equality at the pattern
    the LP was solved for.
    """

    low: float
    high: float
    constant: float = 0.0
    coefficients: FloatArray | None = None

    @property
    def width(self) -> float:
        """``high - low`` (may be infinite)."""
        return self.high - self.low


class Attack:
    """The attacker's linear programs for one suppression pattern.

    Published cells are constants; the withheld cells (``hidden``) are the variables,
    between ``low`` and ``high`` (``high`` may be ``inf``). Only the relations that
    hold a withheld cell remain, which keeps each program small.
    """

    def __init__(
        self,
        system: LinearSystem,
        hidden: NDArray[np.bool_],
        low: FloatArray,
        high: FloatArray,
    ) -> None:
        self.system = system
        self.hidden = np.flatnonzero(hidden)
        self.shown = np.flatnonzero(~hidden)
        self.low = low
        self.high = high
        self.position = {int(j): p for p, j in enumerate(self.hidden)}
        self.bounds = [
            (float(low[j]), None if math.isinf(high[j]) else float(high[j]))
            for j in self.hidden
        ]
        self.eq = self._reduce(system.a_eq, low)
        self.ub = self._reduce(system.a_ub, low)
        # The programs are small: dense matrices spare SciPy's sparse bookkeeping.
        self.eq_dense = self.eq[0].toarray() if self.eq else None
        self.ub_dense = self.ub[0].toarray() if self.ub else None

    def _reduce(
        self, matrix: sparse.csr_matrix | None, values: FloatArray
    ) -> tuple[sparse.csr_matrix, FloatArray, Any, sparse.csc_matrix] | None:
        """Rows holding a withheld cell, over withheld columns, with the rhs."""
        if matrix is None:
            return None
        columns = matrix.tocsc()
        part = columns[:, self.hidden]
        rows = np.flatnonzero(np.diff(part.tocsr().indptr))
        if rows.size == 0:
            return None
        kept = columns[rows, :]
        rhs = -(kept[:, self.shown] @ values[self.shown])
        return kept[:, self.hidden].tocsr(), np.asarray(rhs, dtype=float), rows, kept

    def interval(
        self,
        cell: int,
        *,
        values: FloatArray | None = None,
        slack_low: FloatArray | None = None,
        slack_high: FloatArray | None = None,
    ) -> Interval:
        """Min and max of withheld cell ``cell`` (an index into the system's keys).

        When the true ``values`` and the per-cell slacks are given, the bounds are
        read as ``values - slack_low * s`` and ``values + slack_high * s`` for a 0/1
        pattern ``s`` and the interval carries the cut: ``width <= constant +
        coefficients @ s`` for every pattern, with equality at this one.
        """
        n = len(self.system.keys)
        objective = np.zeros(len(self.hidden))
        ends: list[float] = []
        solved: list[Any] = []
        for sign in (1.0, -1.0):  # minimise, then maximise
            objective[self.position[cell]] = sign
            result = self._linprog(objective)
            if result.status == 3:  # unbounded: no upper bound can be learnt
                ends.append(math.inf)
                solved.append(None)
                continue
            if result.status != 0:
                raise DisclosureError(
                    "the published cells contradict their relations "
                    f"(linear program status {result.status}: {result.message})"
                )
            ends.append(sign * float(result.fun))
            solved.append(result)
        low, high = ends[0], ends[1]
        if values is None or slack_low is None or slack_high is None:
            return Interval(low, high)
        constant = 0.0
        coefficients = np.zeros(n)
        for result in solved:
            if result is None:
                continue
            upper_dual = np.zeros(n)
            lower_dual = np.zeros(n)
            upper_dual[self.hidden] = np.nan_to_num(result.upper.marginals)
            lower_dual[self.hidden] = np.nan_to_num(result.lower.marginals)
            # A published cell is a variable fixed at its value: its bound dual is
            # its reduced cost, -(A^T y) over the kept rows.
            reduced = np.zeros(n)
            for block, duals in ((self.eq, "eqlin"), (self.ub, "ineqlin")):
                if block is None:
                    continue
                y = np.asarray(getattr(result, duals).marginals, dtype=float)
                reduced -= block[3].T @ y
            reduced[self.hidden] = 0.0
            upper_dual += np.minimum(reduced, 0.0)
            lower_dual += np.maximum(reduced, 0.0)
            # min(sign * x) >= sum(upper_dual * ub(s) + lower_dual * lb(s)), so the
            # width (max - min) is at most minus the sum over both programs.
            constant -= float(np.dot(upper_dual + lower_dual, values))
            coefficients -= upper_dual * slack_high - lower_dual * slack_low
        return Interval(low, high, constant, coefficients)

    def integer_interval(self, cell: int) -> Interval:
        """Min and max of withheld cell ``cell`` over whole-number tables.

        Counts are whole numbers, and where relations are not totally unimodular
        (tables linked three ways, the bounds multi-valued forms imply) the integer
        interval can be narrower than the linear relaxation's: this is the
        attacker who uses integer programming. A solve that hits the time limit
        reports HiGHS's proven bound, so the interval is never understated.
        """
        count = len(self.hidden)
        objective = np.zeros(count)
        ends: list[float] = []
        for sign in (1.0, -1.0):
            objective[self.position[cell]] = sign
            relaxed = self._linprog(objective)
            if relaxed.status == 3:
                ends.append(math.inf)
                continue
            if relaxed.status != 0:
                raise DisclosureError(
                    "the published cells contradict their relations "
                    f"(linear program status {relaxed.status}: {relaxed.message})"
                )
            # An optimal vertex in whole numbers is also the integer optimum.
            if np.allclose(relaxed.x, np.rint(relaxed.x), atol=1e-7):
                ends.append(sign * float(relaxed.fun))
                continue
            ends.append(sign * self._integer_optimum(objective))
        return Interval(ends[0], ends[1])

    def _linprog(self, objective: FloatArray) -> Any:
        return linprog(
            objective,
            A_ub=self.ub_dense,
            b_ub=self.ub[1] if self.ub else None,
            A_eq=self.eq_dense,
            b_eq=self.eq[1] if self.eq else None,
            bounds=self.bounds,
            method="highs",
        )

    def _integer_optimum(self, objective: FloatArray) -> float:
        """The integer program's optimum, or HiGHS's proven bound at the time limit."""
        constraints = []
        if self.eq is not None:
            constraints.append(LinearConstraint(self.eq_dense, self.eq[1], self.eq[1]))
        if self.ub is not None:
            constraints.append(LinearConstraint(self.ub_dense, -np.inf, self.ub[1]))
        lower = np.array([b[0] for b in self.bounds], dtype=float)
        upper = np.array([np.inf if b[1] is None else b[1] for b in self.bounds])
        result = milp(
            objective,
            integrality=np.ones(objective.size),
            bounds=Bounds(lower, upper),
            constraints=constraints,
            options={"time_limit": 30.0},
        )
        if result.status in (0, 1) and result.x is not None:
            bound = getattr(result, "mip_dual_bound", None)
            return float(result.fun) if bound is None else float(bound)
        raise DisclosureError(
            "the published cells contradict their relations "
            f"(integer program status {result.status}: {result.message})"
        )


__all__ = ["Attack", "Interval", "LinearSystem"]
