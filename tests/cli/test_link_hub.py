"""Encoded files go through the hub's normal intake, and ``palermo link --period``
links what the hub stores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from palermo.cli import main
from palermo.simulate import SimulationConfig, simulate

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def encoded_sources(
    tmp_path_factory: pytest.TempPathFactory,
) -> list[tuple[str, str, Path]]:
    """(organisation, type, encoded file) of each victim source of a small country."""
    folder = tmp_path_factory.mktemp("sim")
    result = simulate(SimulationConfig(victims=800, seed=21, sources=_three()), folder)
    key = folder / "linkage.key"
    assert main(["keys", "new", "--out", str(key)]) == 0
    out = []
    for source in result.files:
        if source.kind != "victims":
            continue
        encoded = folder / f"{source.organisation_id}.encoded.parquet"
        code = main(
            [
                "encode",
                str(folder / source.path),
                "--kind",
                "victims",
                "--key",
                str(key),
                "--mapping",
                str(folder / str(source.mapping)),
                "--out",
                str(encoded),
            ]
        )
        assert code == 0
        out.append((source.organisation_id, source.organisation_type, encoded))
    return out


def _three() -> Any:
    from palermo.simulate.config import catalogue_sources

    return catalogue_sources(3)


def test_encoded_submissions_are_stored_and_linked_by_period(
    encoded_sources: list[tuple[str, str, Path]],
    tmp_path: Path,
    settings: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from palermo_web.organisations.services import ensure_organisation

    settings.PALERMO_REQUIRE_ENCODED = True
    for organisation, kind, path in encoded_sources:
        ensure_organisation(organisation, name=organisation, organisation_type=kind)
        code = main(
            [
                "submit",
                str(path),
                "--kind",
                "victims",
                "--org",
                organisation,
                "--period",
                "2025",
            ]
        )
        assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    out = tmp_path / "linkage"
    code = main(
        [
            "link",
            "--period",
            "2025",
            "--out",
            str(out),
            "--reporting-country",
            "FR",
            "--json",
        ]
    )
    assert code == 0, capsys.readouterr().err
    report = json.loads(capsys.readouterr().out)
    assert report["mode"] == "encoded"
    stored = sum(pq.read_metadata(p).num_rows for _, _, p in encoded_sources)
    assert report["records"] == stored
    persons = pq.read_table(out / "persons.parquet")
    assert sorted(c for c in persons.column_names if c.startswith("cap_")) == sorted(
        f"cap_{o}" for o, _, _ in encoded_sources
    )
    assert 0 < persons.num_rows < stored


def test_link_over_an_empty_period_says_what_to_submit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = main(["link", "--period", "1999", "--out", str(tmp_path)])
    assert code == 1
    assert "no current victim submissions for 1999" in capsys.readouterr().err
