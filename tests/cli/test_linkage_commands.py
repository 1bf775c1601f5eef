"""``palermo keys new``, ``palermo encode`` and ``palermo link`` from the shell.

The privacy test of issue #4: once a source has run ``palermo encode``, no name, date of
birth or document number of its file appears in the encoded file, in a log line or in
an error message.
"""

from __future__ import annotations

import csv
import json
import logging
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from palermo.cli import main
from palermo.simulate import SimulationConfig, simulate

POLICE = "sources/police/victims.csv"


@dataclass(frozen=True)
class Sim:
    folder: Path
    victims: list[tuple[Path, Path]]  # (file, mapping) per source


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Sim:
    folder = tmp_path_factory.mktemp("sim")
    result = simulate(SimulationConfig(victims=1200, seed=11), folder)
    victims = [
        (folder / f.path, folder / str(f.mapping))
        for f in result.files
        if f.kind == "victims"
    ]
    return Sim(folder, victims)


@pytest.fixture(scope="module")
def key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("key") / "linkage.key"
    assert main(["keys", "new", "--out", str(path)]) == 0
    return path


def _identity_values(path: Path) -> set[str]:
    """Names, dates of birth (as written and as ISO dates), document numbers."""
    with path.open(encoding="cp1252", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    values: set[str] = set()
    for row in rows:
        for column in ("NOM", "Prénom(s)", "N° pièce d'identité", "Date de naissance"):
            value = (row.get(column) or "").strip()
            if len(value) >= 4:
                values.add(value)
        born = (row.get("Date de naissance") or "").strip()
        if born:
            day, month, year = born.split("/")
            values.add(date(int(year), int(month), int(day)).isoformat())
    return values


def _impossible_birth_date(sim: Sim, folder: Path) -> tuple[Path, list[str]]:
    """The police file with 31/02/1990 as its first victim's date of birth, written
    to ``folder/victims.csv`` with its mapping beside it; and that row's cells."""
    file = sim.folder / POLICE
    lines = file.read_text(encoding="cp1252").splitlines()
    cells = lines[1].split(";")
    cells[5] = "31/02/1990"  # no such date of birth
    lines[1] = ";".join(cells)
    folder.mkdir(parents=True, exist_ok=True)
    broken = folder / "victims.csv"
    broken.write_text("\n".join(lines) + "\n", encoding="cp1252")
    mapping = file.with_suffix(".mapping.yaml")
    (folder / "victims.mapping.yaml").write_bytes(mapping.read_bytes())
    return broken, cells


def _encode(file: Path, mapping: Path, key: Path, out: Path) -> int:
    return main(
        [
            "encode",
            str(file),
            "--kind",
            "victims",
            "--key",
            str(key),
            "--mapping",
            str(mapping),
            "--out",
            str(out),
        ]
    )


def test_keys_new_writes_a_key_only_its_owner_can_read(key: Path) -> None:
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert json.loads(key.read_text())["format"] == "palermo-linkage-key"


def test_keys_new_never_overwrites_a_key(
    key: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = key.read_bytes()
    assert main(["keys", "new", "--out", str(key)]) == 1
    assert "never overwritten" in capsys.readouterr().err
    assert key.read_bytes() == before


def test_encode_leaves_no_identity_value_in_the_file_or_the_logs(
    sim: Sim,
    key: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    file = sim.folder / POLICE
    out = tmp_path / "police.encoded.parquet"
    assert _encode(file, file.with_suffix(".mapping.yaml"), key, out) == 0
    secrets = _identity_values(file)
    assert len(secrets) > 100
    data = out.read_bytes()
    shown = capsys.readouterr()
    said = shown.out + shown.err + caplog.text
    assert [s for s in secrets if s.encode() in data] == []
    assert [s for s in secrets if s.upper().encode() in data] == []
    assert [s for s in secrets if s in said] == []
    table = pq.read_table(out)
    assert {"given_names", "family_names", "date_of_birth"}.isdisjoint(
        table.column_names
    )
    assert "given_names_bloom" in table.column_names
    # Statistical fields stay as they are; the year of birth is statistical.
    assert {"sex", "citizenship", "birth_year"} <= set(table.column_names)


def test_an_invalid_file_is_refused_without_echoing_identity_values(
    sim: Sim,
    key: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    file = sim.folder / POLICE
    broken, cells = _impossible_birth_date(sim, tmp_path)
    out = tmp_path / "never.parquet"
    assert _encode(broken, broken.with_suffix(".mapping.yaml"), key, out) == 1
    shown = capsys.readouterr()
    said = shown.out + shown.err + caplog.text
    assert "nothing was encoded" in said
    assert not out.exists()
    for secret in {*_identity_values(file), "31/02/1990", cells[3], cells[4]}:
        assert secret not in said


@pytest.fixture(scope="module")
def encoded(
    sim: Sim, key: Path, tmp_path_factory: pytest.TempPathFactory
) -> list[Path]:
    folder = tmp_path_factory.mktemp("encoded")
    files = []
    for file, mapping in sim.victims:
        out = folder / f"{file.parent.name}.parquet"
        assert _encode(file, mapping, key, out) == 0
        files.append(out)
    return files


def test_link_writes_persons_and_measures_quality_against_truth(
    sim: Sim, encoded: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "linkage"
    code = main(
        [
            "link",
            *map(str, encoded),
            "--out",
            str(out),
            "--period",
            "2025",
            "--reporting-country",
            "FR",
            "--truth",
            str(sim.folder / "truth" / "records.csv"),
            "--json",
        ]
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["mode"] == "encoded"
    assert report["quality"]["precision"] >= 0.97
    assert report["quality"]["recall"] >= 0.97
    persons = pq.read_table(out / "persons.parquet")
    assert persons.schema.metadata[b"reference_period"] == b"2025"
    assert persons.num_rows == report["persons"]
    caps = sorted(c for c in persons.column_names if c.startswith("cap_"))
    assert caps == sorted(f"cap_{f.stem}" for f in encoded)
    assert (
        (out / "linkage_report.html").read_text().lower().startswith("<!doctype html>")
    )


def test_link_without_files_or_period_says_what_to_give(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["link"]) == 1
    assert "--period" in capsys.readouterr().err


def test_link_refuses_files_encoded_under_different_keys(
    sim: Sim, encoded: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.key"
    assert main(["keys", "new", "--out", str(other)]) == 0
    file, mapping = sim.victims[0]
    foreign = tmp_path / "foreign.parquet"
    assert _encode(file, mapping, other, foreign) == 0
    code = main(["link", str(encoded[1]), str(foreign), "--out", str(tmp_path / "x")])
    assert code == 1
    assert "different keys" in capsys.readouterr().err


def test_an_invalid_file_is_refused_with_its_issues_listed(
    sim: Sim, key: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken, _cells = _impossible_birth_date(sim, tmp_path)
    mapping = broken.with_suffix(".mapping.yaml")
    assert _encode(broken, mapping, key, tmp_path / "x") == 1
    said = capsys.readouterr().err
    # The source sees where the problem is without running palermo validate.
    assert "value.invalid_date" in said
    assert "Date de naissance" in said
    assert "31/02/1990" not in said


def test_encode_creates_the_folder_it_writes_into(
    sim: Sim, key: Path, tmp_path: Path
) -> None:
    file, mapping = sim.victims[0]
    out = tmp_path / "not" / "yet" / "there.parquet"
    assert _encode(file, mapping, key, out) == 0
    assert pq.read_table(out).num_rows > 0


def test_link_reads_source_files_with_the_mapping_beside_them(
    sim: Sim, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Plain mode over the sources' own files (CSV, XLSX, JSON with their own column
    # names): each file's mapping is picked up from beside it.
    out = tmp_path / "plain"
    files = [str(file) for file, _mapping in sim.victims]
    truth = str(sim.folder / "truth" / "records.csv")
    assert main(["link", *files, "--out", str(out), "--truth", truth, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["mode"] == "plain"
    assert report["quality"]["f1"] >= 0.97


def test_link_refuses_an_invalid_source_file_naming_linking(
    sim: Sim, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken, _cells = _impossible_birth_date(sim, tmp_path / "police")
    assert main(["link", str(broken), "--out", str(tmp_path / "out")]) == 1
    said = capsys.readouterr().err
    assert "nothing was linked" in said
    assert "Date de naissance" in said
    assert "31/02/1990" not in said


def test_an_unexpected_error_is_one_line_that_quotes_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import palermo.linkage

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("could not parse 'Maria Popescu'")

    monkeypatch.setattr(palermo.linkage, "new_key", broken)
    assert main(["keys", "new", "--out", str(tmp_path / "k.key")]) == 1
    said = capsys.readouterr()
    assert "unexpected ValueError" in said.err
    assert "Popescu" not in said.err + said.out
    assert "Traceback" not in said.err
