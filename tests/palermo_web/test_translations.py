"""English and French throughout: every message of the hub has its French."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[2] / "src/palermo_web/locale/fr/LC_MESSAGES"


def test_every_message_of_the_hub_has_a_french_translation() -> None:
    with (LOCALE / "django.po").open("rb") as handle:
        catalog = read_po(handle)
    untranslated = [
        m.id
        for m in catalog
        if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    assert untranslated == []


def _key(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def test_the_compiled_catalogue_matches_the_source() -> None:
    with (LOCALE / "django.po").open("rb") as handle:
        source = {_key(m.id): _key(m.string) for m in read_po(handle) if m.id}
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(handle) if m.id}
    assert compiled == source


def test_every_code_the_cases_pages_show_has_words() -> None:
    from palermo.referral import Action, DeadlineStatus, PermitState, Role
    from palermo.referral.deadlines import Unit
    from palermo.screening import PROFILE_IDS
    from palermo.screening.decision import Outcome
    from palermo_web.cases.labels import LABELS

    codes = {
        "outcome": {o.value for o in Outcome},
        "profile": set(PROFILE_IDS),
        "deadline": {s.value for s in DeadlineStatus},
        "unit": {u.value for u in Unit},
        "event": {a.value for a in Action},
        "role": {r.value for r in Role},
        "permit": {s.value for s in PermitState},
    }
    assert {family: set(LABELS[family]) for family in codes} == codes


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_the_catalogue_has_every_message_of_the_hub(tmp_path: Path) -> None:
    # makemessages on a copy: a string added to a page or a form without running it
    # (and scripts/translate_web.py) would show in English to French readers.
    web = Path(__file__).resolve().parents[2] / "src/palermo_web"
    copy = tmp_path / "palermo_web"
    shutil.copytree(web, copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fr", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "palermo_web.settings"},
    )
    with (copy / "locale/fr/LC_MESSAGES/django.po").open("rb") as handle:
        found = {_key(m.id) for m in read_po(handle) if m.id}
    with (LOCALE / "django.po").open("rb") as handle:
        kept = {_key(m.id) for m in read_po(handle) if m.id}
    assert sorted(map(str, found - kept)) == []
