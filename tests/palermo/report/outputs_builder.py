"""Stage outputs of a small simulated country, as the report reads them.

The published tables and the estimate are made by the real ``palermo tables`` and
``palermo estimate`` stages from persons generated here; linkage's files follow its
documented layout.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from palermo.linkage.persons import PERSON_COLUMNS
from palermo.pipeline import estimate_stage, tables_stage

SOURCES = ("police-paris", "ngo-lyon", "labour-inspectorate")
SOURCE_TYPES = {
    "police-paris": "police",
    "ngo-lyon": "ngo",
    "labour-inspectorate": "labour_inspectorate",
}
CITIZENSHIPS = (
    ("FR", "reporting_country", 38),
    ("RO", "other_eu", 14),
    ("BG", "other_eu", 6),
    ("DE", "other_eu", 1),
    ("NG", "non_eu", 16),
    ("CN", "non_eu", 7),
    ("UA", "non_eu", 6),
    ("MA", "non_eu", 5),
    ("VN", "non_eu", 1),
    ("unknown", "unknown", 6),
)
CAPTURE = {"police-paris": 0.55, "ngo-lyon": 0.4, "labour-inspectorate": 0.2}


@dataclass
class Period:
    """The files written for one period (for tests that need the truth)."""

    directory: Path
    persons: pa.Table
    records: int


def _person(rng: random.Random, i: int, period: str) -> dict[str, Any]:
    sex = rng.choices(["female", "male", "other", "unknown"], [60, 37, 0.3, 2.7])[0]
    age = rng.choice([None, 14, 16, 17, 19, 24, 31, 38, 45, 52])
    code, group, _ = rng.choices(CITIZENSHIPS, [w for *_, w in CITIZENSHIPS])[0]
    forms = rng.choices(
        [["sexual"], ["labour"], ["begging"], ["sexual", "labour"], ["unknown"]],
        [48, 32, 8, 6, 6],
    )[0]
    while True:
        caps = {s: int(rng.random() < p) for s, p in CAPTURE.items()}
        if any(caps.values()):
            break
    return {
        "person_id": f"{period}-PERSON-{i:05d}",
        "sex": sex,
        "age": age,
        "child": "unknown" if age is None else ("yes" if age < 18 else "no"),
        "citizenship": code,
        "citizenship_group": group,
        "forms_of_exploitation": forms,
        "status": rng.choices(["identified", "presumed"], [70, 30])[0],
        "organisation_types": sorted({SOURCE_TYPES[s] for s, c in caps.items() if c}),
        "first_registration_date": date(int(period), 1 + i % 12, 1 + i % 28),
        "caps": caps,
    }


def write_period(
    root: Path, period: str, n: int, seed: int, earlier: list[Path] = ()
) -> Period:  # type: ignore[assignment]
    """Write ``root/<period>/{linkage,estimate,records,tables}`` for ``n`` persons."""
    rng = random.Random(seed)
    folder = root / period
    for stage in ("linkage", "estimate", "records"):
        (folder / stage).mkdir(parents=True, exist_ok=True)
    people = [_person(rng, i, period) for i in range(n)]
    links, records = [], []
    for p in people:
        for source, seen in p["caps"].items():
            copies = (1 + int(rng.random() < 0.08)) if seen else 0
            for _ in range(copies):
                record_id = f"{source}-{len(records):06d}"
                links.append(
                    {
                        "source": source,
                        "record_id": record_id,
                        "person_id": p["person_id"],
                    }
                )
                records.append(
                    {
                        "source_record_id": record_id,
                        "organisation_id": source,
                        "organisation_type": SOURCE_TYPES[source],
                        "sex": p["sex"] if rng.random() > 0.05 else "unknown",
                        "age": p["age"]
                        if rng.random() > (0.3 if source == "ngo-lyon" else 0.1)
                        else None,
                        "citizenship": p["citizenship"],
                        "forms_of_exploitation": p["forms_of_exploitation"],
                        "status": p["status"],
                    }
                )
    n_records = {pid: 0 for pid in (p["person_id"] for p in people)}
    for link in links:
        n_records[link["person_id"]] += 1
    columns: dict[str, list[Any]] = {
        key: [p[key] for p in people] for key in PERSON_COLUMNS if key != "n_records"
    }
    columns["n_records"] = [n_records[p["person_id"]] for p in people]
    schema = [
        ("person_id", pa.string()),
        ("sex", pa.string()),
        ("age", pa.int64()),
        ("child", pa.string()),
        ("citizenship", pa.string()),
        ("citizenship_group", pa.string()),
        ("forms_of_exploitation", pa.list_(pa.string())),
        ("status", pa.string()),
        ("organisation_types", pa.list_(pa.string())),
        ("first_registration_date", pa.date32()),
        ("n_records", pa.int64()),
    ]
    for source in SOURCES:
        columns[f"cap_{source}"] = [p["caps"][source] for p in people]
        schema.append((f"cap_{source}", pa.int8()))
    persons = pa.Table.from_pydict(
        columns, schema=pa.schema(schema)
    ).replace_schema_metadata(
        {b"reporting_country": b"FR", b"reference_period": period.encode()}
    )
    persons_path = folder / "linkage" / "persons.parquet"
    pq.write_table(persons, persons_path)
    pq.write_table(
        pa.Table.from_pylist(links), folder / "linkage" / "record_map.parquet"
    )
    pq.write_table(
        pa.Table.from_pylist(records), folder / "records" / "victims.parquet"
    )
    # The layout of palermo.linkage's write_outputs.
    report = {
        "mode": "encoded",
        "engine": "duckdb",
        "records": len(links),
        "sources": {
            src: sum(1 for link in links if link["source"] == src) for src in SOURCES
        },
        "persons": len(people),
        "threshold": 0.92,
        "blocking": {
            "keys": ["lsh_band_1", "birth_year"],
            "candidate_pairs": 48210,
            "excluded_by_constraints": 310,
        },
        "scored_pairs_kept": 5120,
        "parameters": [
            {
                "comparison": "family_names",
                "level": "Dice >= 0.8",
                "m_probability": 0.91,
                "u_probability": 0.0021,
                "match_weight": 8.76,
            },
            {
                "comparison": "birth_year",
                "level": "exact",
                "m_probability": 0.88,
                "u_probability": 0.03,
                "match_weight": 4.87,
            },
        ],
        "expected": {"precision": 0.985, "recall": 0.972},
        "by_threshold": [
            {
                "threshold": t,
                "persons": len(people) + d,
                "precision": 0.99 - d / 1000,
                "recall": 0.95 + d / 1000,
            }
            for t, d in ((0.5, -12), (0.9, -1), (0.92, 0), (0.99, 9))
        ],
        "cluster_sizes": {"1": 700, "2": 300},
    }
    (folder / "linkage" / "linkage_report.json").write_text(
        json.dumps(report), encoding="utf-8"
    )
    settings = {
        "config": {
            "mode": "encoded",
            "threshold": 0.92,
            "engine": "duckdb",
            "seed": 42,
            "blocking": {"rules": ["lsh_band_1", "birth_year"]},
        },
        "model": {"comparisons": [{"output_column_name": "family_names"}]},
    }
    (folder / "linkage" / "linkage_settings.json").write_text(
        json.dumps(settings), encoding="utf-8"
    )
    estimate_stage(persons_path, folder / "estimate")
    suspects = pa.Table.from_pylist(
        [
            {
                "source_record_id": f"S{i}",
                "organisation_id": "police-paris",
                "organisation_type": "police",
                "stage": rng.choices(
                    ["suspected", "prosecuted", "convicted"], [5, 3, 1]
                )[0],
                "sex": rng.choices(["male", "female"], [3, 1])[0],
                "citizenship": rng.choice(["FR", "RO", "NG"]),
            }
            for i in range(240)
        ]
    )
    pq.write_table(suspects, folder / "records" / "suspects.parquet")
    tables_stage(
        persons_path,
        folder / "tables",
        earlier_persons=[e / "linkage" / "persons.parquet" for e in earlier],
        suspects_path=folder / "records" / "suspects.parquet",
    )
    return Period(folder, persons, len(links))


def write_country(root: Path) -> tuple[Period, Period]:
    """Two years of outputs: ``root/2024`` and ``root/2025`` (which has the trends)."""
    earlier = write_period(root, "2024", 900, seed=24)
    current = write_period(root, "2025", 1100, seed=25, earlier=[earlier.directory])
    return earlier, current
