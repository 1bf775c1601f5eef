"""Primary and secondary suppression."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from tables_builders import grid_table, person, persons_table

from palermo.errors import DisclosureError
from palermo.tables import (
    CellStatus,
    DisclosureConfig,
    audit_tables,
    compute_tables,
    suppress,
)
from palermo.tables._lp import Attack, LinearSystem
from palermo.tables.model import Table
from palermo.tables.relations import Relation


def _status(table: Table, sex: str, ctz: str) -> CellStatus:
    cell = next(c for c in table.cells if c["SEX"] == sex and c["CITIZEN"] == ctz)
    return CellStatus(cell["status"])


def _withheld(table: Table) -> set[tuple[str, str]]:
    return {
        (c["SEX"], c["CITIZEN"])
        for c in table.cells
        if c["status"] == CellStatus.SUPPRESSED
    }


def test_a_small_cell_is_withheld_with_the_cheapest_rectangle_around_it() -> None:
    table = grid_table([[2, 40, 50], [30, 60, 70], [45, 55, 65]])
    published = suppress([table]).tables[0]
    # The 2 needs a partner in its row and column and a fourth corner: the
    # cheapest rectangle uses the smallest cells, and no total is touched.
    assert _withheld(published) == {
        ("F", "NAT"),
        ("F", "EU27_2020_FOR"),
        ("M", "NAT"),
        ("M", "EU27_2020_FOR"),
    }


def test_a_true_zero_is_published_and_never_withheld() -> None:
    table = grid_table([[0, 3, 50], [30, 0, 70], [45, 55, 65]])
    published = suppress([table]).tables[0]
    assert _status(published, "F", "NAT") == CellStatus.ZERO
    assert _status(published, "M", "EU27_2020_FOR") == CellStatus.ZERO
    assert _status(published, "F", "EU27_2020_FOR") == CellStatus.SUPPRESSED


def test_zeros_are_withheld_when_configured() -> None:
    table = grid_table([[0, 30, 50], [30, 40, 70], [45, 55, 65]])
    config = DisclosureConfig(publish_zeros=False)
    published = suppress([table], config).tables[0]
    assert _status(published, "F", "NAT") == CellStatus.SUPPRESSED
    assert audit_tables([published], protection=5, lower_bound=0).passed


def test_a_count_at_the_threshold_is_published() -> None:
    table = grid_table([[5, 40], [30, 60]])
    assert not _withheld(suppress([table]).tables[0])
    assert _withheld(suppress([table], DisclosureConfig(threshold=6)).tables[0])


def test_primary_suppression_alone_would_give_the_cell_back() -> None:
    table = grid_table([[2, 40], [30, 60]])
    naive = [dict(c) for c in table.cells]
    for cell in naive:
        if cell["SEX"] == "F" and cell["CITIZEN"] == "NAT":
            cell.update(value=None, status=CellStatus.SUPPRESSED)
    result = audit_tables([Table(table.spec, naive)], protection=5)
    assert not result.passed
    assert result.failures[0].low == result.failures[0].high == 2


def test_a_margin_is_published_when_an_interior_complement_protects_the_cell() -> None:
    # Three women of unknown citizenship. Weighing every cell by its count alone,
    # the cheapest protection withholds the women's and the men's totals (35 and 6):
    # totals users read. Margins cost ten times more by default, so the interior
    # complement (20 women nationals, 20 and 100 of unknown sex) protects instead.
    table = grid_table(
        [[20, 12, 3], [0, 0, 6], [20, 40, 100]],
        rows=("F", "M", "_U"),
        columns=("NAT", "EU27_2020_FOR", "_U"),
    )
    flat = suppress([table], DisclosureConfig(margin_factor=1)).tables[0]
    assert {("F", "_T"), ("M", "_T")} <= _withheld(flat)
    published = suppress([table]).tables[0]
    assert _withheld(published) == {
        ("F", "_U"),
        ("F", "NAT"),
        ("_U", "NAT"),
        ("_U", "_U"),
    }
    assert audit_tables([published], protection=5).passed


def test_the_grand_total_is_kept_when_a_pattern_without_it_exists() -> None:
    # Counting one per withheld cell and weighing margins like interior cells, the
    # grand total is as cheap a complement as any; it is still spared.
    table = grid_table(
        [[12, 100, 1], [20, 0, 12]],
        rows=("F", "M"),
        columns=("NAT", "EU27_2020_FOR", "_U"),
    )
    config = DisclosureConfig(cost="count", margin_factor=1)
    published = suppress([table], config).tables[0]
    assert ("F", "_U") in _withheld(published)
    assert ("_T", "_T") not in _withheld(published)
    assert audit_tables([published], protection=5).passed


def test_the_grand_total_is_withheld_when_nothing_else_protects() -> None:
    # Two small cells making up the whole table: with the total of 5 published each
    # would be pinned within [1, 4], so the total must go with them.
    table = grid_table([[2, 3]], rows=("F",), columns=("NAT", "_U"))
    published = suppress([table]).tables[0]
    assert ("_T", "_T") in _withheld(published)
    assert audit_tables([published], protection=5).passed


def test_a_margin_factor_below_one_is_refused() -> None:
    with pytest.raises(DisclosureError, match="margin cost factor"):
        DisclosureConfig(margin_factor=0.5)


def test_tables_that_share_a_margin_are_protected_together() -> None:
    # Two tables share the sex margin: withholding within one table only
    # would let the other table's margin give the cell back.
    first = grid_table([[2, 40], [30, 60]], table_id="first")
    second = grid_table(
        [[20, 22], [45, 45]], table_id="second", columns=("NEU27_2020_FOR", "_U")
    )
    result = suppress([first, second])
    assert audit_tables(result.tables, protection=5).passed
    assert result.primary == {"first": 1, "second": 0}


def test_the_protection_level_widens_the_pattern() -> None:
    table = grid_table([[2, 6, 50], [7, 8, 70], [45, 55, 65]])
    narrow = suppress([table], DisclosureConfig(protection=2))
    wide = suppress([table], DisclosureConfig(protection=30))
    assert audit_tables(wide.tables, protection=30).passed
    assert sum(wide.secondary.values()) >= sum(narrow.secondary.values())


def test_the_settings_serialise_to_json() -> None:
    config = DisclosureConfig(threshold=3)
    assert json.loads(json.dumps(config.to_dict()))["protection"] == 3


def test_a_threshold_below_one_is_refused() -> None:
    with pytest.raises(DisclosureError):
        DisclosureConfig(threshold=0)


@pytest.mark.slow
def test_suppression_across_the_real_table_set_passes_the_audit() -> None:
    people: list[dict[str, Any]] = [person() for _ in range(30)]
    people += [
        person(sex="male", citizenship="NG", forms=["labour"], orgs=["ngo"])
    ] * 12
    people += [person(sex="other", age=16, forms=["sexual", "begging"], orgs=["court"])]
    tables = compute_tables(
        {"2024": persons_table(people)}, period="2024", reporting_country="FR"
    )
    result = suppress(tables)
    assert sum(result.primary.values()) > 0
    assert audit_tables(result.tables, protection=5).passed


def test_the_cut_bounds_the_width_for_every_pattern_and_is_exact_at_its_own() -> None:
    # A 2x3 table with margins; the cut read off the duals of one pattern must be
    # an upper bound of the attacker's interval width under any other pattern.
    rng = np.random.default_rng(7)
    inner = rng.integers(1, 9, size=(2, 3)).astype(float)
    keys = [(f"r{r}", f"c{c}") for r in range(3) for c in range(4)]
    full = np.zeros((3, 4))
    full[:2, :3] = inner
    full[:2, 3] = inner.sum(1)
    full[2, :3] = inner.sum(0)
    full[2, 3] = inner.sum()
    relations = [
        Relation(
            tuple(((f"r{r}", f"c{c}"), 1.0) for c in range(3))
            + (((f"r{r}", "c3"), -1.0),),
            True,
        )
        for r in range(3)
    ] + [
        Relation(
            tuple(((f"r{r}", f"c{c}"), 1.0) for r in range(2))
            + ((("r2", f"c{c}"), -1.0),),
            True,
        )
        for c in range(4)
    ]
    system = LinearSystem.build(keys, relations)  # type: ignore[arg-type]
    values = np.array([full[int(k[0][1]), int(k[1][1])] for k in keys])
    slack_low, slack_high = values - 1, np.full(len(keys), 40.0)
    for _ in range(30):
        pattern = (rng.random(len(keys)) < 0.5).astype(int)
        pattern[0] = 1
        attack = Attack(
            system,
            pattern.astype(bool),
            values - slack_low * pattern,
            values + slack_high * pattern,
        )
        found = attack.interval(
            0, values=values, slack_low=slack_low, slack_high=slack_high
        )
        assert found.coefficients is not None
        assert found.constant + found.coefficients @ pattern == pytest.approx(
            found.width
        )
        other = (rng.random(len(keys)) < 0.5).astype(int)
        other[0] = 1
        wider = Attack(
            system,
            other.astype(bool),
            values - slack_low * other,
            values + slack_high * other,
        )
        assert (
            wider.interval(0).width
            <= found.constant + found.coefficients @ other + 1e-6
        )


def test_the_complements_chosen_are_the_cheapest_that_protect_the_small_cell() -> None:
    # The demo's victims by sex and age (rows F, M, unknown; columns child, adult,
    # unknown age): one person of unknown sex and age. Withholding Male children (106)
    # with the unknown row and column looks cheaper, but their small cells (5 and 5)
    # can fall only to 1, so the attacker would pin the 1 within [1, 5]: the 1 needs
    # room through larger cells. The cost of a pattern is the persons it withholds,
    # and the chosen pattern must be the cheapest of all that protect every cell.
    import itertools
    import math

    from palermo.tables.disclosure import count_cells
    from palermo.tables.relations import all_relations, cell_key

    values = [[299, 976, 13], [106, 564, 5], [5, 31, 1]]
    table = grid_table(
        values, rows=("F", "M", "_U"), columns=("NAT", "EU27_2020_FOR", "_U")
    )
    published = suppress([table]).tables[0]
    chosen = _withheld(published)
    counts = {
        (c["SEX"], c["CITIZEN"]): int(c["value"])
        for c in table.cells
        if c["SEX"] != "_T" and c["CITIZEN"] != "_T"
    }
    assert ("_U", "_U") in chosen
    cost = sum(counts[k] for k in chosen)

    cells = count_cells([table])
    keys = list(cells)
    truth = np.array([cells[k] for k in keys], dtype=float)
    system = LinearSystem.build(keys, all_relations([table]))
    where = {
        (c["SEX"], c["CITIZEN"]): keys.index(cell_key(table.spec.dataflow.value, c))
        for c in table.cells
    }

    def protects(pattern: set[tuple[str, str]]) -> bool:
        hidden = np.zeros(len(keys), dtype=bool)
        hidden[[where[k] for k in pattern]] = True
        attack = Attack(
            system,
            hidden,
            np.where(hidden, 1.0, truth),
            np.where(hidden, np.inf, truth),
        )
        for k in pattern:
            found = attack.interval(where[k])
            if math.floor(found.high + 1e-6) - math.ceil(found.low - 1e-6) < 5:
                return False
        return True

    assert protects(chosen)
    assert not protects({("_U", "_U"), ("_U", "NAT"), ("M", "_U"), ("M", "NAT")})
    others = sorted(set(counts) - {("_U", "_U")})
    cheapest = min(
        sum(counts[k] for k in subset)
        for size in range(1, len(others) + 1)
        for subset in itertools.combinations(others, size)
        if protects({("_U", "_U"), *subset})
    )
    assert cost == cheapest + 1 == 918
