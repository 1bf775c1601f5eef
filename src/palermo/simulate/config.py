"""Every rate and probability of a simulated country, in one config that serialises to JSON.

The config is written beside every simulation (``config.json``) so that any output can be
reproduced: the same config and seed give byte-identical files.

Capture probabilities are set on the log-odds scale, as in a logistic regression: a
source sees a victim with probability ``logistic(logit(capture_rate) + sum of effects +
heterogeneity * visibility)``, where the effects are those of the victim's covariates
(``female``, ``child``, ``national``, ``other_eu``, ``non_eu`` and one per form of
exploitation) and ``visibility`` is a standard normal latent trait of the person that
makes some victims easier to find for every source. ``capture_rate`` is therefore the
probability for a reference victim: an adult man, citizen of another EU country, in
"other" exploitation, of average visibility.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from palermo.errors import InputError
from palermo.simulate.catalogue import COVARIATES, SOURCE_CATALOGUE, SourceConfig


@dataclass(frozen=True)
class RecordingErrorConfig:
    """Rates of recording errors in identity fields, per record.

    Each rate is the probability that a record carries that error (multiplied by the
    source's ``error_scale``). The date-of-birth errors exclude one another.

    Attributes:
        typo: one edit (insertion, deletion, substitution, transposition) in a name.
        swapped_names: given and family names written in each other's place.
        transliteration: a non-passport Latin spelling of a name written in another
            script (applies only to such names).
        dob_missing: no date of birth and no year of birth.
        dob_year_only: only the year of birth (written as 1 January where the source
            has no year-of-birth column).
        dob_placeholder: 1 January of the right year in place of the real date.
        dob_day_month_swap: day and month exchanged (only where both are 12 or less
            and differ, so that the swapped date exists).
        dob_wrong_year: the year off by one or by ten.
        document_typo: one character of the document number wrong.
        duplicate: a second record of the same person in the same source (with its
            own errors).
        missing_value: each optional statistical field (sex, citizenship...) left
            unknown.
    """

    typo: float = 0.015
    swapped_names: float = 0.008
    transliteration: float = 0.1
    dob_missing: float = 0.015
    dob_year_only: float = 0.01
    dob_placeholder: float = 0.008
    dob_day_month_swap: float = 0.008
    dob_wrong_year: float = 0.008
    document_typo: float = 0.01
    duplicate: float = 0.02
    missing_value: float = 0.03

    def scaled(self, factor: float) -> RecordingErrorConfig:
        """These rates multiplied by ``factor`` (capped at 1)."""
        values = {
            f.name: min(1.0, getattr(self, f.name) * factor)
            for f in dataclasses.fields(self)
        }
        return RecordingErrorConfig(**values)


# Named sets of error rates. "hard" is the linkage stress test: 10-30% of records carry
# at least one identity error, the range that real multi-agency registers show.
ERROR_PRESETS: dict[str, RecordingErrorConfig] = {
    "clean": RecordingErrorConfig(
        **{f.name: 0.0 for f in dataclasses.fields(RecordingErrorConfig)}
    ),
    "default": RecordingErrorConfig(),
    "hard": RecordingErrorConfig(
        typo=0.04,
        swapped_names=0.025,
        transliteration=0.3,
        dob_missing=0.025,
        dob_year_only=0.02,
        dob_placeholder=0.015,
        dob_day_month_swap=0.03,
        dob_wrong_year=0.02,
        document_typo=0.03,
        duplicate=0.05,
        missing_value=0.06,
    ),
}


@dataclass(frozen=True)
class PopulationConfig:
    """The hidden population of victims and the traffickers linked to them.

    Attributes:
        form_shares: share of victims by main form of exploitation (normalised).
            The defaults follow Eurostat 2021-2022 (sexual 49 %, labour 37 %,
            other 14 %).
        multi_form_share: share of victims exploited in a second form too.
        female_share: share of women and girls by main form (sexual 92 %, labour
            30 %: Eurostat 2021-2022).
        child_share: share of children by main form (19 % overall in 2021-2022).
        nationals_share, other_eu_share: shares of citizens of the reporting country
            and of other EU countries; None takes the country's profile.
        victims_per_case: mean number of victims exploited together in one case.
        traffickers_per_case: mean number of traffickers in one case.
        female_trafficker_share: share of women among traffickers (23 % of suspects
            in 2022, Eurostat).
        exploited_abroad_share: share of victims exploited outside the reporting
            country (registered there all the same).
    """

    form_shares: dict[str, float] = field(
        default_factory=lambda: {
            "sexual": 0.49,
            "labour": 0.37,
            "begging": 0.035,
            "criminal_activities": 0.035,
            "servitude": 0.025,
            "forced_marriage": 0.02,
            "slavery": 0.005,
            "illegal_adoption": 0.004,
            "surrogacy": 0.003,
            "organ_removal": 0.002,
            "other": 0.011,
        }
    )
    multi_form_share: float = 0.12
    female_share: dict[str, float] = field(
        default_factory=lambda: {
            "sexual": 0.92,
            "labour": 0.30,
            "begging": 0.55,
            "criminal_activities": 0.40,
            "servitude": 0.75,
            "forced_marriage": 0.95,
            "slavery": 0.5,
            "illegal_adoption": 0.5,
            "surrogacy": 1.0,
            "organ_removal": 0.35,
            "other": 0.5,
        }
    )
    child_share: dict[str, float] = field(
        default_factory=lambda: {
            "sexual": 0.22,
            "labour": 0.08,
            "begging": 0.45,
            "criminal_activities": 0.40,
            "servitude": 0.15,
            "forced_marriage": 0.55,
            "slavery": 0.1,
            "illegal_adoption": 1.0,
            "surrogacy": 0.0,
            "organ_removal": 0.05,
            "other": 0.15,
        }
    )
    nationals_share: float | None = None
    other_eu_share: float | None = None
    victims_per_case: float = 2.5
    traffickers_per_case: float = 2.0
    female_trafficker_share: float = 0.23
    exploited_abroad_share: float = 0.12


@dataclass(frozen=True)
class JusticeConfig:
    """Suspects and proceedings: police investigate, prosecutors charge, courts convict.

    Every probability is conditional on the previous stage, so that the prosecuted are
    a subset of the suspected and the convicted of the prosecuted.

    Attributes:
        investigated_if_seen_by_police: a case is investigated when the police
            registered one of its victims, with this probability.
        investigated_otherwise: the same for a case whose victims the police did not
            see (tip-offs, proactive work, referrals).
        suspected: each trafficker of an investigated case is identified as a suspect.
        prosecuted_case: an investigated case goes to the prosecution service.
        prosecuted: each suspect of a prosecuted case is charged.
        tried: a prosecuted case reaches a trial within the year.
        convicted: each defendant of a tried case is convicted.
        prison_share: share of custodial sentences among convictions.
    """

    police_id: str = "police"
    prosecution_id: str = "prosecution"
    court_id: str = "court"
    investigated_if_seen_by_police: float = 0.7
    investigated_otherwise: float = 0.08
    suspected: float = 0.85
    prosecuted_case: float = 0.5
    prosecuted: float = 0.75
    tried: float = 0.7
    convicted: float = 0.7
    prison_share: float = 0.65


@dataclass(frozen=True)
class SimulationConfig:
    """One simulated country and reference year.

    Attributes:
        country: ISO 3166-1 alpha-2 code of the reporting country (see
            :func:`palermo.simulate.profiles.country_profiles`).
        year: the reference year; every registration falls in it.
        victims: size of the hidden population; None derives it from the country's
            population and ``prevalence_per_million``.
        prevalence_per_million: true victims a year per million inhabitants (Eurostat
            registers about 24 per million; estimates put the true number at several
            times that).
        seed: the seed of every random draw.
        heterogeneity: standard deviation, on the log-odds scale, of the latent
            visibility that all sources share.
        referral_scale: multiplier of every source's referral probabilities (0 makes
            the lists independent given covariates and visibility).
        file_format: "native" writes each source's own format; "parquet" writes every
            source as standard Parquet (for benchmarks at scale).
        sources: the victim sources.
        population: the hidden population.
        errors: recording errors.
        justice: suspects and proceedings.
    """

    country: str = "FR"
    year: int = 2025
    victims: int | None = None
    prevalence_per_million: float = 60.0
    seed: int = 2025
    heterogeneity: float = 0.7
    referral_scale: float = 1.0
    file_format: str = "native"
    sources: tuple[SourceConfig, ...] = SOURCE_CATALOGUE[:5]
    population: PopulationConfig = field(default_factory=PopulationConfig)
    errors: RecordingErrorConfig = field(default_factory=RecordingErrorConfig)
    justice: JusticeConfig = field(default_factory=JusticeConfig)

    def to_dict(self) -> dict[str, Any]:
        """The config as plain JSON-ready data."""
        data = dataclasses.asdict(self)
        data["sources"] = [dataclasses.asdict(s) for s in self.sources]
        return data

    def to_json(self) -> str:
        """The config as indented JSON with a final newline (stable: same config, same
        bytes)."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SimulationConfig:
        """A config from (possibly partial) data; missing keys keep their defaults.

        Sources given by ``organisation_id`` of the catalogue start from the
        catalogue's entry, so a file may change only one rate of one source.

        Raises:
            InputError: on an unknown key or a value of the wrong shape.
        """
        base = cls()
        try:
            values: dict[str, Any] = {}
            for key, value in data.items():
                if key == "sources":
                    values[key] = tuple(_source_from(item) for item in value)
                elif key in ("population", "errors", "justice"):
                    if isinstance(value, str) and key == "errors":
                        values[key] = error_preset(value)
                    else:
                        values[key] = _merge(getattr(base, key), value)
                elif key in _field_names(cls):
                    values[key] = value
                else:
                    raise InputError(f"unknown setting {key!r} in simulation config")
            return dataclasses.replace(base, **values)
        except (TypeError, AttributeError) as error:
            raise InputError(f"invalid simulation config: {error}") from error

    @classmethod
    def from_json(cls, path: str | Path) -> SimulationConfig:
        """Read a config file written by :meth:`to_json` (or a partial one)."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise InputError(f"no such config file: {path}") from error
        except json.JSONDecodeError as error:
            raise InputError(
                f"{path}: not valid JSON (line {error.lineno}, column {error.colno})"
            ) from error
        if not isinstance(data, dict):
            raise InputError(f"{path}: a simulation config is a JSON object")
        return cls.from_dict(data)


def error_preset(name: str) -> RecordingErrorConfig:
    """The named set of error rates (``clean``, ``default``, ``hard``)."""
    try:
        return ERROR_PRESETS[name]
    except KeyError:
        known = ", ".join(ERROR_PRESETS)
        raise InputError(
            f"unknown error preset {name!r}; choose one of {known}"
        ) from None


def catalogue_sources(count: int) -> tuple[SourceConfig, ...]:
    """The first ``count`` sources of the catalogue (police, NGO, labour inspectorate,
    border guard, social services, immigration, health, shelter)."""
    if not 1 <= count <= len(SOURCE_CATALOGUE):
        raise InputError(
            f"--sources must be between 1 and {len(SOURCE_CATALOGUE)}, got {count}"
        )
    return SOURCE_CATALOGUE[:count]


_T = TypeVar("_T")


def _field_names(cls: type[Any]) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def _merge(base: _T, data: dict[str, Any]) -> _T:
    unknown = set(data) - _field_names(type(base))
    if unknown:
        raise InputError(f"unknown setting(s) {sorted(unknown)} in simulation config")
    return dataclasses.replace(base, **data)  # type: ignore[type-var]


def _source_from(item: dict[str, Any]) -> SourceConfig:
    known = {s.organisation_id: s for s in SOURCE_CATALOGUE}
    template = known.get(str(item.get("organisation_id")))
    if template is not None:
        return _merge(template, item)
    unknown = set(item) - _field_names(SourceConfig)
    if unknown:
        raise InputError(f"unknown source setting(s) {sorted(unknown)}")
    return SourceConfig(**item)


__all__ = [
    "COVARIATES",
    "ERROR_PRESETS",
    "SOURCE_CATALOGUE",
    "JusticeConfig",
    "PopulationConfig",
    "RecordingErrorConfig",
    "SimulationConfig",
    "SourceConfig",
    "catalogue_sources",
    "error_preset",
]
