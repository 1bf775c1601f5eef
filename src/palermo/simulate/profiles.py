"""Shipped tables behind a simulated country: reporting countries and citizenships.

``data/countries.csv`` holds the resident population of the EU-27 and EFTA countries on
1 January 2024 (Eurostat release of 11 July 2024, ddn-20240711-1, dataset demo_gind,
rounded to hundreds; EFTA from national statistical offices, Liechtenstein on
31 December 2023), copied from the project's reference data with its source and date
per row. Greece is under its ISO code GR (Eurostat writes EL). The columns
``nationals_share`` and ``other_eu_share`` are our assumption, set from Eurostat's
statement for 2020 that victims in BG, EE, HU, RO, SK, HR, LT were mostly nationals
while over 75 % were non-EU citizens in IE, PT, ES, FI, BE, DK, SI (EU average 2021-2022:
34 % nationals, 46 % EU citizens).

``data/citizenships.csv`` lists the citizenships the simulator draws, with the Faker
locales of their names, their script, their weight among other-EU or non-EU victims
(weighted after the top citizenships Eurostat reports for 2021-2022: Romanian, French,
Hungarian, Bulgarian, German; Nigerian, Ukrainian, Moroccan, Colombian, Chinese), their
ISO alpha-3 code and a few cities for places of birth.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from palermo.errors import InputError


@dataclass(frozen=True)
class CountryProfile:
    """A reporting country.

    Attributes:
        code: ISO 3166-1 alpha-2.
        name: English name.
        population: resident population at ``reference_date``.
        reference_date: date of the population figure.
        population_source: where the figure comes from.
        nationals_share: default share of victims who are its own citizens.
        other_eu_share: default share of victims who are citizens of another EU country.
    """

    code: str
    name: str
    population: int
    reference_date: date
    population_source: str
    nationals_share: float
    other_eu_share: float


@dataclass(frozen=True)
class Citizenship:
    """A citizenship the simulator can give a victim or a trafficker."""

    code: str
    alpha3: str
    script: str
    locales: tuple[str, ...]
    other_eu_weight: float
    non_eu_weight: float
    cities: tuple[str, ...]


def _read(name: str) -> list[dict[str, str]]:
    path = resources.files("palermo.simulate") / "data" / name
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@cache
def country_profiles() -> dict[str, CountryProfile]:
    """Every reporting country the simulator knows, by ISO code."""
    return {
        row["code"]: CountryProfile(
            code=row["code"],
            name=row["country"],
            population=int(row["population"]),
            reference_date=date.fromisoformat(row["reference_date"]),
            population_source=row["population_source"],
            nationals_share=float(row["nationals_share"]),
            other_eu_share=float(row["other_eu_share"]),
        )
        for row in _read("countries.csv")
    }


def country_profile(code: str) -> CountryProfile:
    """The profile of one reporting country.

    Raises:
        InputError: for a country outside the shipped table.
    """
    profiles = country_profiles()
    key = "GR" if code.upper() == "EL" else code.upper()
    if key not in profiles:
        known = ", ".join(sorted(profiles))
        raise InputError(f"no population figure for country {code!r}; known: {known}")
    return profiles[key]


@cache
def citizenships() -> dict[str, Citizenship]:
    """Every citizenship the simulator draws from, by ISO code."""
    return {
        row["code"]: Citizenship(
            code=row["code"],
            alpha3=row["alpha3"],
            script=row["script"],
            locales=tuple(x for x in row["locales"].split("|") if x),
            other_eu_weight=float(row["other_eu_weight"]),
            non_eu_weight=float(row["non_eu_weight"]),
            cities=tuple(row["cities"].split("|")),
        )
        for row in _read("citizenships.csv")
    }


__all__ = [
    "Citizenship",
    "CountryProfile",
    "citizenships",
    "country_profile",
    "country_profiles",
]
