"""The decision rule of the operational indicators, over present / absent / unknown answers.

Step one: a dimension is positive when the indicators *present* in it meet one of the
published clauses (two strong; one strong and one medium or weak; three medium; two
medium and one weak). Step two: the positive dimensions are combined by profile
(adults: a recruitment dimension AND exploitation AND coercion or abuse of
vulnerability at destination; children: configurable, means not required).

Unknown is not absent (docs/adr/0001-unknown-screening-answers.md). Because both
steps only ever grow when an answer turns present, the rule is evaluated twice: on the
present answers alone (what is established) and with every unknown taken as present
(what could still be). A dimension, a group and the outcome are therefore positive,
negative, or undetermined; an undetermined outcome reads "inconclusive" and lists the
unknown answers worth asking about. The outcome is a screening result: "presumed
victim", never a legal determination.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from palermo.errors import InputError
from palermo.screening.indicators import (
    Dimension,
    Indicator,
    Profile,
    Strength,
    load_dimensions,
    require_profile,
)
from palermo.screening.rules import Rules, ScreeningConfig, load_rules


class Answer(StrEnum):
    """What the screener knows about one indicator."""

    PRESENT = "present"
    ABSENT = "absent"
    UNKNOWN = "unknown"


class DimensionStatus(StrEnum):
    """A dimension, or a group of dimensions, under three-valued answers."""

    POSITIVE = "positive"
    UNDETERMINED = "undetermined"
    NEGATIVE = "negative"


class Outcome(StrEnum):
    """The screening outcome; none of them is a legal determination."""

    PRESUMED_VICTIM = "presumed_victim"
    INCONCLUSIVE = "inconclusive"
    INDICATORS_NOT_MET = "indicators_not_met"


@dataclass(frozen=True)
class DimensionResult:
    """How one dimension came out, and the indicators behind it."""

    dimension: Dimension
    status: DimensionStatus
    clause: str | None  # the clause met by the present indicators, if positive
    present: tuple[Indicator, ...]
    absent: tuple[Indicator, ...]
    unknown: tuple[Indicator, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "dimension": self.dimension.id,
            "label": self.dimension.en,
            "status": self.status.value,
            "clause": self.clause,
            "present": [i.id for i in self.present],
            "absent": [i.id for i in self.absent],
            "unknown": [i.id for i in self.unknown],
        }


@dataclass(frozen=True)
class GroupResult:
    """How one group of the combination rule came out."""

    id: str
    status: DimensionStatus
    dimensions: tuple[str, ...]


@dataclass(frozen=True)
class ScreeningResult:
    """The outcome of screening one person against one profile.

    Attributes:
        outcome: on what is known; "presumed victim", "inconclusive" or "indicators
            not met" - never a legal determination.
        outcome_if_unknowns_present: the outcome if every unknown answer turned out
            present (presumed victim or indicators not met).
        dimensions: the six dimensions, each positive, negative or undetermined.
        groups: the groups of the combination rule that was applied.
        to_ask: the unknown indicators that could still change the outcome, strongest
            first; empty unless the outcome is inconclusive.
        flagged: a dimension is positive or a strong indicator is present - the
            referral advice of the short forms.
    """

    profile: str
    profile_version: str
    rules_version: str
    population: str
    outcome: Outcome
    outcome_if_unknowns_present: Outcome
    dimensions: tuple[DimensionResult, ...]
    groups: tuple[GroupResult, ...]
    to_ask: tuple[Indicator, ...]
    flagged: bool
    config: ScreeningConfig = field(default_factory=ScreeningConfig)

    @property
    def decisive(self) -> tuple[DimensionResult, ...]:
        """The positive dimensions that meet the combination rule (empty unless the
        outcome is presumed victim)."""
        if self.outcome is not Outcome.PRESUMED_VICTIM:
            return ()
        needed = {d for g in self.groups for d in g.dimensions}
        return tuple(
            d
            for d in self.dimensions
            if d.dimension.id in needed and d.status is DimensionStatus.POSITIVE
        )

    def summary(self, lang: str = "en") -> str:
        """The outcome in words, with the indicators that decided it."""
        from palermo.screening._wording import summarise

        return summarise(self, lang)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (no personal data: indicator ids and outcomes only)."""
        return {
            "profile": self.profile,
            "profile_version": self.profile_version,
            "rules_version": self.rules_version,
            "population": self.population,
            "outcome": self.outcome.value,
            "outcome_if_unknowns_present": self.outcome_if_unknowns_present.value,
            "decisive": [d.dimension.id for d in self.decisive],
            "dimensions": [d.to_dict() for d in self.dimensions],
            "groups": [
                {"id": g.id, "status": g.status.value, "dimensions": list(g.dimensions)}
                for g in self.groups
            ],
            "to_ask": [i.id for i in self.to_ask],
            "flagged": self.flagged,
            "summary": self.summary("en"),
            "config": self.config.to_dict(),
            "note": (
                "Screening against the ILO/EC operational indicators (2009). Not a legal "
                "determination: formal identification rests with the competent authority."
            ),
        }


_ANSWER_WORDS = {
    Answer.PRESENT: {
        "present",
        "présent",
        "presente",
        "yes",
        "oui",
        "y",
        "o",
        "true",
        "1",
    },
    Answer.ABSENT: {"absent", "no", "non", "n", "false", "0"},
    Answer.UNKNOWN: {"unknown", "inconnu", "?", "", "not known", "n/k"},
}


def _answer(value: Any) -> Answer | None:
    if value is None:
        return Answer.UNKNOWN
    if isinstance(value, bool):  # YAML reads yes/no as booleans
        return Answer.PRESENT if value else Answer.ABSENT
    text = str(value).strip().casefold()
    for answer, words in _ANSWER_WORDS.items():
        if text in words:
            return answer
    return None


def read_answers(raw: Mapping[str, Any], profile: Profile) -> dict[str, Answer]:
    """Check answers against a profile; every indicator not answered is unknown.

    Raises:
        InputError: with one issue per unknown indicator id or unreadable answer.
    """
    issues: list[dict[str, Any]] = []
    answers = {i.id: Answer.UNKNOWN for i in profile.indicators}
    for key, value in raw.items():
        if profile.get(str(key)) is None:
            issues.append(
                {
                    "column": str(key),
                    "code": "unknown_indicator",
                    "message": f"{key!r} is not an indicator of the {profile.id} list",
                }
            )
            continue
        answer = _answer(value)
        if answer is None:
            issues.append(
                {
                    "column": str(key),
                    "value": str(value),
                    "code": "invalid_answer",
                    "message": f"{key}: {value!r}; expected present, absent or unknown",
                }
            )
            continue
        answers[str(key)] = answer
    if issues:
        detail = "; ".join(i["message"] for i in issues[:5])
        more = f" (and {len(issues) - 5} more)" if len(issues) > 5 else ""
        raise InputError(f"screening answers: {detail}{more}", issues=issues)
    return answers


def _strength_counts(indicators: tuple[Indicator, ...]) -> Counter[Strength]:
    return Counter(i.strength for i in indicators)


def _three_valued(
    rules: Rules, present: Counter[Strength], possible: Counter[Strength]
) -> DimensionStatus:
    if rules.clause_met(present):
        return DimensionStatus.POSITIVE
    if rules.clause_met(possible):
        return DimensionStatus.UNDETERMINED
    return DimensionStatus.NEGATIVE


_ORDER = [
    DimensionStatus.NEGATIVE,
    DimensionStatus.UNDETERMINED,
    DimensionStatus.POSITIVE,
]
_OUTCOME = {
    DimensionStatus.POSITIVE: Outcome.PRESUMED_VICTIM,
    DimensionStatus.UNDETERMINED: Outcome.INCONCLUSIVE,
    DimensionStatus.NEGATIVE: Outcome.INDICATORS_NOT_MET,
}


def assess(
    answers: Mapping[str, Any],
    profile: str | Profile,
    config: ScreeningConfig | None = None,
) -> ScreeningResult:
    """Screen one person against one profile.

    Args:
        answers: indicator id -> present / absent / unknown (also yes/no, oui/non).
            Indicators left out are unknown, never absent.
        profile: a profile id (``adult_labour``, ``child-labour``...) or a Profile.
        config: the child rule; the default of rules.yaml when None.

    Raises:
        IndicatorListMissing: the profile's list is not transcribed.
        InputError: an answer names no indicator of the profile, or is unreadable.
    """
    config = config or ScreeningConfig()
    prof = require_profile(profile if isinstance(profile, str) else profile.id)
    rules = load_rules()
    given = read_answers(answers, prof)
    dimensions: list[DimensionResult] = []
    for dim in load_dimensions():
        indicators = prof.indicators_of(dim.id)
        by = {a: tuple(i for i in indicators if given[i.id] is a) for a in Answer}
        present = _strength_counts(by[Answer.PRESENT])
        possible = present + _strength_counts(by[Answer.UNKNOWN])
        dimensions.append(
            DimensionResult(
                dimension=dim,
                status=_three_valued(rules, present, possible),
                clause=rules.clause_met(present),
                present=by[Answer.PRESENT],
                absent=by[Answer.ABSENT],
                unknown=by[Answer.UNKNOWN],
            )
        )
    status = {d.dimension.id: d.status for d in dimensions}
    groups = tuple(
        GroupResult(
            g.id, max((status[d] for d in g.dimensions), key=_ORDER.index), g.dimensions
        )
        for g in rules.combination(prof.population, config)
    )
    overall = min((g.status for g in groups), key=_ORDER.index)
    upper = (
        DimensionStatus.NEGATIVE
        if overall is DimensionStatus.NEGATIVE
        else DimensionStatus.POSITIVE
    )
    return ScreeningResult(
        profile=prof.id,
        profile_version=prof.data_version,
        rules_version=rules.data_version,
        population=prof.population,
        outcome=_OUTCOME[overall],
        outcome_if_unknowns_present=_OUTCOME[upper],
        dimensions=tuple(dimensions),
        groups=groups,
        to_ask=_worth_asking(rules, dimensions, groups)
        if overall is DimensionStatus.UNDETERMINED
        else (),
        flagged=any(d.status is DimensionStatus.POSITIVE for d in dimensions)
        or any(i.strength is Strength.STRONG for d in dimensions for i in d.present),
        config=config,
    )


def _worth_asking(
    rules: Rules, dimensions: list[DimensionResult], groups: tuple[GroupResult, ...]
) -> tuple[Indicator, ...]:
    # Only unknowns in groups that do not hold yet, in dimensions that are not positive
    # yet, can change the outcome. Those that would complete their dimension on their
    # own come first, then by strength, so that the screener asks the telling ones first.
    open_dimensions = {
        d
        for g in groups
        if g.status is not DimensionStatus.POSITIVE
        for d in g.dimensions
    }
    rank = {Strength.STRONG: 0, Strength.MEDIUM: 1, Strength.WEAK: 2}
    keyed: list[tuple[bool, int, Indicator]] = []
    for dim in dimensions:
        if dim.dimension.id not in open_dimensions:
            continue
        if dim.status is not DimensionStatus.UNDETERMINED:
            continue
        present = _strength_counts(dim.present)
        for indicator in dim.unknown:
            alone = (
                rules.clause_met(present + Counter([indicator.strength])) is not None
            )
            keyed.append((not alone, rank[indicator.strength], indicator))
    return tuple(i for _, _, i in sorted(keyed, key=lambda k: (k[0], k[1])))
