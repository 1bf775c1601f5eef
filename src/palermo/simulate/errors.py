"""Recording errors: how identities and fields go wrong between a victim and a register.

Each record starts from the person's true identity (names as in the passport, date of
birth, place of birth, document number) and picks up errors at the configured rates:
a clerk's typo, given and family names in each other's place, another transliteration
of a non-Latin name, an unknown or partial date of birth, day and month swapped, a wrong
year. Every error applied is reported so that tests and benchmarks can check the rates
and know which records are hard to link. Statistical fields (sex, citizenship...) are
sometimes left unknown, but never wrong.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

import numpy as np
import pandas as pd

from palermo.simulate.config import RecordingErrorConfig
from palermo.standard import UNKNOWN

# Optional statistical fields a source may leave unknown (see ``missing_value``).
STATISTICAL_FIELDS = (
    "sex",
    "age",
    "child",
    "citizenship",
    "forms_of_exploitation",
    "country_of_exploitation",
    "recruitment_country",
    "assistance_received",
    "reflection_period",
    "residence_permit",
    "cooperation",
    "unaccompanied_minor",
    "guardian_appointed",
    "referral_source",
)

# The error names written to truth/record_errors.csv.
TYPO = "typo"
SWAPPED_NAMES = "swapped_names"
TRANSLITERATION = "transliteration"
DOB_MISSING = "dob_missing"
DOB_YEAR_ONLY = "dob_year_only"
DOB_PLACEHOLDER = "dob_placeholder"
DOB_DAY_MONTH_SWAP = "dob_day_month_swap"
DOB_WRONG_YEAR = "dob_wrong_year"
DOCUMENT_TYPO = "document_typo"

_LETTERS = string.ascii_lowercase


@dataclass(frozen=True)
class RecordError:
    """One error applied to one record (``row`` indexes the source's records)."""

    row: int
    error: str


def typo(text: str, rng: np.random.Generator) -> str:
    """``text`` with one keyboard slip: a letter inserted, dropped, replaced or two
    neighbours exchanged. The result always differs from ``text``."""
    if not text:
        return text
    kind = int(rng.integers(0, 4)) if len(text) > 2 else 2
    at = int(rng.integers(0, len(text)))
    if kind == 0:  # insertion
        return text[:at] + _LETTERS[int(rng.integers(0, 26))] + text[at:]
    if kind == 1:  # deletion
        return text[:at] + text[at + 1 :]
    if kind == 3:  # transposition of two different neighbours
        pairs = [i for i in range(len(text) - 1) if text[i] != text[i + 1]]
        if pairs:
            i = pairs[int(rng.integers(0, len(pairs)))]
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    # substitution by a different letter, keeping the case
    old = text[at]
    options = [c for c in _LETTERS if c != old.lower()]
    new = options[int(rng.integers(0, len(options)))]
    return text[:at] + (new.upper() if old.isupper() else new) + text[at + 1 :]


def _document_typo(text: str, rng: np.random.Generator) -> str:
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    if not digits:
        return typo(text, rng)
    at = digits[int(rng.integers(0, len(digits)))]
    new = str((int(text[at]) + int(rng.integers(1, 10))) % 10)
    return text[:at] + new + text[at + 1 :]


def _shift_year(day: pd.Timestamp, years: int) -> pd.Timestamp:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def apply_recording_errors(
    records: pd.DataFrame,
    rates: RecordingErrorConfig,
    *,
    has_birth_year: bool,
    document_share: float,
    place_of_birth_share: float,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, list[RecordError]]:
    """Corrupt the identity fields of a source's records; leave some fields unknown.

    Args:
        records: the source's records with true identities (see
            :func:`palermo.simulate.sources.victim_records`).
        rates: the error rates, already scaled for the source.
        has_birth_year: whether the source's files have a year-of-birth column (a
            year-only date of birth is written there; otherwise as 1 January).
        document_share: share of records with a document number at all.
        place_of_birth_share: share of records with a place of birth at all.
        rng: the random generator.

    Returns:
        The records as the source wrote them (a new frame, with ``birth_year`` added)
        and the list of errors applied.
    """
    n = len(records)
    out = records.copy()
    errors: list[RecordError] = []
    given = out["given_names"].to_numpy(dtype=object).copy()
    family = out["family_names"].to_numpy(dtype=object).copy()

    # Another Latin spelling, only for names that have one.
    has_variant = np.fromiter(
        (
            bool(g) or bool(f)
            for g, f in zip(
                out["given_names_variants"], out["family_names_variants"], strict=True
            )
        ),
        bool,
        n,
    )
    given_variants = out["given_names_variants"].tolist()
    family_variants = out["family_names_variants"].tolist()
    for row in np.flatnonzero(has_variant & (rng.random(n) < rates.transliteration)):
        for names, variants in ((given, given_variants), (family, family_variants)):
            options: tuple[str, ...] = variants[row]
            if options:
                names[row] = options[int(rng.integers(0, len(options)))]
        errors.append(RecordError(int(row), TRANSLITERATION))

    swapped = np.flatnonzero(rng.random(n) < rates.swapped_names)
    given[swapped], family[swapped] = family[swapped].copy(), given[swapped].copy()
    errors += [RecordError(int(r), SWAPPED_NAMES) for r in swapped]

    for row in np.flatnonzero(rng.random(n) < rates.typo):
        names = given if rng.random() < 0.5 else family
        names[row] = typo(str(names[row]), rng)
        errors.append(RecordError(int(row), TYPO))

    dob, birth_year, dob_errors = _dates_of_birth(
        out["date_of_birth"], rates, has_birth_year, rng
    )
    errors += dob_errors

    document = out["document_number"].to_numpy(dtype=object).copy()
    has_document = rng.random(n) < document_share
    document[~has_document] = None
    for row in np.flatnonzero(has_document & (rng.random(n) < rates.document_typo)):
        document[row] = _document_typo(str(document[row]), rng)
        errors.append(RecordError(int(row), DOCUMENT_TYPO))
    place = out["place_of_birth"].to_numpy(dtype=object).copy()
    place[rng.random(n) >= place_of_birth_share] = None

    out["given_names"] = given
    out["family_names"] = family
    out["date_of_birth"] = dob
    out["birth_year"] = birth_year
    out["document_number"] = document
    out["place_of_birth"] = place
    out = out.drop(columns=["given_names_variants", "family_names_variants"])
    _leave_unknown(out, rates.missing_value, rng)
    errors.sort(key=lambda e: (e.row, e.error))
    return out, errors


def _dates_of_birth(
    true_dob: pd.Series,
    rates: RecordingErrorConfig,
    has_birth_year: bool,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, list[RecordError]]:
    """Date-of-birth errors; they exclude one another (one draw per record)."""
    n = len(true_dob)
    kinds = (
        DOB_MISSING,
        DOB_YEAR_ONLY,
        DOB_PLACEHOLDER,
        DOB_DAY_MONTH_SWAP,
        DOB_WRONG_YEAR,
    )
    bounds = np.cumsum([getattr(rates, kind) for kind in kinds])
    if bounds[-1] > 1:
        bounds = bounds / bounds[-1]
    draw = np.searchsorted(bounds, rng.random(n), side="right")
    shift = rng.choice([-10, -1, 1, 10], n, p=[0.15, 0.35, 0.35, 0.15])
    days = pd.DatetimeIndex(true_dob)
    year = days.year.to_numpy().copy()
    month = days.month.to_numpy().copy()
    day = days.day.to_numpy().copy()
    true_day, true_month = day.copy(), month.copy()
    missing = draw == kinds.index(DOB_MISSING)
    year_only = draw == kinds.index(DOB_YEAR_ONLY)
    first_of_january = (draw == kinds.index(DOB_PLACEHOLDER)) | (
        year_only & (not has_birth_year)
    )
    month[first_of_january], day[first_of_january] = 1, 1
    # A clerk cannot write a swapped date that does not exist (31 March as 3/31).
    swap = (
        (draw == kinds.index(DOB_DAY_MONTH_SWAP))
        & (true_day <= 12)
        & (true_day != true_month)
    )
    month[swap], day[swap] = true_day[swap], true_month[swap]
    wrong = draw == kinds.index(DOB_WRONG_YEAR)
    year[wrong] += shift[wrong]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    day[(month == 2) & (day == 29) & ~leap] = 28
    written = pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": day}))
    dob = np.asarray(written.dt.date, dtype=object)
    blank = missing | (year_only & has_birth_year)
    dob[blank] = None
    birth_year = np.full(n, None, dtype=object)
    if has_birth_year:
        birth_year[year_only] = year[year_only].tolist()
    applied = (
        missing | year_only | (draw == kinds.index(DOB_PLACEHOLDER)) | swap | wrong
    )
    errors = [
        RecordError(int(row), kinds[int(draw[row])]) for row in np.flatnonzero(applied)
    ]
    return dob, birth_year, errors


def _leave_unknown(
    records: pd.DataFrame, rate: float, rng: np.random.Generator
) -> None:
    if rate <= 0:
        return
    n = len(records)
    for field in STATISTICAL_FIELDS:
        lost = rng.random(n) < rate
        if not lost.any():
            continue
        values = records[field].to_numpy(dtype=object).copy()
        if field == "age":
            values[lost] = None
        elif field == "forms_of_exploitation":
            for row in np.flatnonzero(lost):
                values[row] = (UNKNOWN,)
        else:
            values[lost] = UNKNOWN
        records[field] = values


__all__ = [
    "DOB_DAY_MONTH_SWAP",
    "DOB_MISSING",
    "DOB_PLACEHOLDER",
    "DOB_WRONG_YEAR",
    "DOB_YEAR_ONLY",
    "DOCUMENT_TYPO",
    "STATISTICAL_FIELDS",
    "SWAPPED_NAMES",
    "TRANSLITERATION",
    "TYPO",
    "RecordError",
    "apply_recording_errors",
    "typo",
]
