"""The decision rules of the operational indicators, as shipped in ``data/rules.yaml``.

A dimension is positive when its present indicators meet one clause of the
per-dimension rule; the combination rule then asks for groups of dimensions, each group
holding when any of its dimensions is positive. The child combination rule exists in
two readings (see rules.yaml); the organisation picks one in :class:`ScreeningConfig`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import yaml

from palermo.errors import InputError
from palermo.screening.indicators import STRENGTH_LABELS, Strength


class ChildRule(StrEnum):
    """The two readings of the child combination rule (see rules.yaml)."""

    RECRUITMENT_AND_EXPLOITATION = "recruitment_and_exploitation"
    EXPLOITATION_ONLY = "exploitation_only"


@dataclass(frozen=True)
class ScreeningConfig:
    """Choices an organisation makes once; written beside every screening output."""

    child_rule: ChildRule | None = None  # None: the default of rules.yaml

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "child_rule": None if self.child_rule is None else self.child_rule.value
        }

    def to_json(self) -> str:
        """The config as JSON."""
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> ScreeningConfig:
        """Read a config written by :meth:`to_dict`."""
        rule = raw.get("child_rule")
        try:
            return cls(child_rule=None if rule is None else ChildRule(rule))
        except ValueError:
            raise InputError(
                f"child_rule {rule!r}; expected one of "
                + ", ".join(r.value for r in ChildRule)
            ) from None


@dataclass(frozen=True)
class RuleClause:
    """One clause of the per-dimension rule, e.g. (b) one strong + one medium or weak."""

    id: str
    strong: int = 0
    medium: int = 0
    weak: int = 0
    medium_or_weak: int = 0

    def is_met(self, counts: Mapping[Strength, int]) -> bool:
        """Whether indicators with these strength counts meet the clause."""
        medium, weak = counts.get(Strength.MEDIUM, 0), counts.get(Strength.WEAK, 0)
        return (
            counts.get(Strength.STRONG, 0) >= self.strong
            and medium >= self.medium
            and weak >= self.weak
            and (medium - self.medium) + (weak - self.weak) >= self.medium_or_weak
        )

    def describe(self, lang: str = "en") -> str:
        """The clause in words, e.g. "1 strong + 1 medium or weak"."""
        lang = "fr" if lang == "fr" else "en"

        def word(strength: Strength, n: int) -> str:
            # French adjectives agree in number ("2 forts"); English ones do not.
            label = STRENGTH_LABELS[strength][lang]
            return label + "s" if lang == "fr" and n > 1 else label

        parts = [
            f"{n} {word(s, n)}"
            for n, s in (
                (self.strong, Strength.STRONG),
                (self.medium, Strength.MEDIUM),
                (self.weak, Strength.WEAK),
            )
            if n
        ]
        if self.medium_or_weak:
            n = self.medium_or_weak
            conjunction = "ou" if lang == "fr" else "or"
            parts.append(
                f"{n} {word(Strength.MEDIUM, n)} {conjunction} {word(Strength.WEAK, n)}"
            )
        return " + ".join(parts)


@dataclass(frozen=True)
class Group:
    """A group of the combination rule: holds when any of its dimensions is positive."""

    id: str
    dimensions: tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    """The per-dimension rule and the combination rules, as shipped in rules.yaml."""

    data_version: str
    dimension_rule: tuple[RuleClause, ...]
    adult: tuple[Group, ...]
    child: dict[ChildRule, tuple[Group, ...]]
    child_default: ChildRule
    child_labels: dict[ChildRule, dict[str, str]]

    def combination(
        self, population: str, config: ScreeningConfig
    ) -> tuple[Group, ...]:
        """The groups that must all hold for this population and config."""
        if population == "adult":
            return self.adult
        return self.child[config.child_rule or self.child_default]

    def clause_met(self, counts: Mapping[Strength, int]) -> str | None:
        """The id of the first clause these counts meet, or None."""
        for clause in self.dimension_rule:
            if clause.is_met(counts):
                return clause.id
        return None

    def clause(self, clause_id: str) -> RuleClause:
        """A clause by id (a, b, c, d)."""
        return next(c for c in self.dimension_rule if c.id == clause_id)


def _groups(raw: list[dict[str, Any]]) -> tuple[Group, ...]:
    return tuple(Group(str(g["id"]), tuple(str(d) for d in g["any_of"])) for g in raw)


@cache
def load_rules() -> Rules:
    """The decision rules shipped with Palermo."""
    path = resources.files("palermo.screening") / "data" / "rules.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    clauses = tuple(
        RuleClause(
            id=str(c["id"]),
            **{k: int(v) for k, v in c.items() if k != "id"},
        )
        for c in raw["dimension_rule"]["any_of"]
    )
    child = raw["combination"]["child"]
    variants = {ChildRule(k): v for k, v in child["variants"].items()}
    return Rules(
        data_version=str(raw["data_version"]),
        dimension_rule=clauses,
        adult=_groups(raw["combination"]["adult"]["all_of"]),
        child={k: _groups(v["all_of"]) for k, v in variants.items()},
        child_default=ChildRule(child["default"]),
        child_labels={k: {"en": v["en"], "fr": v["fr"]} for k, v in variants.items()},
    )
