"""The ILO / European Commission operational indicators, loaded from versioned data files.

Four profiles (adults and children, labour and sexual exploitation), each structured by
the same six dimensions, each indicator rated strong, medium or weak by the experts of
the 2009 Delphi survey. The lists live in ``screening/data/*.yaml`` with their
provenance so that a person can correct them without touching code. A profile whose
list has not been transcribed is shipped as ``status: missing``: it can be listed but
never screened against (:class:`IndicatorListMissing`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import yaml

from palermo.errors import InputError, PalermoError

PROFILE_IDS = ("adult_labour", "adult_sexual", "child_labour", "child_sexual")
DIMENSION_IDS = ("D1", "D2", "D3", "D4", "D5", "D6")


class IndicatorListMissing(PalermoError):
    """The indicator list of a profile is not transcribed yet, so nobody can be screened
    against it: guessing the ILO's strong/medium/weak ratings would be worse than
    having no list."""


class Strength(StrEnum):
    """How strongly an indicator points to trafficking, as rated in the Delphi survey."""

    STRONG = "strong"
    MEDIUM = "medium"
    WEAK = "weak"


class Element(StrEnum):
    """The element of the trafficking definition that a dimension speaks to."""

    RECRUITMENT = "recruitment"
    EXPLOITATION = "exploitation"
    DESTINATION_MEANS = "destination_means"


class ProfileStatus(StrEnum):
    TRANSCRIBED = "transcribed"
    MISSING = "missing"


STRENGTH_LABELS = {
    Strength.STRONG: {"en": "strong", "fr": "fort"},
    Strength.MEDIUM: {"en": "medium", "fr": "moyen"},
    Strength.WEAK: {"en": "weak", "fr": "faible"},
}


@dataclass(frozen=True)
class Dimension:
    """One of the six dimensions (D1-D6) and what a screener asks about it."""

    id: str
    element: Element
    en: str
    fr: str
    prompt_en: str
    prompt_fr: str

    def label(self, lang: str = "en") -> str:
        """The dimension's name in ``lang`` ("en" or "fr"; French is unofficial)."""
        return self.fr if lang == "fr" else self.en

    def prompt(self, lang: str = "en") -> str:
        """What to ask about this dimension, in ``lang``."""
        return self.prompt_fr if lang == "fr" else self.prompt_en


@dataclass(frozen=True)
class Indicator:
    """One indicator of one profile: its stable id, dimension, strength and labels."""

    id: str
    dimension: str
    strength: Strength
    en: str
    fr: str

    def label(self, lang: str = "en") -> str:
        """The indicator's label in ``lang`` ("en" or "fr"; French is unofficial)."""
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class Profile:
    """An indicator list (e.g. adults, labour exploitation) with its provenance."""

    id: str
    population: str
    exploitation: str
    status: ProfileStatus
    data_version: str
    source: str
    source_version: str
    transcription: str | None
    verification: str | None
    reviewed_by: str | None
    translation_fr: str | None
    indicators: tuple[Indicator, ...]
    _by_id: dict[str, Indicator] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {i.id: i for i in self.indicators})

    @property
    def is_transcribed(self) -> bool:
        """Whether the list is there to screen against."""
        return self.status is ProfileStatus.TRANSCRIBED

    def indicators_of(self, dimension: str) -> tuple[Indicator, ...]:
        """The indicators of one dimension, in the order of the list."""
        return tuple(i for i in self.indicators if i.dimension == dimension)

    def get(self, indicator_id: str) -> Indicator | None:
        """The indicator with this id, or None if the list does not have it."""
        return self._by_id.get(indicator_id)

    def provenance(self) -> dict[str, Any]:
        """Where the list comes from, for outputs and sheets."""
        return {
            "profile": self.id,
            "status": self.status.value,
            "data_version": self.data_version,
            "source": self.source,
            "source_version": self.source_version,
            "transcription": self.transcription,
            "verification": self.verification,
            "reviewed_by": self.reviewed_by,
            "translation_fr": self.translation_fr,
        }


def _data_file(name: str) -> Any:
    path = resources.files("palermo.screening") / "data" / name
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def profile_id(text: str) -> str:
    """The canonical id of a profile: ``adult-labour`` and ``Adult_Labour`` both give
    ``adult_labour``.

    Raises:
        InputError: not one of the four profiles.
    """
    canonical = text.strip().lower().replace("-", "_").replace(" ", "_")
    if canonical not in PROFILE_IDS:
        raise InputError(
            f"unknown screening profile {text!r}; expected one of "
            + ", ".join(p.replace("_", "-") for p in PROFILE_IDS)
        )
    return canonical


@cache
def load_dimensions() -> tuple[Dimension, ...]:
    """The six dimensions, D1 to D6."""
    raw = _data_file("dimensions.yaml")
    dimensions = tuple(
        Dimension(
            id=str(d["id"]),
            element=Element(d["element"]),
            en=str(d["en"]),
            fr=str(d["fr"]),
            prompt_en=str(d["prompt_en"]),
            prompt_fr=str(d["prompt_fr"]),
        )
        for d in raw["dimensions"]
    )
    if tuple(d.id for d in dimensions) != DIMENSION_IDS:
        raise InputError("dimensions.yaml must list D1 to D6 in order")
    return dimensions


def dimension(dimension_id: str) -> Dimension:
    """One dimension by id (``D1``...``D6``)."""
    for entry in load_dimensions():
        if entry.id == dimension_id:
            return entry
    raise InputError(f"unknown dimension {dimension_id!r}; expected D1 to D6")


@cache
def load_profile(name: str) -> Profile:
    """A profile's list as shipped, transcribed or missing.

    Args:
        name: ``adult_labour``, ``adult-labour``... (see :func:`profile_id`).
    """
    pid = profile_id(name)
    raw = _data_file(f"{pid}.yaml")
    status = ProfileStatus(raw["status"])
    indicators = tuple(
        _indicator(pid, n, item) for n, item in enumerate(raw["indicators"])
    )
    _check_indicators(pid, indicators)
    if status is ProfileStatus.TRANSCRIBED and not indicators:
        raise InputError(f"{pid}.yaml says transcribed but lists no indicator")
    if status is ProfileStatus.MISSING and indicators:
        raise InputError(f"{pid}.yaml says missing but lists indicators")
    return Profile(
        id=pid,
        population=str(raw["population"]),
        exploitation=str(raw["exploitation"]),
        status=status,
        data_version=str(raw["data_version"]),
        source=str(raw["source"]),
        source_version=str(raw["source_version"]),
        transcription=_optional(raw.get("transcription")),
        verification=_optional(raw.get("verification")),
        reviewed_by=_optional(raw.get("reviewed_by")),
        translation_fr=_optional(raw.get("translation_fr")),
        indicators=indicators,
    )


def _optional(value: Any) -> str | None:
    return None if value is None else str(value).strip()


def _indicator(pid: str, number: int, item: dict[str, Any]) -> Indicator:
    where = f"{pid}.yaml, indicator {number + 1}"
    try:
        strength = Strength(item["strength"])
    except (KeyError, ValueError):
        raise InputError(
            f"{where}: strength {item.get('strength')!r}; expected strong, medium or weak"
        ) from None
    indicator = Indicator(
        id=str(item["id"]),
        dimension=str(item["dimension"]),
        strength=strength,
        en=str(item["en"]),
        fr=str(item["fr"]),
    )
    if indicator.dimension not in DIMENSION_IDS:
        raise InputError(
            f"{where}: dimension {indicator.dimension!r}; expected D1 to D6"
        )
    if not indicator.id.startswith(indicator.dimension + "."):
        raise InputError(
            f"{where}: id {indicator.id!r} must start with its dimension "
            f"{indicator.dimension}."
        )
    return indicator


def _check_indicators(pid: str, indicators: Iterable[Indicator]) -> None:
    seen: set[str] = set()
    for indicator in indicators:
        if indicator.id in seen:
            raise InputError(f"{pid}.yaml: indicator id {indicator.id!r} is repeated")
        seen.add(indicator.id)


def require_profile(name: str) -> Profile:
    """A profile that can be screened against.

    Raises:
        IndicatorListMissing: the list is shipped as missing (sexual exploitation, for
            now); the message says what has to happen before it can be used.
    """
    profile = load_profile(name)
    if not profile.is_transcribed:
        raise IndicatorListMissing(
            f"the ILO indicator list for profile {profile.id.replace('_', '-')} is not "
            "yet transcribed, so no one can be screened against it; a person must "
            f"transcribe it from ILO WCMS_105023 into screening/data/{profile.id}.yaml "
            "and a reviewer sign it off"
        )
    return profile


# Forms of exploitation of the common code list that the ILO labour lists cover
# (forced labour or services in the broad sense); the Palermo project's reading.
_LIST_OF_EXPLOITATION = {
    "sexual": "sexual",
    "labour": "labour",
    "begging": "labour",
    "criminal_activities": "labour",
    "servitude": "labour",
    "slavery": "labour",
}


def profiles_for(
    child: bool | None, forms_of_exploitation: Iterable[str]
) -> tuple[str, ...]:
    """The profiles to screen a person against.

    Args:
        child: whether the person was under 18 at the time of exploitation. ``None``
            (age uncertain) selects the child lists: a person whose age is uncertain is
            presumed a child pending age assessment (Council of Europe Convention Art.
            10(3); Directive 2011/36/EU Art. 13(2)).
        forms_of_exploitation: codes of the ``exploitation`` code list. A mixed case
            gets both lists; forms no ILO list covers (organ removal, surrogacy...)
            get none.
    """
    population = "adult" if child is False else "child"
    lists = sorted(
        {
            _LIST_OF_EXPLOITATION[f]
            for f in forms_of_exploitation
            if f in _LIST_OF_EXPLOITATION
        }
    )
    return tuple(f"{population}_{name}" for name in lists)
