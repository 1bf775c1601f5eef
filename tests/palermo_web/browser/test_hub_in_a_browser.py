"""End to end in Debian's Chromium: submit a wrong file, fix it, run, see the dashboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from palermo_web.accounts.models import Role
from palermo_web.runs import worker
from tests.palermo_web.browser.pages import log_in, log_out, say
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


def test_an_administrator_sets_up_an_organisation_whose_submitter_works_in_french(
    browser_page: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    settings.PALERMO_HOME = tmp_path / "home"
    ada = person("ada", Role.ADMINISTRATOR)
    page, base = browser_page, live_server.url

    log_in(page, base, ada, "fr")
    page.click("nav a[href='/admin/organisations/']")
    page.fill("input[name=id]", "ngo-nantes")
    page.fill("input[name=name]", "Association nantaise")
    page.select_option("select[name=organisation_type]", "ngo")
    page.fill("input[name=country]", "FR")
    page.click("form button.primary")
    assert page.inner_text("ul.messages") == "Organisation créée."
    assert "Association nantaise" in page.inner_text("table")
    assert "ONG" in page.inner_text("table")  # the type, in French

    page.click("nav a[href='/admin/users/']")
    page.fill("input[name=username]", "noemie")
    page.select_option("select[name=role]", "submitter")
    page.select_option("select[name=organisation]", "ngo-nantes")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button.primary")
    assert page.inner_text("ul.messages") == "Utilisateur créé."
    assert "Déposant" in page.inner_text("table")
    log_out(page)

    noemie = get_user_model().objects.get(username="noemie")
    log_in(page, base, noemie, "fr")
    page.click("a[href='/submissions/new/']")
    page.select_option("select[name=kind]", "victims")
    page.fill("input[name=period]", "2025")
    records = [victim(n, organisation_id="ngo-nantes") for n in range(1, 7)]
    page.set_input_files(
        "input[name=file]", str(write_records(tmp_path / "victimes.csv", records))
    )
    page.click("button[type=submit]")
    assert page.get_attribute("#outcome", "class") == "badge accepted"
    assert page.inner_text("#outcome") == say("fr", "accepted")
    assert "6 enregistrements acceptés" in page.content()
    page.click("nav a[href='/submissions/']")
    stored = page.inner_text("table")
    assert "Victimes" in stored
    assert "En vigueur" in stored
