"""Small files of victim records for the hub's tests (and the CLI's)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

# Identity values distinctive enough that finding one anywhere is a leak, not chance.
GIVEN_NAME = "Zbigniewa"
FAMILY_NAME = "Quaresmovitch"
DATE_OF_BIRTH = "1987-03-14"
DOCUMENT = "XK4471902"
IDENTITY_VALUES = (GIVEN_NAME, FAMILY_NAME, DATE_OF_BIRTH, DOCUMENT)

HEADER = (
    "source_record_id",
    "organisation_id",
    "organisation_type",
    "registration_date",
    "status",
    "given_names",
    "family_names",
    "date_of_birth",
    "document_number",
    "sex",
    "age",
    "citizenship",
    "forms_of_exploitation",
)


def victim(
    number: int, organisation_id: str = "ngo-lyon", **values: str
) -> dict[str, str]:
    """One victim record in the standard's own vocabulary."""
    # Consistent ages: born on 1 December, registered before September, so the age at
    # registration is 2024 minus the year of birth.
    age = 37 if number == 1 else 20 + number % 40
    record = {
        "source_record_id": f"V{number:04d}",
        "organisation_id": organisation_id,
        "organisation_type": "ngo",
        "registration_date": f"2025-0{1 + number % 9}-1{number % 10}",
        "status": "identified" if number % 2 else "presumed",
        "given_names": GIVEN_NAME if number == 1 else f"Given{number}",
        "family_names": FAMILY_NAME if number == 1 else f"Family{number}",
        "date_of_birth": DATE_OF_BIRTH if number == 1 else f"{2024 - age}-12-01",
        "document_number": DOCUMENT if number == 1 else f"D{number:06d}",
        "sex": "female" if number % 3 else "male",
        "age": str(age),
        "citizenship": ("RO", "NG", "FR", "VN")[number % 4],
        "forms_of_exploitation": "sexual;labour" if number % 5 == 0 else "labour",
    }
    record.update(values)
    return record


def write_records(path: Path, records: list[dict[str, Any]]) -> Path:
    """Write records as a UTF-8 CSV file with a header of their keys."""
    header = list(records[0]) if records else list(HEADER)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(records)
    return path
