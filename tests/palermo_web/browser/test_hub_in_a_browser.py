"""End to end in Debian's Chromium: submit a wrong file, fix it, run, see the dashboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from palermo_web.accounts.models import Role
from palermo_web.runs import worker
from tests.palermo_web.personas import PASSWORD, current_code, person
from tests.palermo_web.records import victim, write_records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_a_submitter_fixes_a_file_and_an_analyst_runs_the_year(
    browser_page: Any, live_server: Any, ngo_org: Any, settings: Any, tmp_path: Path
) -> None:
    settings.PALERMO_RUNS_DIR = tmp_path / "runs"
    settings.PALERMO_HOME = tmp_path / "home"
    person("nadia", Role.SUBMITTER, ngo_org)
    analyst = person("ana", Role.ANALYST)
    wrong = write_records(
        tmp_path / "wrong.csv",
        [victim(n, citizenship="Atlantis") for n in range(1, 13)],
    )
    right = write_records(tmp_path / "victims.csv", [victim(n) for n in range(1, 13)])
    page, base = browser_page, live_server.url

    _log_in(page, base, "nadia")
    page.click("text=Submit a file")
    page.select_option("select[name=kind]", "victims")
    page.fill("input[name=period]", "2025")
    page.set_input_files("input[name=file]", str(wrong))
    page.click("button[type=submit]")
    assert page.inner_text("#outcome") == "rejected"
    report = page.inner_text("table.issues")
    assert "citizenship" in report
    assert "Atlantis" in report  # a coded field's value may be shown; identities never

    page.click("text=Submit a file")
    page.fill("input[name=period]", "2025")
    page.set_input_files("input[name=file]", str(right))
    page.click("button[type=submit]")
    assert page.inner_text("#outcome") == "accepted"
    assert "12 records accepted" in page.content()
    page.click("header button:has-text('Log out')")

    _log_in(page, base, "ana")
    page.fill("input[name=token]", current_code(analyst))
    page.click("button[type=submit]")
    page.click("nav >> text=Runs")
    page.fill("input[name=period]", "2025")
    page.click("text=Start the run")
    assert page.inner_text("#run-status") == "queued"
    assert worker.run_pending() == 1
    page.reload()
    assert page.inner_text("#run-status") == "succeeded"
    page.click("text=See the dashboard")
    assert page.locator("svg.chart").count() >= 5
    assert "Persons by sex" in page.content()

    page.click("header button[value=fr]")
    assert "Personnes par sexe" in page.content()
