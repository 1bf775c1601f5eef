"""``palermo submit``, ``palermo submissions list`` and ``palermo org``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from palermo.cli import main
from tests.palermo_web.records import IDENTITY_VALUES, victim, write_records

ROOT = Path(__file__).resolve().parents[2]


def palermo(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.django_db
def test_submit_stores_then_says_an_identical_file_is_unchanged(
    ngo: Any, victims_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(victims_file(rows=4))
    args = (
        "submit",
        path,
        "--kind",
        "victims",
        "--org",
        "ngo-lyon",
        "--period",
        "2025",
    )

    code, out, _ = palermo(capsys, *args)
    assert code == 0
    assert "Stored 4 records as ngo-lyon victims 2025 version 1" in out

    code, out, _ = palermo(capsys, *args)
    assert code == 0
    assert "Unchanged" in out
    assert "nothing was stored" in out


@pytest.mark.django_db
def test_submit_rejects_an_invalid_file_with_its_issues_and_exit_code_1(
    ngo: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [victim(n) for n in range(1, 4)]
    records[0]["citizenship"] = "Atlantis"
    path = write_records(tmp_path / "victims.csv", records)

    code, out, err = palermo(
        capsys,
        "submit",
        str(path),
        "--kind",
        "victims",
        "--org",
        "ngo-lyon",
        "--period",
        "2025",
    )

    assert code == 1
    assert "citizenship" in err
    assert "nothing was stored" in err
    assert not any(value in out + err for value in IDENTITY_VALUES)


@pytest.mark.django_db
def test_submit_json_gives_the_issues_of_a_rejected_file(
    ngo: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [victim(n) for n in range(1, 4)]
    records[1]["sex"] = "walrus"
    path = write_records(tmp_path / "victims.csv", records)

    code, out, _ = palermo(
        capsys,
        "submit",
        str(path),
        "--kind",
        "victims",
        "--org",
        "ngo-lyon",
        "--period",
        "2025",
        "--json",
    )

    assert code == 1
    answer = json.loads(out)
    assert "nothing was stored" in answer["error"]
    assert [i["column"] for i in answer["issues"]] == ["sex"]


@pytest.mark.django_db
def test_submissions_list_shows_versions_for_a_period(
    ngo: Any, victims_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    for name, period in (("a.csv", "2024"), ("b.csv", "2025"), ("c.csv", "2025")):
        rows = {"a.csv": 2, "b.csv": 3, "c.csv": 4}[name]
        assert (
            main(
                [
                    "submit",
                    str(victims_file(rows=rows, name=name)),
                    "--kind",
                    "victims",
                    "--org",
                    "ngo-lyon",
                    "--period",
                    period,
                ]
            )
            == 0
        )
    capsys.readouterr()

    code, out, _ = palermo(capsys, "submissions", "list", "--period", "2025", "--json")

    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["version"], r["status"], r["rows"]) for r in rows] == [
        (1, "superseded", 3),
        (2, "current", 4),
    ]


@pytest.mark.django_db
def test_org_add_accepts_a_label_for_the_type_and_refuses_a_duplicate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = palermo(
        capsys,
        "org",
        "add",
        "insp-lille",
        "--name",
        "Inspection du travail",
        "--type",
        "Inspection du travail",
        "--country",
        "fr",
    )
    assert code == 0
    assert "labour_inspectorate" in out

    code, _, err = palermo(
        capsys, "org", "add", "insp-lille", "--name", "Again", "--type", "ngo"
    )
    assert code == 1
    assert "already exists" in err


@pytest.mark.slow
def test_the_hub_is_created_and_migrated_on_first_use(
    tmp_path: Path, victims_file: Callable[..., Path]
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DB", "DATABASE_URL"}}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["PALERMO_HOME"] = str(tmp_path / "home")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    command = [
        sys.executable,
        "-c",
        "import sys; from palermo.cli import main; sys.exit(main())",
    ]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *args], env=env, capture_output=True, text=True, check=False
        )

    added = run("org", "add", "ngo-lyon", "--name", "NGO Lyon", "--type", "ngo")
    assert added.returncode == 0, added.stderr
    assert "Hub database ready" in added.stderr
    assert (tmp_path / "home" / "palermo.sqlite3").is_file()
    stored = run(
        "submit",
        str(victims_file(rows=3)),
        "--kind",
        "victims",
        "--org",
        "ngo-lyon",
        "--period",
        "2025",
    )
    assert stored.returncode == 0, stored.stderr
    assert "Hub database ready" not in stored.stderr
    listed = run("submissions", "list")
    assert "ngo-lyon" in listed.stdout
    assert "current" in listed.stdout


@pytest.mark.postgres
def test_a_missing_postgres_database_is_one_clear_line_and_exit_code_1() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DB"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/palermo_no_such_hub"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env["COLUMNS"] = "300"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from palermo.cli import main; sys.exit(main())",
            "submissions",
            "list",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "cannot open the hub database" in done.stderr
    assert "createdb palermo_no_such_hub" in done.stderr
