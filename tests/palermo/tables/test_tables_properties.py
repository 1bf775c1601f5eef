"""Property tests: whatever the counts, no withheld cell can be recovered.

Hypothesis generates tables (small counts on purpose, so that many cells are
withheld); the suppression runs; then the audit, playing the attacker with linear
programming over everything published, must find every withheld cell protected.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tables_builders import grid_table, person, persons_table

from palermo.tables import (
    CellStatus,
    DisclosureConfig,
    audit_directory,
    audit_tables,
    build_tables,
    suppress,
)
from palermo.tables.export import write_outputs

small_counts = st.integers(min_value=0, max_value=12) | st.integers(
    min_value=0, max_value=60
)


@st.composite
def grids(draw: st.DrawFn) -> list[list[int]]:
    rows = draw(st.integers(min_value=2, max_value=4))
    cols = draw(st.integers(min_value=2, max_value=4))
    return [[draw(small_counts) for _ in range(cols)] for _ in range(rows)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grid=grids(), threshold=st.integers(min_value=2, max_value=6))
def test_the_audit_passes_on_every_suppressed_grid(
    grid: list[list[int]], threshold: int
) -> None:
    config = DisclosureConfig(threshold=threshold)
    result = suppress([grid_table(grid)], config)
    published = result.tables[0]
    for cell, original in zip(published.cells, grid_table(grid).cells, strict=True):
        small = 0 < original["value"] < threshold
        if small:
            assert cell["status"] == CellStatus.SUPPRESSED
        if original["value"] == 0:
            assert cell["status"] == CellStatus.ZERO
    assert audit_tables([published], protection=threshold).passed


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=grids(), second_counts=st.lists(small_counts, min_size=2, max_size=2))
def test_tables_sharing_margins_pass_the_audit_together(
    first: list[list[int]], second_counts: list[int]
) -> None:
    # A second table splits the same sex totals by age group: the two tables share
    # their sex margin and grand total, as victims_by_sex_age and the others do.
    table = grid_table(first)
    totals = [sum(row) for row in first]
    split = [
        [min(t, second_counts[i % 2]), t - min(t, second_counts[i % 2])]
        for i, t in enumerate(totals)
    ]
    other = grid_table(
        split, columns=("Y_LT18", "Y_GE18"), table_id="other", column_dim="AGE"
    )
    result = suppress([table, other])
    assert audit_tables(result.tables, protection=5).passed


sexes = st.sampled_from(["female", "male", "other", "unknown"])
forms = st.lists(
    st.sampled_from(["sexual", "labour", "begging", "unknown"]), min_size=1, max_size=2
)
orgs = st.lists(
    st.sampled_from(["police", "ngo", "court"]), min_size=1, max_size=2, unique=True
)
people = st.lists(
    st.builds(
        person,
        sex=sexes,
        age=st.sampled_from([None, 15, 30]),
        citizenship=st.sampled_from(["FR", "RO", "NG", "unknown"]),
        forms=forms,
        status=st.sampled_from(["identified", "presumed"]),
        orgs=orgs,
    ),
    min_size=5,
    max_size=40,
)


@pytest.mark.slow
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(population=people)
def test_the_audit_passes_on_what_palermo_tables_publishes(
    population: list[dict[str, object]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    result = build_tables(
        {"2024": persons_table(population)}, period="2024", reporting_country="FR"
    )
    out = tmp_path_factory.mktemp("published")
    write_outputs(result, out)
    audit = audit_directory(out)
    assert audit.passed, audit.failures[:3]
