"""Benchmark: the full table set with secondary suppression and the audit.

From 1,000,000 persons (skewed categories, so that rare organisation types, sexes and
forms give small cells): counting, primary and secondary suppression, rates, shares
and the attacker's audit must take under 60 s. Prints the time of each part, the peak
memory, the cells withheld per table, and the ratio against a 100,000-person run in
the same process.

    PYTHONPATH=src python bench/bench_tables.py [--persons 1000000]
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import pyarrow as pa

from palermo.tables import audit_tables, build_tables

ORGS = np.array(
    [
        "police",
        "ngo",
        "border_guard",
        "labour_inspectorate",
        "prosecution",
        "court",
        "immigration",
        "social_services",
        "health",
        "consulate",
        "other",
    ]
)
ORG_P = np.array(
    [0.5, 0.3, 0.08, 0.05, 0.03, 0.02, 0.015, 0.004, 0.0006, 0.00003, 0.00037]
)
FORMS = np.array(
    ["sexual", "labour", "begging", "criminal_activities", "organ_removal", "unknown"]
)
FORM_P = np.array([0.45, 0.38, 0.08, 0.05, 0.00002, 0.03998])


def _lists(
    first: np.ndarray, second: np.ndarray, has_second: np.ndarray
) -> pa.ListArray:
    """A list column: one value, or two where ``has_second``."""
    lengths = 1 + has_second.astype(np.int32)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    values = np.empty(int(lengths.sum()), dtype=object)
    starts = offsets[:-1]
    values[starts] = first
    values[starts[has_second] + 1] = second[has_second]
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(values, pa.string()))


def persons(n: int, seed: int = 1) -> pa.Table:
    """``n`` persons in the persons-table contract, with skewed categories."""
    rng = np.random.default_rng(seed)
    age = rng.choice(
        [12, 16, 22, 30, 45, -1], size=n, p=[0.05, 0.15, 0.3, 0.3, 0.15, 0.05]
    )
    sex = rng.choice(
        ["female", "male", "other", "unknown"], size=n, p=[0.6, 0.37, 0.0001, 0.0299]
    )
    group = rng.choice(
        ["reporting_country", "other_eu", "non_eu", "unknown"],
        size=n,
        p=[0.3, 0.2, 0.45, 0.05],
    )
    forms = _lists(
        rng.choice(FORMS, size=n, p=FORM_P),
        rng.choice(FORMS[:4], size=n),
        rng.random(n) < 0.1,
    )
    orgs = _lists(
        rng.choice(ORGS, size=n, p=ORG_P),
        rng.choice(ORGS[:3], size=n),
        rng.random(n) < 0.2,
    )
    return pa.table(
        {
            "person_id": pa.array([f"P{i}" for i in range(n)]),
            "sex": pa.array(sex),
            "age": pa.array(np.where(age < 0, None, age), pa.int64()),
            "child": pa.array(
                np.where(age < 0, "unknown", np.where(age < 18, "yes", "no"))
            ),
            "citizenship_group": pa.array(group),
            "forms_of_exploitation": forms,
            "status": pa.array(
                rng.choice(["identified", "presumed"], size=n, p=[0.7, 0.3])
            ),
            "organisation_types": orgs,
        }
    )


def run(n: int) -> tuple[float, dict[str, float], list[dict[str, object]]]:
    """Build, suppress and audit for ``n`` persons; returns total time and parts."""
    current, earlier = persons(n, seed=1), persons(n // 2, seed=2)
    started = time.perf_counter()
    result = build_tables(
        {"2024": current, "2023": earlier}, period="2024", reporting_country="FR"
    )
    built = time.perf_counter()
    config = result.config.disclosure
    audit = audit_tables(
        result.tables,
        protection=config.protection_level,
        lower_bound=config.lower_bound,
    )
    audited = time.perf_counter()
    if not audit.passed:
        raise SystemExit(f"audit failed: {audit.failures[:3]}")
    assert result.suppression is not None
    parts = {"tables and suppression": built - started, "audit": audited - built}
    return audited - started, parts, result.suppression.summary()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=1_000_000)
    args = parser.parse_args()
    baseline_n = max(args.persons // 10, 1000)
    baseline, _, _ = run(baseline_n)
    total, parts, summary = run(args.persons)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"persons: {args.persons:,} (and {args.persons // 2:,} in the earlier period)"
    )
    for name, seconds in parts.items():
        print(f"  {name}: {seconds:.2f} s")
    print(f"total: {total:.2f} s (budget 60 s) -> {'OK' if total < 60 else 'TOO SLOW'}")
    print(f"peak memory (max RSS): {peak_mib:,.0f} MiB")
    print(
        f"baseline {baseline_n:,} persons: {baseline:.2f} s; ratio {total / baseline:.2f}x"
    )
    print(f"{'table':40} {'cells':>6} {'primary':>8} {'secondary':>10}")
    for row in summary:
        print(
            f"{row['table']:40} {row['cells']:>6} {row['primary']:>8} {row['secondary']:>10}"
        )


if __name__ == "__main__":
    main()
