"""Screening answers kept in a file (YAML or JSON), for the CLI and for batch use.

The file names its profile, optionally a short form and the child rule, and maps
indicator ids to present / absent / unknown::

    profile: adult-labour
    form: border-guard          # optional: only the form's indicators may be answered
    child_rule: exploitation_only   # optional, child profiles only
    answers:
      D1.nature_of_job: present
      D4.excessive_hours: unknown
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from palermo.errors import InputError
from palermo.screening.decision import ScreeningResult, assess
from palermo.screening.forms import assess_form
from palermo.screening.rules import ScreeningConfig


def read_answers_file(path: str | Path) -> dict[str, Any]:
    """The raw content of an answers file, checked for its shape.

    Raises:
        InputError: missing file, unreadable YAML/JSON, or no ``profile``/``answers``.
    """
    file = Path(path)
    if not file.is_file():
        raise InputError(f"{file}: no such file")
    text = file.read_text(encoding="utf-8-sig")
    try:
        raw = (
            json.loads(text) if file.suffix.lower() == ".json" else yaml.safe_load(text)
        )
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise InputError(f"{file}: not readable as YAML or JSON ({error})") from None
    if not isinstance(raw, dict):
        raise InputError(f"{file}: expected a mapping with 'profile' and 'answers'")
    if "profile" not in raw:
        raise InputError(f"{file}: no 'profile' (e.g. profile: adult-labour)")
    answers = raw.get("answers") or {}
    if not isinstance(answers, dict):
        raise InputError(f"{file}: 'answers' must map indicator ids to answers")
    return {**raw, "answers": {str(k): v for k, v in answers.items()}}


def assess_file(path: str | Path, profile: str | None = None) -> ScreeningResult:
    """Assess the answers in a file.

    Args:
        path: a YAML or JSON answers file.
        profile: overrides the file's profile.
    """
    raw = read_answers_file(path)
    config = ScreeningConfig.from_dict({"child_rule": raw.get("child_rule")})
    chosen = profile or str(raw["profile"])
    if raw.get("form"):
        return assess_form(raw["answers"], str(raw["form"]), chosen, config)
    return assess(raw["answers"], chosen, config)
