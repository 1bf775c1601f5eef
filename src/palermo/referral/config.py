"""Per-country configuration of the referral mechanism: time limits, calendar, permits.

The law fixes minimums (a recovery and reflection period of at least 30 days, Council
of Europe Convention Art. 13; a residence permit valid at least six months, Directive
2004/81/EC Art. 8(2)); each country fixes the rest in national law or guidance. A
:class:`CountryConfig` holds those figures with their source, serialises to JSON to be
written beside every output, and refuses values below the legal minimums.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
import yaml

from palermo.errors import InputError

# Council of Europe Convention (CETS 197) Art. 13(1): "at least 30 days".
MIN_RECOVERY_PERIOD_DAYS = 30
# Directive 2004/81/EC Art. 8(2): the residence permit is valid for at least six months.
MIN_PERMIT_MONTHS = 6


@dataclass(frozen=True)
class RetentionRules:
    """When a closed case's identity is erased.

    Attributes:
        identity_years_after_exit: years after a referred case left the mechanism
            (exit) before its identity and notes are erased; None: never automatically.
        unreferred_days_after_exit: days after a case closed without a referral (an
            adult who did not consent) before erasure; None: as referred cases.
        child_years_after_majority: a person registered as a child (or presumed one)
            keeps their identity at least until their 18th birthday plus these years;
            None: no such floor.
        source: the law or policy the figures come from.
    """

    identity_years_after_exit: int | None = None
    unreferred_days_after_exit: int | None = None
    child_years_after_majority: int | None = None
    source: str = ""

    def __post_init__(self) -> None:
        for name in (
            "identity_years_after_exit",
            "unreferred_days_after_exit",
            "child_years_after_majority",
        ):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise InputError(f"retention: {name} must not be negative")

    @property
    def is_set(self) -> bool:
        """Whether any automatic erasure is configured."""
        return (
            self.identity_years_after_exit is not None
            or self.unreferred_days_after_exit is not None
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any] | None) -> RetentionRules:
        """Read the ``retention`` section of a country configuration.

        Raises:
            InputError: an unknown key or a negative figure.
        """
        if not raw:
            return cls()
        if isinstance(raw, RetentionRules):
            return raw
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise InputError("retention: unknown setting(s) " + ", ".join(unknown))
        return cls(**dict(raw))


@dataclass(frozen=True)
class CountryConfig:
    """The time limits and calendar of one country's referral mechanism.

    Attributes:
        country: ISO 3166-1 alpha-2 code; selects the public holidays.
        timezone: IANA time zone in which days and deadlines are counted.
        subdivision: a region with its own holidays (``ENG`` for England), or None.
        source: where the figures come from (law, guidance, version, date).
        version: version of this configuration.
        first_decision_working_days: the reasonable-grounds (first) decision is due
            within this many working days of the referral.
        recovery_period_days: the recovery and reflection period, in calendar days
            (at least 30).
        recovery_review_day: a review on this day of the recovery period, or None.
        recovery_max_extensions: how many times the period may be extended (None: no
            limit set; 0: never).
        recovery_extension_max_days: the longest single extension, or None.
        conclusive_decision_days: target for the conclusive decision, in calendar days
            after a positive reasonable-grounds decision, or None (no target set).
        reflection_period_days: the reflection period of Directive 2004/81/EC Art. 6
            for third-country nationals (national law fixes it), or None.
        permit_months: validity of a residence permit under Directive 2004/81/EC
            (at least 6).
        directive_2004_81_applies: False where the Directive does not bind the
            country (Denmark, Ireland, the United Kingdom).
        weekend: weekdays that are not working days (Monday = 0).
        closed_days: further non-working days (administrative closures).
        alert_working_days: alert when this many working days or fewer remain before
            a working-day deadline.
        alert_days: alert when this many calendar days or fewer remain before a
            calendar-day or month deadline.
        roll_to_working_day: a calendar-day or month period whose last day is not a
            working day ends at the end of the next working day (the rule of
            Regulation 1182/71 Art. 3(4) for EU acts); off by default, because a
            protection period should not be read as a time limit to act.
        retention: when a closed case's identity is erased (none by default).
    """

    country: str
    timezone: str
    subdivision: str | None = None
    source: str = ""
    version: str = "1"
    first_decision_working_days: int = 5
    recovery_period_days: int = MIN_RECOVERY_PERIOD_DAYS
    recovery_review_day: int | None = None
    recovery_max_extensions: int | None = None
    recovery_extension_max_days: int | None = None
    conclusive_decision_days: int | None = None
    reflection_period_days: int | None = None
    permit_months: int = MIN_PERMIT_MONTHS
    directive_2004_81_applies: bool = True
    weekend: tuple[int, ...] = (5, 6)
    closed_days: tuple[date, ...] = ()
    alert_working_days: int = 2
    alert_days: int = 5
    roll_to_working_day: bool = False
    retention: RetentionRules = field(default_factory=RetentionRules)

    def __post_init__(self) -> None:
        problems = list(_problems(self))
        if problems:
            raise InputError(
                "country configuration: " + "; ".join(problems),
                issues=[{"code": "invalid_config", "message": p} for p in problems],
            )

    @property
    def zone(self) -> ZoneInfo:
        """The time zone as a :class:`zoneinfo.ZoneInfo`."""
        return ZoneInfo(self.timezone)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        data = asdict(self)
        data["weekend"] = list(self.weekend)
        data["closed_days"] = [d.isoformat() for d in self.closed_days]
        return data

    def to_json(self) -> str:
        """The configuration as JSON, to write beside an output."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> CountryConfig:
        """Read a configuration written by :meth:`to_dict` or by hand (YAML, JSON).

        Raises:
            InputError: an unknown key, a missing country or time zone, or a value
                below a legal minimum.
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise InputError(
                "country configuration: unknown setting(s) " + ", ".join(unknown)
            )
        for required in ("country", "timezone"):
            if not raw.get(required):
                raise InputError(f"country configuration: {required} is required")
        values = dict(raw)
        values["weekend"] = tuple(int(d) for d in values.get("weekend", (5, 6)))
        values["closed_days"] = tuple(
            d if isinstance(d, date) else date.fromisoformat(str(d))
            for d in values.get("closed_days", ())
        )
        values["retention"] = RetentionRules.from_dict(values.get("retention"))
        return cls(**values)

    @classmethod
    def from_file(cls, path: str | Path) -> CountryConfig:
        """Read a configuration from a YAML or JSON file."""
        file = Path(path)
        if not file.is_file():
            raise InputError(f"{file}: no such file")
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise InputError(f"{file}: expected a mapping of settings")
        return cls.from_dict(raw)


def _problems(config: CountryConfig) -> list[str]:
    problems = []
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"timezone {config.timezone!r} is not an IANA time zone")
    supported = holidays.list_supported_countries()
    if config.country not in supported:
        problems.append(f"country {config.country!r} has no public-holiday calendar")
    elif config.subdivision and config.subdivision not in supported[config.country]:
        problems.append(
            f"subdivision {config.subdivision!r} is not one of {config.country}'s: "
            + ", ".join(supported[config.country])
        )
    if config.recovery_period_days < MIN_RECOVERY_PERIOD_DAYS:
        problems.append(
            f"recovery_period_days {config.recovery_period_days} is below the 30 days "
            "of Council of Europe Convention Art. 13"
        )
    if config.permit_months < MIN_PERMIT_MONTHS:
        problems.append(
            f"permit_months {config.permit_months} is below the six months of "
            "Directive 2004/81/EC Art. 8(2)"
        )
    if config.first_decision_working_days < 1:
        problems.append("first_decision_working_days must be at least 1")
    if not set(config.weekend) <= set(range(7)) or len(set(config.weekend)) > 6:
        problems.append("weekend must list weekdays 0 (Monday) to 6, not all seven")
    for name in (
        "recovery_review_day",
        "recovery_max_extensions",
        "recovery_extension_max_days",
        "conclusive_decision_days",
        "reflection_period_days",
    ):
        value = getattr(config, name)
        if value is not None and value < 0:
            problems.append(f"{name} must not be negative")
    if config.alert_working_days < 0 or config.alert_days < 0:
        problems.append("alert_working_days and alert_days must not be negative")
    return problems


def shipped_configs() -> tuple[str, ...]:
    """Names of the configurations shipped with Palermo."""
    folder = resources.files("palermo.referral") / "data"
    return tuple(
        sorted(
            p.name.removesuffix(".yaml")
            for p in folder.iterdir()
            if p.name.endswith(".yaml")
        )
    )


@cache
def load_country_config(name: str) -> CountryConfig:
    """A shipped configuration by name (``gb``), see :func:`shipped_configs`."""
    key = name.strip().lower()
    if key not in shipped_configs():
        raise InputError(
            f"no shipped configuration {name!r}; shipped: {', '.join(shipped_configs())}. "
            "Write one for your country (see minimum_config) and load it with "
            "CountryConfig.from_file"
        )
    path = resources.files("palermo.referral") / "data" / f"{key}.yaml"
    return CountryConfig.from_dict(yaml.safe_load(path.read_text(encoding="utf-8")))


def minimum_config(
    country: str, timezone: str, subdivision: str | None = None
) -> CountryConfig:
    """A configuration at the legal minimums, for a country that has not set its own.

    The recovery and reflection period is the Convention's 30 days, the permit the
    Directive's six months, the reflection period of Directive 2004/81/EC aligned with
    the recovery period; the five-working-day first decision is a practice (the United
    Kingdom's), not a legal minimum.
    """
    return CountryConfig(
        country=country,
        timezone=timezone,
        subdivision=subdivision,
        source=(
            "Legal minimums: Council of Europe Convention CETS 197 Art. 13 (30 days); "
            "Directive 2004/81/EC Art. 6 and 8 (reflection period by national law, "
            "aligned here to 30 days; permit at least 6 months). First decision within "
            "5 working days follows UK NRM practice."
        ),
        version="minimum-1",
        reflection_period_days=MIN_RECOVERY_PERIOD_DAYS,
    )
