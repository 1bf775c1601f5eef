"""Each source's file must be readable with nothing but its mapping's hints, and every
value in it must be one the mapping or the code lists know."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from palermo.simulate import SimulationResult, SourceFile
from palermo.standard import FieldType, fields_of, fold, load_codelist


def _read(path: Path, hints: dict[str, Any]) -> pd.DataFrame:
    if hints["format"] == "csv":
        return pd.read_csv(
            path,
            sep=hints["delimiter"],
            encoding=hints["encoding"],
            dtype=str,
            keep_default_na=False,
        )
    if hints["format"] == "xlsx":
        sheet = pd.read_excel(path, sheet_name=hints["sheet"], dtype=object)
        return sheet.where(sheet.notna(), "")
    return pd.DataFrame(json.loads(path.read_text(encoding="utf-8"))).fillna("")


def _cells(value: Any, hints: dict[str, Any]) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if value in ("", None):
        return []
    separator = hints.get("multi_separator")
    return (
        [v.strip() for v in str(value).split(separator)] if separator else [str(value)]
    )


def _check_file(out: Path, item: SourceFile) -> None:
    assert item.mapping is not None
    mapping = yaml.safe_load((out / item.mapping).read_text(encoding="utf-8"))
    hints = mapping["file"]
    frame = _read(out / item.path, hints)
    assert list(frame.columns) == list(mapping["columns"]), item.path
    assert len(frame) == item.records
    fields = {f.name: f for f in fields_of(item.kind)}
    for column, name in mapping["columns"].items():
        field = fields.get(name)
        values = frame[column]
        if field is None:  # birth_year: an integer column outside the standard's fields
            continue
        if field.type in (FieldType.CODE, FieldType.CODES):
            assert field.codelist is not None
            known = load_codelist(field.codelist).synonym_table()
            own = {fold(k) for k in mapping["values"].get(name, {})}
            for value in values:
                cells = (
                    _cells(value, hints)
                    if field.type == FieldType.CODES
                    else ([] if value in ("", None) else [str(value)])
                )
                for cell in cells:
                    assert fold(cell) in known or fold(cell) in own, (
                        item.path,
                        column,
                        cell,
                    )
        elif field.type == FieldType.DATE:
            for value in values:
                if value in ("", None) or isinstance(value, datetime):
                    continue
                datetime.strptime(str(value), hints["date_format"])


def test_every_file_reads_with_its_mapping_and_holds_only_known_values(
    clean_written: SimulationResult,
) -> None:
    assert {f.format for f in clean_written.files} == {"csv", "xlsx", "json"}
    for item in clean_written.files:
        _check_file(clean_written.out_dir, item)


def test_files_with_errors_still_hold_only_known_values(
    small_written: SimulationResult,
) -> None:
    for item in small_written.files:
        _check_file(small_written.out_dir, item)


def test_sources_write_their_own_vocabularies(small_written: SimulationResult) -> None:
    out = small_written.out_dir
    police = (out / "sources/police/victims.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        police.decode("utf-8")  # a Windows export, cp1252
    text = police.decode("cp1252")
    assert text.splitlines()[0].startswith("N° procédure;")
    assert "Exploitation sexuelle" in text
    border = pd.read_csv(out / "sources/border_guard/victims.csv", dtype=str)
    assert border["NATIONALITY"].str.fullmatch(r"[A-Z]{3}|UNK").all()
    assert (border["SURNAME"].dropna() == border["SURNAME"].dropna().str.upper()).all()
    inspection = json.loads(
        (out / "sources/labour_inspectorate/victims.json").read_text()
    )
    assert {r["sex"] for r in inspection} <= {"1", "2", None}
    assert any("FORCED_LABOUR" in (r["forms"] or []) for r in inspection)
    social = (out / "sources/social_services/victims.csv").read_bytes()
    assert social.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark
    assert b"\t" in social.splitlines()[0]


def test_non_latin_names_reach_the_files_in_latin_letters(
    small_written: SimulationResult,
) -> None:
    ngo = pd.read_excel(small_written.out_dir / "sources/ngo/victims.xlsx", dtype=str)
    names = pd.concat([ngo["First name"], ngo["Surname"]]).dropna()
    assert all(not any("\u0400" <= c <= "\u04ff" for c in n) for n in names)


def test_parquet_mode_writes_standard_tables(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from palermo.simulate import SimulationConfig, simulate

    result = simulate(
        SimulationConfig(victims=300, seed=2, file_format="parquet"), tmp_path
    )
    for item in result.files:
        assert item.mapping is None
        table = pq.read_table(tmp_path / item.path)
        assert table.column_names == [f.name for f in fields_of(item.kind)]
        assert table.num_rows == item.records
        assert set(table.column("organisation_id").to_pylist()) == {
            item.organisation_id
        }
