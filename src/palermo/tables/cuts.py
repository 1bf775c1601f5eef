"""The cut-generation solver behind secondary suppression.

The master problem (a mixed-integer program solved by HiGHS, ``scipy.optimize.milp``)
picks the cheapest set of cells to withhold; for every withheld cell the attacker's
linear programs give its feasible interval, and a cell not yet protected adds the cut
read off their duals (Fischetti and Salazar-González's model of cell suppression). The
rules it serves (thresholds, costs, grand totals) are in :mod:`palermo.tables.disclosure`.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from palermo.errors import DisclosureError
from palermo.tables._lp import Attack, FloatArray, LinearSystem

if TYPE_CHECKING:
    from palermo.tables.disclosure import DisclosureConfig

logger = logging.getLogger(__name__)


def protect(
    system: LinearSystem,
    values: FloatArray,
    primary: np.ndarray,
    upper: FloatArray,
    costs: FloatArray,
    config: DisclosureConfig,
) -> np.ndarray | None:
    """The cut loop of :func:`protect_group`, for cells allowed up to ``upper``.

    Returns None when it does not converge within ``config.max_rounds``; raises
    :class:`DisclosureError` when no pattern within ``upper`` can protect.
    """
    n = len(values)
    protection = float(config.protection_level)
    floor = float(config.lower_bound)
    lower = np.where(primary, 1.0, 0.0)
    slack_low = np.maximum(values - floor, 0.0)
    # The attacker knows no upper bound; letting a withheld cell rise by the
    # protection level is enough to prove any interval that wide, and keeps the
    # cuts tight (a big-M here makes every cut trivially satisfiable).
    slack_high = np.full(n, protection + 1.0)
    rows, rhs = _equation_cuts(system, upper, slack_low, protection)
    # The attacker's programs split into independent ones, one per group of withheld
    # cells linked by a relation. A cell found protected within a group stays
    # protected while its group keeps at least those cells (the attacker only loses
    # information), so it is not attacked again.
    verified: dict[int, list[frozenset[int]]] = {}
    checked: set[frozenset[int]] = set()
    for round_ in range(config.max_rounds):
        chosen = _master(costs, lower, upper, rows, rhs)
        cuts = 0
        bound_low = values - slack_low * chosen
        bound_high = values + slack_high * chosen
        for group in _hidden_groups(system, chosen):
            todo = [
                i for i in group if not any(v <= group for v in verified.get(i, ()))
            ]
            if not todo:
                continue
            mask = np.zeros(n, dtype=bool)
            mask[list(group)] = True
            attack = Attack(system, mask, bound_low, bound_high)
            for i in todo:
                found = attack.interval(
                    i, values=values, slack_low=slack_low, slack_high=slack_high
                )
                width = math.floor(found.high + 1e-6) - math.ceil(found.low - 1e-6)
                if width >= protection:
                    verified.setdefault(i, []).append(group)
                    continue
                assert found.coefficients is not None
                need = (
                    protection if found.width + 1e-6 < protection else protection + 1.0
                )
                row = found.coefficients.copy()
                row[i] -= need
                rows.append(row)
                rhs.append(-found.constant)
                cuts += 1
        if cuts == 0:
            cuts = _integer_cuts(
                system, chosen, values, floor, protection, upper, rows, rhs, checked
            )
        logger.debug("suppression round %d: %d cuts", round_, cuts)
        if cuts == 0:
            return chosen
    return None


def _equation_cuts(
    system: LinearSystem, upper: FloatArray, room: FloatArray, protection: float
) -> tuple[list[FloatArray], list[float]]:
    """Necessary conditions read off each equation, before any LP is solved.

    In an equation, a withheld cell can only move if other withheld cells of the
    equation move with it: it needs a partner. And it can rise only as far as the
    cells on its side can fall (their value minus the lower bound) or the cells on the
    other side can rise (without bound): so it needs enough room among its partners
    to reach the protection width beyond its own room to fall.
    """
    n = len(system.keys)
    rows: list[FloatArray] = []
    rhs: list[float] = []
    if system.a_eq is None:
        return rows, rhs
    capped = np.minimum(room, protection)
    for r in range(system.a_eq.shape[0]):
        start, end = system.a_eq.indptr[r], system.a_eq.indptr[r + 1]
        members = system.a_eq.indices[start:end]
        signs = np.sign(system.a_eq.data[start:end])
        for k, i in enumerate(members):
            if upper[i] == 0:
                continue
            others = [m for m in members if m != i]
            partner = np.zeros(n)
            partner[others] = 1.0
            partner[i] = -1.0
            rows.append(partner)
            rhs.append(0.0)
            shortfall = protection - capped[i]
            if shortfall <= 0:
                continue
            reach = np.zeros(n)
            for m, sign in zip(members, signs, strict=True):
                if m != i:
                    reach[m] = capped[m] if sign == signs[k] else protection
            reach[i] = -shortfall
            rows.append(reach)
            rhs.append(0.0)
    return rows, rhs


def _integer_cuts(
    system: LinearSystem,
    chosen: np.ndarray,
    values: FloatArray,
    floor: float,
    protection: float,
    upper: FloatArray,
    rows: list[FloatArray],
    rhs: list[float],
    checked: set[frozenset[int]],
) -> int:
    """Check each withheld group against an attacker using integer programming.

    The linear cuts protect against the linear relaxation; where relations are not
    totally unimodular whole numbers can narrow a cell further. A group that fails
    gets a no-good cut: the same group, with nothing added around it, is refused.
    """
    n = len(system.keys)
    low = np.where(chosen > 0, floor, values)
    high = np.where(chosen > 0, np.inf, values)
    added = 0
    for group in _hidden_groups(system, chosen):
        if group in checked:
            continue
        mask = np.zeros(n, dtype=bool)
        mask[list(group)] = True
        attack = Attack(system, mask, low, high)
        widths = [attack.integer_interval(i) for i in group]
        if all(
            math.isinf(w.high)
            or math.floor(w.high + 1e-6) - math.ceil(w.low - 1e-6) >= protection
            for w in widths
        ):
            checked.add(group)
            continue
        row = np.zeros(n)
        for matrix in (system.a_eq, system.a_ub):
            if matrix is None:
                continue
            touching = matrix[:, sorted(group)].tocsr()
            near = np.flatnonzero(np.diff(touching.indptr))
            row[np.unique(matrix[near, :].indices)] = 1.0
        row[upper == 0] = 0.0
        row[list(group)] = -1.0
        rows.append(row)
        rhs.append(1.0 - len(group))
        added += 1
    return added


def _hidden_groups(system: LinearSystem, chosen: np.ndarray) -> list[frozenset[int]]:
    """Withheld cells grouped by the relations that link them."""
    hidden = set(np.flatnonzero(chosen).tolist())
    parent = {i: i for i in hidden}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for matrix in (system.a_eq, system.a_ub):
        if matrix is None:
            continue
        for r in range(matrix.shape[0]):
            members = [
                int(j)
                for j in matrix.indices[matrix.indptr[r] : matrix.indptr[r + 1]]
                if int(j) in hidden
            ]
            for other in members[1:]:
                parent[find(other)] = find(members[0])
    groups: dict[int, set[int]] = {}
    for i in hidden:
        groups.setdefault(find(i), set()).add(i)
    return [frozenset(g) for g in groups.values()]


def _master(
    costs: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
    rows: list[FloatArray],
    rhs: list[float],
) -> np.ndarray:
    """The cheapest 0/1 suppression pattern meeting every cut so far."""
    constraints = []
    if rows:
        matrix = sparse.csr_matrix(np.vstack(rows))
        constraints.append(LinearConstraint(matrix, np.array(rhs) - 1e-7, np.inf))
    result = milp(
        costs,
        integrality=np.ones_like(costs),
        bounds=Bounds(lower, upper),
        constraints=constraints,
    )
    if result.status != 0 or result.x is None:
        raise DisclosureError(
            f"the suppression problem has no solution ({result.message}); "
            "check that the tables' totals agree"
        )
    chosen: np.ndarray = np.rint(result.x).astype(int)
    return chosen
