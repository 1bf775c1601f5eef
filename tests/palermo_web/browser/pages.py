"""What a person does in the browser again and again: log in, pick a language."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from tests.palermo_web.personas import PASSWORD, current_code


def log_in(page: Any, base: str, user: Any, lang: str = "") -> None:
    """Log in as ``user`` (with the second factor when the role has one), then pick
    ``lang`` in the header as a person would, if the hub speaks another."""
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    if page.locator("input[name=token]").count():
        page.fill("input[name=token]", current_code(user))
        page.click("button[type=submit]")
    if lang and page.get_attribute("html", "lang") != lang:
        page.click(f"header button[value={lang}]")
    if lang:
        assert page.get_attribute("html", "lang") == lang


def log_out(page: Any) -> None:
    page.click("header form[action='/logout/'] button")


def say(lang: str, message: str) -> str:
    """``message`` as the hub's catalogue has it in ``lang``."""
    with translation.override(lang):
        return translation.gettext(message)
