"""The attacker's audit, checked against brute-force enumeration."""

from __future__ import annotations

import itertools
import math

from tables_builders import grid_table

from palermo.tables import CellStatus, audit_tables, suppress
from palermo.tables.model import Table


def _withhold(table: Table, cells: set[tuple[str, str]]) -> Table:
    out = []
    for cell in table.cells:
        cell = dict(cell)
        if (cell["SEX"], cell["CITIZEN"]) in cells:
            cell.update(value=None, status=CellStatus.SUPPRESSED)
        out.append(cell)
    return Table(table.spec, out)


def test_intervals_match_brute_force_enumeration_of_all_consistent_tables() -> None:
    inner = [[2, 7, 4], [6, 3, 9]]
    table = grid_table(inner)
    hidden = {
        ("F", "NAT"),
        ("F", "EU27_2020_FOR"),
        ("M", "NAT"),
        ("M", "EU27_2020_FOR"),
    }
    result = audit_tables([_withhold(table, hidden)], protection=1)
    # Enumerate every table of positive counts that agrees with what is published.
    row_totals = [sum(r) for r in inner]
    col_totals = [inner[0][0] + inner[1][0]]
    feasible: dict[tuple[str, str], list[int]] = {k: [] for k in hidden}
    for a, b, c, d in itertools.product(range(1, 30), repeat=4):
        if (
            a + b + inner[0][2] == row_totals[0]
            and c + d + inner[1][2] == row_totals[1]
            and a + c == col_totals[0]
            and b + d == inner[0][1] + inner[1][1]
        ):
            for key, v in zip(
                [
                    ("F", "NAT"),
                    ("F", "EU27_2020_FOR"),
                    ("M", "NAT"),
                    ("M", "EU27_2020_FOR"),
                ],
                (a, b, c, d),
                strict=True,
            ):
                feasible[key].append(v)
    for interval in result.intervals:
        key = (
            interval.key[4],
            interval.key[6],
        )  # (flow, FREQ, GEO, STATUS, SEX, AGE, CITIZEN…)
        assert (math.ceil(interval.low - 1e-9), math.floor(interval.high + 1e-9)) == (
            min(feasible[key]),
            max(feasible[key]),
        )


def test_a_withheld_grand_total_leaves_the_attacker_without_an_upper_bound() -> None:
    table = grid_table([[1, 2], [3, 1]])
    result = suppress([table])
    published = result.tables[0]
    assert all(c["status"] != CellStatus.VALUE for c in published.cells)
    audit = audit_tables([published], protection=5)
    assert audit.passed
    assert all(math.isinf(i.high) for i in audit.intervals)


def test_the_audit_result_serialises_with_the_verdict() -> None:
    table = grid_table([[2, 40], [30, 60]])
    data = audit_tables(suppress([table]).tables, protection=5).to_dict()
    assert data["passed"] is True
    assert data["suppressed_cells"] == 4
    assert data["failures"] == []


def test_the_integer_attacker_matches_enumeration_where_relaxation_does_not() -> None:
    import random

    import numpy as np

    from palermo.tables._lp import Attack, LinearSystem
    from palermo.tables.relations import Relation

    rng = random.Random(11)
    narrower = 0
    for _ in range(40):
        truth = [rng.randint(1, 6) for _ in range(3)]
        hidden = [("h", str(i)) for i in range(3)]
        keys: list[tuple[str, ...]] = [*hidden, ("p", "total")]
        values = [*truth, float(sum(truth))]
        relations = [
            Relation((*((h, 1.0) for h in hidden), (("p", "total"), -1.0)), True)
        ]
        for r in range(2):
            coefs = [float(rng.choice([-2, -1, 1, 2, 3])) for _ in range(3)]
            key = ("p", str(r))
            keys.append(key)
            values.append(sum(c * v for c, v in zip(coefs, truth, strict=True)) + r)
            terms = (*((h, c) for h, c in zip(hidden, coefs, strict=True)), (key, -1.0))
            relations.append(Relation(terms, equal=(r == 0)))
        system = LinearSystem.build(keys, relations)  # type: ignore[arg-type]
        mask = np.array([k[0] == "h" for k in keys])
        low = np.where(mask, 1.0, np.array(values))
        high = np.where(mask, np.inf, np.array(values))
        attack = Attack(system, mask, low, high)

        constants = {k: v for k, v in zip(keys, values, strict=True) if k[0] == "p"}
        feasible = [
            combo
            for combo in itertools.product(range(1, int(sum(truth)) + 1), repeat=3)
            if sum(combo) == sum(truth)
            and all(_holds(combo, r, constants) for r in relations[1:])
        ]
        for i in range(3):
            exact = attack.integer_interval(i)
            assert (round(exact.low), round(exact.high)) == (
                min(c[i] for c in feasible),
                max(c[i] for c in feasible),
            )
            relaxed = attack.interval(i)
            if relaxed.width > exact.width + 1:
                narrower += 1
    assert narrower > 0  # whole numbers do narrow some cells beyond the relaxation


def _holds(
    combo: tuple[int, ...], relation: object, constants: dict[object, float]
) -> bool:
    """Whether whole numbers ``combo`` for h0..h2 satisfy a relation."""
    terms = relation.terms  # type: ignore[attr-defined]
    lhs = sum(c * x for (_, c), x in zip(terms[:3], combo, strict=True))
    lhs -= constants[terms[3][0]]
    return bool(lhs == 0 if relation.equal else lhs <= 0)  # type: ignore[attr-defined]
