"""Clerical decisions fed back override the model in later runs."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from palermo.errors import InputError
from palermo.linkage import (
    ClericalDecisions,
    LinkageConfig,
    LinkageResult,
    link_records,
)
from tests.palermo.linkage.conftest import Country


def _person(result: LinkageResult) -> dict[tuple[str, str], str]:
    m = result.record_map
    return {
        (s, r): p
        for s, r, p in zip(
            m["source"].to_pylist(),
            m["record_id"].to_pylist(),
            m["person_id"].to_pylist(),
            strict=True,
        )
    }


def _decisions(rows: list[tuple[tuple[str, str], tuple[str, str], str]]) -> pa.Table:
    return pa.table(
        {
            "source_l": [a[0] for a, _, _ in rows],
            "record_id_l": [a[1] for a, _, _ in rows],
            "source_r": [b[0] for _, b, _ in rows],
            "record_id_r": [b[1] for _, b, _ in rows],
            "decision": [d for _, _, d in rows],
        }
    )


def test_same_and_not_same_override_the_model(
    country: Country, plain_result: LinkageResult, tmp_path: Path
) -> None:
    person = _person(plain_result)
    by_person: dict[str, list[tuple[str, str]]] = {}
    for record, pid in person.items():
        by_person.setdefault(pid, []).append(record)
    linked = next(records for records in by_person.values() if len(records) == 2)
    sex = {
        (t["organisation_id"][0].as_py(), r): x
        for t in country.tables
        for r, x in zip(
            t["source_record_id"].to_pylist(), t["sex"].to_pylist(), strict=True
        )
    }
    singles = [
        records[0]
        for records in by_person.values()
        if len(records) == 1 and sex[records[0]] == "female"
    ]
    # Two records the model put apart, of one sex (a decision never merges records
    # of different sex).
    apart = (singles[0], singles[1])
    rows = [
        (linked[0], linked[1], "not same"),
        (apart[0], apart[1], "same"),
    ]
    path = tmp_path / "decisions.csv"
    pacsv.write_csv(_decisions(rows), path)
    decisions = ClericalDecisions.read(path)
    config = LinkageConfig(
        reporting_country="FR", reference_period="2025", blocking=_no_constraints()
    )
    again = _person(link_records(country.tables, config, clerical=decisions))
    assert again[linked[0]] != again[linked[1]]
    assert again[apart[0]] == again[apart[1]]


def _no_constraints():  # type: ignore[no-untyped-def]
    from palermo.linkage import BlockingConfig

    # The "same" pair is drawn at random; a wide gap keeps the test about decisions.
    return BlockingConfig(max_birth_year_gap=200)


def test_review_pairs_show_evidence_but_no_identity(
    plain_result: LinkageResult,
) -> None:
    review = plain_result.review_pairs
    assert review.column_names[:4] == [
        "source_l",
        "record_id_l",
        "source_r",
        "record_id_r",
    ]
    assert "decision" in review.column_names
    assert not {"given_names", "family_names", "date_of_birth"} & set(
        review.column_names
    )


def test_an_unknown_decision_names_its_row() -> None:
    table = _decisions([(("a", "1"), ("b", "2"), "perhaps")])
    with pytest.raises(InputError, match="row 2, column decision"):
        ClericalDecisions.from_table(table)
