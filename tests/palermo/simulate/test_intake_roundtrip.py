"""Simulated files must go through the real intake path with their own mappings, and
come out as the records the simulator meant."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import pytest

from palermo.intake import Severity, load_mapping, read_records
from palermo.simulate import Simulation, SimulationResult, SourceFile
from palermo.standard import FieldType, Kind, fields_of, fold

# Realistic but suspicious: a victim exploited as a child, registered after turning 18.
EXPECTED_WARNINGS = {"record.child_flag_adult_age"}
# Letters a cp1252 file cannot hold and that have no accent to drop.
_NO_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i"})


def _plain(text: object) -> str:
    return fold(str(text).translate(_NO_DECOMPOSITION))


def _intake(result: SimulationResult, item: SourceFile) -> Any:
    assert item.mapping is not None
    mapping = load_mapping(result.out_dir / item.mapping)
    return read_records(result.out_dir / item.path, item.kind, mapping)


def test_clean_files_pass_intake_without_a_single_error(
    clean_written: SimulationResult,
) -> None:
    for item in clean_written.files:
        report = _intake(clean_written, item).report
        errors = [i for i in report.issues if i.severity == Severity.ERROR]
        assert errors == [], (item.path, errors[:3])
        assert report.is_valid
        assert report.rows == item.records
        warnings = {str(i.code.value) for i in report.issues}
        assert warnings <= EXPECTED_WARNINGS, item.path


def test_files_with_recording_errors_still_pass_intake(
    small_written: SimulationResult,
) -> None:
    for item in small_written.files:
        report = _intake(small_written, item).report
        assert report.is_valid, (item.path, report.issues[:3])


def _expected(value: Any, kind: FieldType) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if kind == FieldType.CODES:
        return sorted(value)
    if kind == FieldType.DATE:
        return value if type(value) is date else pd.Timestamp(value).date()
    if kind == FieldType.INTEGER:
        return int(value)
    if kind == FieldType.NUMBER:
        return float(value)
    return value


def _standard_records(simulation: Simulation, item: SourceFile) -> pd.DataFrame:
    if item.kind == Kind.VICTIMS:
        return simulation.victim_records[item.organisation_id]
    if item.kind == Kind.SUSPECTS:
        return simulation.justice.suspects[item.organisation_id]
    return simulation.justice.proceedings[item.organisation_id]


@pytest.mark.parametrize("kind", list(Kind))
def test_intake_gives_back_the_values_the_simulator_wrote(
    clean_simulation: Simulation, clean_written: SimulationResult, kind: Kind
) -> None:
    for item in (f for f in clean_written.files if f.kind == kind):
        table = _intake(clean_written, item).table
        assert table is not None
        got = table.to_pandas().set_index("source_record_id")
        want = _standard_records(clean_simulation, item).set_index("source_record_id")
        assert list(got.index) == list(want.index)
        mapping = load_mapping(clean_written.out_dir / str(item.mapping))
        written = set(mapping.columns.values())
        for field in fields_of(kind):
            if field.name not in written or field.name == "source_record_id":
                continue
            for record_id in want.index:
                expected = _expected(want.at[record_id, field.name], field.type)
                actual = got.at[record_id, field.name]
                if field.type == FieldType.CODES:
                    actual = sorted(actual)
                if field.type == FieldType.STRING and expected is not None:
                    # Clerks write capitals, and a cp1252 file loses some accents.
                    assert _plain(actual) == _plain(expected), (
                        item.path,
                        field.name,
                    )
                else:
                    assert actual == expected or (
                        expected is None and pd.isna(actual)
                    ), (
                        item.path,
                        field.name,
                        record_id,
                    )
        assert set(got["organisation_id"]) == {item.organisation_id}
