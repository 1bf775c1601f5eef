"""Benchmark: validating a victims CSV against merely parsing it into Arrow.

Issue 2 asks that validating a 1,000,000-row victims CSV take at most 3 times as long
as parsing it into Arrow with the same reader, and peak under 2 GB.

    python bench/bench_intake.py                 # 1,000,000 rows
    python bench/bench_intake.py --rows 100000   # quicker

The file is generated first (realistic values, a few per cent of them written as a
French or English label rather than the code). Each measurement then runs in its own
subprocess, so that its peak resident memory (``ru_maxrss``) is its own: Arrow
allocates outside Python's heap, where tracemalloc cannot see. Wall time is the target;
CPU time (all threads) is printed too, as it moves less when the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv

GIVEN = [
    "Ana",
    "Maria",
    "Elena",
    "Ioana",
    "Fatima",
    "Aisha",
    "Grace",
    "Blessing",
    "Olga",
    "Natalia",
    "Ion",
    "Mihai",
    "Ahmed",
    "Mohamed",
    "Daniel",
    "Joy",
    "Élodie",
    "Zoé",
    "Chloé",
    "Andreea",
    "Svetlana",
    "Precious",
    "Mercy",
    "Li",
]
FAMILY = [
    "Popescu",
    "Ionescu",
    "Okafor",
    "Adeyemi",
    "Nguyen",
    "Dumitru",
    "Kovács",
    "Novak",
    "Horvat",
    "Smith",
    "Lefèvre",
    "García",
    "Rossi",
    "Müller",
    "Petrov",
    "Ivanova",
    "Diallo",
    "Traoré",
    "Mensah",
    "Osei",
    "Nowak",
    "Kowalski",
]
COUNTRIES = [
    "RO",
    "BG",
    "NG",
    "FR",
    "HU",
    "MA",
    "CN",
    "UA",
    "MD",
    "AL",
    "BR",
    "VN",
    "Roumanie",
    "Nigeria",
    "unknown",
]
COUNTRY_WEIGHTS = [18, 9, 12, 10, 6, 4, 3, 5, 4, 3, 2, 2, 3, 2, 17]
FORMS = [
    "sexual",
    "labour",
    "begging",
    "criminal_activities",
    "servitude",
    "forced_marriage",
    "sexual;labour",
    "Travail forcé",
    "other",
    "",
]
FORM_WEIGHTS = [40, 25, 6, 5, 4, 3, 7, 3, 2, 5]
ORGS = [
    ("police-paris", "police"),
    ("ngo-lyon", "ngo"),
    ("oclti", "police"),
    ("insp-travail", "labour_inspectorate"),
    ("ofii", "immigration"),
]
# fmt: skip

DAY = np.timedelta64(1, "D")


def generate(path: Path, rows: int, seed: int = 2005) -> None:
    """Write a valid victims CSV of ``rows`` records, vectorised (a few seconds)."""
    rng = np.random.default_rng(seed)

    def pick(values: list[str], weights: list[int] | None = None) -> pa.Array:
        p = None if weights is None else np.array(weights) / sum(weights)
        return pa.array(
            np.array(values, dtype=object)[rng.choice(len(values), rows, p=p)]
        )

    registration = np.datetime64("2020-01-01") + rng.integers(0, 5 * 365, rows) * DAY
    age = np.clip(rng.normal(27, 10, rows).round(), 8, 75).astype(np.int64)
    born = registration - (age * 365.25 + rng.integers(0, 360, rows)).astype(int) * DAY
    age_known = rng.random(rows) > 0.1
    dob_known = rng.random(rows) > 0.4
    org = rng.integers(0, len(ORGS), rows)
    ids = pc.binary_join_element_wise(
        "V", pa.array(np.arange(rows)).cast(pa.string()), ""
    )
    table = pa.table(
        {
            "source_record_id": ids,
            "organisation_id": pa.array([ORGS[i][0] for i in range(len(ORGS))]).take(
                pa.array(org)
            ),
            "organisation_type": pa.array([o[1] for o in ORGS]).take(pa.array(org)),
            "registration_date": pa.array(registration).cast(pa.string()),
            "status": pick(["presumed", "identified", "Victime présumée"], [55, 40, 5]),
            "given_names": pick(GIVEN),
            "family_names": pick(FAMILY),
            "date_of_birth": pc.if_else(
                pa.array(dob_known), pa.array(born).cast(pa.string()), None
            ),
            "sex": pick(
                ["female", "male", "F", "H", "Femme", ""], [60, 25, 6, 3, 2, 4]
            ),
            "age": pc.if_else(
                pa.array(age_known), pa.array(age).cast(pa.string()), None
            ),
            "child": pc.if_else(
                pa.array(age_known),
                pc.if_else(pa.array(age < 18), "yes", "no"),
                None,
            ),
            "citizenship": pick(COUNTRIES, COUNTRY_WEIGHTS),
            "forms_of_exploitation": pick(FORMS, FORM_WEIGHTS),
            "country_of_exploitation": pick(["FR", "FR", "FR", "BE", "DE", "ES"]),
            "assistance_received": pick(["yes", "no", "oui", ""]),
            "reflection_period": pick(["granted", "refused", "not_requested", ""]),
            "residence_permit": pick(["granted", "renewed", "none", "unknown"]),
            "cooperation": pick(["yes", "no", ""]),
            "referral_source": pick(["police", "ngo", "self", "hotline", "other"]),
        }
    )
    pv.write_csv(table, path)


def measure(what: str, path: Path) -> dict[str, float]:
    """One measurement, meant to run alone in a fresh process."""
    from palermo.intake import read_raw, read_records

    started, cpu = time.perf_counter(), time.process_time()
    if what == "parse":
        rows = read_raw(path).rows
    else:
        result = read_records(path, "victims")
        if not result.report.is_valid:
            raise SystemExit(
                f"the generated file is invalid: {result.report.errors[:3]}"
            )
        rows = result.report.rows
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "cpu": cpu, "peak_mib": peak_kib / 1024, "rows": rows}


def run(what: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", what, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    parser.add_argument("--measure", choices=["parse", "validate"])
    parser.add_argument("file", nargs="?", type=Path)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.file)))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = args.file or Path(folder) / "victims.csv"
        if args.file is None:
            started = time.perf_counter()
            generate(path, args.rows)
            took = time.perf_counter() - started
            size = path.stat().st_size / 2**20
            print(f"generated {args.rows:,} rows ({size:.0f} MiB) in {took:.1f} s")
        runs = {
            what: [run(what, path) for _ in range(args.repeat)]
            for what in ("parse", "validate")
        }
    best = {what: min(r["seconds"] for r in runs[what]) for what in runs}
    cpu = {what: min(r["cpu"] for r in runs[what]) for what in runs}
    peak = {what: max(r["peak_mib"] for r in runs[what]) for what in runs}
    for what in ("parse", "validate"):
        print(
            f"{what:>9}: {best[what]:6.2f} s wall  {cpu[what]:6.2f} s cpu  "
            f"peak {peak[what]:6.0f} MiB   (best of {args.repeat})"
        )
    print(
        f"    ratio: {best['validate'] / best['parse']:6.2f} wall, "
        f"{cpu['validate'] / cpu['parse']:.2f} cpu   (validate / parse; target <= 3)"
    )
    print(f"     peak: {peak['validate']:6.0f} MiB   (target < 2048)")


if __name__ == "__main__":
    main()
