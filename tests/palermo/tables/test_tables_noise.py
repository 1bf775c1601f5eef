"""Cell-key perturbation: the guarantees its documentation states."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tables_builders import person, persons_table

from palermo.errors import InputError
from palermo.tables import CellStatus, TablesConfig, build_tables
from palermo.tables.noise import PerturbationTable, record_keys

SECRET = b"a publisher secret of some length"


@given(count=st.integers(min_value=0, max_value=500))
def test_noise_is_unbiased_bounded_and_keeps_zero_and_positive_apart(
    count: int,
) -> None:
    table = PerturbationTable(max_deviation=2, variance=1.0)
    noise, probabilities = table.distribution(count)
    assert probabilities.sum() == pytest.approx(1.0)
    assert float(probabilities @ noise) == pytest.approx(0.0, abs=1e-6)
    assert float(probabilities @ noise**2) <= 1.0 + 1e-6
    assert np.all(np.abs(noise) <= 2)
    published = count + noise[probabilities > 1e-9]
    if count == 0:
        assert set(published) == {0}
    else:
        assert np.all(published >= 1)


def test_counts_beyond_the_maximum_deviation_get_the_full_variance() -> None:
    noise, probabilities = PerturbationTable(2, 1.0).distribution(40)
    assert float(probabilities @ noise**2) == pytest.approx(1.0, abs=1e-4)


def test_record_keys_depend_on_the_secret_and_nothing_else() -> None:
    ids = ["P1", "P2", "P3"]
    assert np.array_equal(record_keys(ids, SECRET), record_keys(ids, SECRET))
    assert not np.array_equal(record_keys(ids, SECRET), record_keys(ids, SECRET + b"x"))
    assert record_keys(ids, SECRET).max() < 2**62


def test_a_short_secret_is_refused() -> None:
    with pytest.raises(InputError, match="16 bytes"):
        record_keys(["P1"], b"short")


def _cell(table: Any, **codes: str) -> dict[str, Any]:
    dims = ["EXPLOIT" if d == "EXPLOIT_ONCE" else d for d in table.spec.dims]
    wanted = {d: codes.get(d, "_T") for d in dims}
    return next(c for c in table.cells if all(c[d] == v for d, v in wanted.items()))


def test_a_cell_shared_by_two_tables_gets_the_same_noise_and_nothing_is_withheld() -> (
    None
):
    people = [person(sex="female")] * 37 + [person(sex="male", age=15)] * 3
    result = build_tables(
        {"2024": persons_table(people)},
        period="2024",
        reporting_country="FR",
        config=TablesConfig(method="cell_key"),
        noise_secret=SECRET,
    )
    by_sex = _cell(result.table("victims_by_sex"), SEX="F")
    by_sex_age = _cell(result.table("victims_by_sex_age"), SEX="F")
    assert by_sex["value"] == by_sex_age["value"]
    assert abs(by_sex["value"] - 37) <= 2
    assert result.suppression is None
    statuses = {c["status"] for t in result.tables for c in t.cells}
    assert CellStatus.SUPPRESSED not in statuses
    assert _cell(result.table("victims_by_sex"), SEX="OTH")["value"] == 0


def test_cell_key_method_needs_the_secret() -> None:
    with pytest.raises(InputError, match="secret"):
        build_tables(
            {"2024": persons_table([person()] * 5)},
            period="2024",
            reporting_country="FR",
            config=TablesConfig(method="cell_key"),
        )
