"""The referral mechanism end to end in Debian's Chromium, in English and in French.

An NGO's caseworker screens a person against the ILO/EC indicators, registers her
(referred to the competent authority with her consent) and refers her to a shelter;
registers a boy whose age is uncertain (referred at once, without consent). The
authority takes the first decisions and sees the deadlines move; the child's decision
letter is held until a guardian is appointed, then addressed to the guardian. The
shelter accepts the referral. An analyst reads the evaluation figures and sends the
period's cases to the statistics. Every step is clicked, in the language under test.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from palermo_web.accounts.models import Role
from tests.palermo_web.browser.pages import log_in, log_out, say
from tests.palermo_web.personas import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Enough for "presumed victim" on the adult labour list: deceptive recruitment,
# exploitative conditions and coercion at destination, each met by its own rule.
PRESENT = (
    "D1.nature_of_job",
    "D1.conditions_of_work",
    "D4.excessive_hours",
    "D4.bad_living_conditions",
    "D5.confiscation_of_documents",
    "D5.debt_bondage",
)
# A few words checked literally, so that a French page is known to be French.
FRENCH = {"Referred": "Orientée", "presumed victim": "victime présumée"}


def _state(page: Any) -> str:
    return str(page.inner_text("#case-state"))


def _move(page: Any, to: str) -> None:
    page.click(f"#moves button[data-to={to}]")


def _register(page: Any, base: str, **fields: str) -> str:
    if "/cases/new/" not in page.url:
        page.goto(f"{base}/cases/new/")
    form = "#registration"
    for name in ("age_status", "sex", "citizenship", "unaccompanied_minor"):
        if name in fields:
            page.select_option(f"{form} select[name={name}]", fields[name])
    for name in ("consent_referral", "consent_data_sharing"):
        if name in fields:
            page.select_option(f"{form} select[name={name}]", fields[name])
    for name in ("age", "given_names", "family_names"):
        if name in fields:
            page.fill(f"{form} input[name={name}]", fields[name])
    page.check(f"{form} input[name=forms_of_exploitation][value=labour]")
    page.click(f"{form} button[type=submit]")
    assert "/cases/new" not in page.url, page.inner_text("main")
    return str(page.url)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_person_is_screened_referred_decided_on_and_counted(
    lang: str,
    browser_page: Any,
    live_server: Any,
    ngo_org: Any,
    authority_org: Any,
    shelter_org: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.PALERMO_HOME = tmp_path / "home"
    camille = person("camille", Role.CASEWORKER, ngo_org)
    alex = person("alex", Role.CASEWORKER, authority_org)
    sami = person("sami", Role.CASEWORKER, shelter_org)
    ana = person("ana", Role.ANALYST)
    page, base = browser_page, live_server.url

    def words(message: str) -> str:
        text = say(lang, message)
        if lang == "fr" and message in FRENCH:
            assert text == FRENCH[message]
        return text

    # The NGO: screening, then registration with the screening's result.
    log_in(page, base, camille, lang)
    page.click("nav a[href='/cases/screening/']")
    for indicator in PRESENT:
        page.check(f'input[name="answer-{indicator}"][value=present]')
    page.click("form[method=post] button.primary")
    assert page.get_attribute("#outcome", "data-outcome") == "presumed_victim"
    assert page.inner_text("#outcome") == words("presumed victim")
    page.click("#result a.primary-link")
    adult = _register(
        page,
        base,
        age_status="adult",
        age="24",
        sex="female",
        citizenship="RO",
        consent_referral="yes",
        consent_data_sharing="yes",
        given_names="Ana Maria",
        family_names="Popescu",
    )
    assert _state(page) == words("Referred")
    assert words("presumed victim") in page.inner_text("#screening")
    assert page.locator("#deadlines tr.deadline.first_decision").count() == 1

    # Referral to the shelter for accommodation: access, not ownership.
    page.select_option("#refer select[name=kind]", "service")
    page.select_option("#refer select[name=to_organisation]", shelter_org.pk)
    page.select_option("#refer select[name=service]", "accommodation")
    page.click("#refer button[type=submit]")
    assert words("Pending") in page.inner_text("#referrals")

    # A boy whose age is uncertain: presumed a child, referred without consent.
    page.click("nav a[href='/cases/']")
    page.click("a[href='/cases/new/']")
    child = _register(
        page,
        base,
        age_status="uncertain",
        age="15",
        sex="male",
        citizenship="VN",
        unaccompanied_minor="yes",
    )
    assert _state(page) == words("Referred")
    assert page.locator("h1 .badge.child").count() == 1
    log_out(page)

    # The competent authority decides; the deadlines follow.
    log_in(page, base, alex, lang)
    listed = page.inner_text("#cases")
    assert listed.count("NRM-") == 2
    page.goto(adult)
    _move(page, "first_decision_pending")
    assert _state(page) == words("First (reasonable-grounds) decision pending")
    first = page.locator("#deadlines tr.deadline.first_decision")
    assert first.locator(".badge").inner_text() == words("running")
    _move(page, "reasonable_grounds_positive")
    _move(page, "recovery_period")
    assert _state(page) == words("Recovery and reflection period")
    assert first.locator(".badge").inner_text() == words("met")
    assert page.locator("#deadlines tr.deadline.recovery_period_end").count() == 1

    page.goto(child)
    _move(page, "first_decision_pending")
    _move(page, "reasonable_grounds_positive")
    assert _state(page) == words("Reasonable grounds: positive")
    page.click("a.letter")
    assert page.inner_text("#letter-blocked") == words(
        "A decision letter is never served on a child. Record the appointment of a "
        "guardian or representative first; the letter is then addressed to them."
    )
    log_out(page)

    # The child's path: a guardian, a best-interests assessment, then the letter.
    log_in(page, base, camille, lang)
    page.goto(child)
    page.click("#appoint-guardian")
    assert page.inner_text("#guardian") == say(lang, "yes")
    page.fill("#child input[name=note]", "school and shelter near the family")
    page.click("#assess-best-interests")
    assert page.inner_text("#best-interests") == say(lang, "yes")
    assert words("guardian appointed") in page.inner_text("#history")
    page.click("a.letter")
    assert page.inner_text("#addressee") == words(
        "To the guardian or representative of the child concerned"
    )
    log_out(page)

    # The shelter answers the referral it was sent.
    log_in(page, base, sami, lang)
    page.click("#waiting a")
    assert page.url == adult
    page.click("#referrals form[action$='/accept/'] button")
    assert page.inner_text("#referrals .badge.accepted") == words("Accepted")
    log_out(page)

    # The analyst: figures over cases, never a case, and the statistics export.
    log_in(page, base, ana, lang)
    page.click("nav a[href='/cases/evaluation/']")
    assert words("cases referred") in page.inner_text("#figures")
    page.click("#export")
    sent = page.inner_text("ul.messages li.success")
    year = timezone.now().year
    assert sent.startswith(
        say(
            lang,
            "%(rows)d case records of %(period)d submitted: version %(version)d (%(outcome)s).",
        )
        .split(" %(period)d")[0]
        .replace("%(rows)d", "2")
    ), sent
    assert str(year) in sent
