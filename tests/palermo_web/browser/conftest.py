"""A real browser (Debian's Chromium through Playwright) on the live test server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.palermo_web.cases.world import (  # noqa: F401  the referral mechanism
    authority_org,
    case_keys,
    nrm_country,
    shelter_org,
)
from tests.palermo_web.personas import (  # noqa: F401  fixtures shared by the hub's web tests
    administrator,
    analyst,
    caseworker,
    fast_passwords,
    ngo_org,
    outsider,
    police_org,
    submitter,
)

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium (.ci/run does)")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # (factories, the worker) are plain synchronous code all the same.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.set_default_timeout(15_000)
        yield page
        browser.close()
