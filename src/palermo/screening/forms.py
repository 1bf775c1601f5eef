"""Short screening forms for border guards and consular staff (COM(2005) 514 section IV).

A short form is a selection of indicators from an ILO list for people who meet a
possible victim briefly and before exploitation at destination can be known. Answers
on a short form are assessed with the full rule, so what the form does not ask stays
unknown; the form's use is its referral advice: refer for a full screening when any
dimension is positive or any strong indicator is present (``result.flagged``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from palermo.errors import InputError
from palermo.screening.decision import ScreeningResult, assess
from palermo.screening.indicators import Indicator, Profile, profile_id, require_profile
from palermo.screening.rules import ScreeningConfig


@dataclass(frozen=True)
class ShortForm:
    """A short form: who it is for, what it asks, which profiles it serves."""

    id: str
    en: str
    fr: str
    intro_en: str
    intro_fr: str
    profiles: tuple[str, ...]
    indicators: tuple[str, ...]

    def title(self, lang: str = "en") -> str:
        """The form's title in ``lang``."""
        return self.fr if lang == "fr" else self.en

    def intro(self, lang: str = "en") -> str:
        """How to use the form, in ``lang``."""
        return self.intro_fr if lang == "fr" else self.intro_en

    def indicators_for(self, profile: Profile) -> tuple[Indicator, ...]:
        """The form's indicators in ``profile``, in the order of the ILO list.

        Raises:
            InputError: the form does not serve this profile, or names an indicator
                the profile's list does not have (a data error to fix in forms.yaml).
        """
        if profile.id not in self.profiles:
            raise InputError(
                f"the {self.id} form does not serve the {profile.id} profile"
            )
        missing = [i for i in self.indicators if profile.get(i) is None]
        if missing:
            raise InputError(
                f"the {self.id} form names indicators the {profile.id} list does not "
                f"have: {', '.join(missing)}"
            )
        wanted = set(self.indicators)
        return tuple(i for i in profile.indicators if i.id in wanted)


def _raw() -> Any:
    path = resources.files("palermo.screening") / "data" / "forms.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def _forms() -> dict[str, ShortForm]:
    return {
        str(f["id"]): ShortForm(
            id=str(f["id"]),
            en=str(f["en"]),
            fr=str(f["fr"]),
            intro_en=str(f["intro_en"]).strip(),
            intro_fr=str(f["intro_fr"]).strip(),
            profiles=tuple(profile_id(p) for p in f["profiles"]),
            indicators=tuple(str(i) for i in f["indicators"]),
        )
        for f in _raw()["forms"]
    }


def form_ids() -> tuple[str, ...]:
    """Ids of the shipped short forms."""
    return tuple(_forms())


def load_form(name: str) -> ShortForm:
    """A short form by id (``border_guard`` or ``border-guard``, ``consular``)."""
    canonical = name.strip().lower().replace("-", "_")
    try:
        return _forms()[canonical]
    except KeyError:
        raise InputError(
            f"unknown short form {name!r}; expected one of "
            + ", ".join(f.replace("_", "-") for f in form_ids())
        ) from None


def referral_advice(lang: str = "en") -> str:
    """When to refer after a short form, in ``lang``."""
    advice = _raw()["referral_advice"]
    return str(advice["fr" if lang == "fr" else "en"]).strip()


def assess_form(
    answers: Mapping[str, Any],
    form: str | ShortForm,
    profile: str,
    config: ScreeningConfig | None = None,
) -> ScreeningResult:
    """Assess the answers of a short form with the full decision rule.

    Raises:
        InputError: an answer names an indicator that is not on the form.
        IndicatorListMissing: the profile's list is not transcribed.
    """
    short = load_form(form) if isinstance(form, str) else form
    prof = require_profile(profile)
    on_form = {i.id for i in short.indicators_for(prof)}
    off_form = [k for k in answers if k not in on_form]
    if off_form:
        raise InputError(
            f"answers name indicators that are not on the {short.id} form: "
            + ", ".join(sorted(off_form)),
            issues=[
                {"column": k, "code": "not_on_form", "message": "not on the form"}
                for k in sorted(off_form)
            ],
        )
    return assess(answers, prof, config)
