"""``palermo screening``: sheet, assess, profiles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from palermo.cli import main

ANSWERS = """\
profile: adult-labour
answers:
  D1.nature_of_job: present
  D1.wages: yes
  D4.excessive_hours: present
  D4.hazardous_work: present
  D5.violence: present
  D5.debt_bondage: present
"""


def test_sheet_writes_a_french_prompt_sheet(tmp_path: Path) -> None:
    out = tmp_path / "sheet.html"
    code = main(
        [
            "screening",
            "sheet",
            "--profile",
            "adult-labour",
            "--lang",
            "fr",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert "Fiche d&#39;entretien" in out.read_text(encoding="utf-8")


def test_sheet_for_a_missing_list_fails_with_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "screening",
            "sheet",
            "--profile",
            "adult-sexual",
            "--out",
            str(tmp_path / "x.html"),
        ]
    )
    assert code == 1
    assert "not yet transcribed" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_assess_prints_the_result_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    assert main(["screening", "assess", str(answers), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["outcome"] == "presumed_victim"
    assert result["decisive"] == ["D1", "D4", "D5"]


def test_assess_reads_json_answers_and_a_short_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps(
            {
                "profile": "child-labour",
                "form": "border-guard",
                "answers": {"D2.debt_bondage": "present"},
            }
        ),
        encoding="utf-8",
    )
    assert main(["screening", "assess", str(answers), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["outcome"] == "inconclusive"
    assert result["flagged"] is True


def test_assess_renders_the_summary_in_french(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    assert main(["screening", "assess", str(answers), "--lang", "fr"]) == 0
    assert "Victime présumée" in capsys.readouterr().out


def test_assess_names_the_bad_indicator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "profile: adult-labour\nanswers:\n  D7.flying: present\n", encoding="utf-8"
    )
    assert main(["screening", "assess", str(answers)]) == 1
    assert "D7.flying" in capsys.readouterr().err


def test_assess_refuses_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screening", "assess", "no-such-answers.yaml"]) == 1
    assert "no such file" in capsys.readouterr().err


def test_profiles_lists_the_missing_lists(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screening", "profiles"]) == 0
    out = capsys.readouterr().out
    assert "adult-sexual" in out
    assert "missing" in out
