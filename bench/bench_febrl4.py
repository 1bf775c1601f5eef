"""Benchmark: FEBRL4 (5,000 + 5,000 records with known links) in both modes, against a
plain Splink baseline.

Prints, for each method, wall time and pairwise precision, recall and F1 of the
record-to-person map against the known links; the tests assert F1 >= 0.99 in both
modes (tests/palermo/linkage/test_febrl4.py). The methods are those of
``bench_linkage.py``, run the same way (each in its own process): ``palermo encoded``
(encoding included in the time), ``palermo plain`` and ``splink baseline`` (Splink's
default comparisons, blocking on the same names or the same date of birth).

    PYTHONPATH=src python bench/bench_febrl4.py [--methods "palermo encoded,..."]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

# Python puts this script's folder first on the path: its sibling runs the methods.
from bench_linkage import run_method

ROOT = Path(__file__).resolve().parents[1]
METHODS = ("palermo encoded", "palermo plain", "splink baseline")


def write_dataset(folder: Path) -> Path:
    """FEBRL4 in the layout ``bench_linkage.read_sources`` reads (as a simulation)."""
    sys.path.insert(0, str(ROOT))  # the loader the tests use
    from tests.palermo.linkage.febrl import load_febrl4

    tables, truth = load_febrl4()
    for table in tables:
        source = folder / "sources" / table["organisation_id"][0].as_py()
        source.mkdir(parents=True)
        pq.write_table(table, source / "victims.parquet")
    (folder / "truth").mkdir()
    pacsv.write_csv(truth, folder / "truth" / "records.csv")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--methods", default=",".join(METHODS), help="comma-separated subset"
    )
    args = parser.parse_args()
    print(
        f"{'method':<16} {'wall s':>7} {'comparisons':>11} {'P':>7} {'R':>7} "
        f"{'F1':>7} {'persons':>8} {'true':>6}"
    )
    with tempfile.TemporaryDirectory(prefix="palermo-febrl4-") as tmp:
        folder = write_dataset(Path(tmp))
        for method in args.methods.split(","):
            f = run_method(method, folder)
            if f is None:
                continue
            print(
                f"{method:<16} {f['wall s']:>7.1f} {f['comparisons']:>11,} "
                f"{f['precision']:>7.4f} {f['recall']:>7.4f} {f['f1']:>7.4f} "
                f"{f['persons']:>8,} {f['true persons']:>6,}",
                flush=True,
            )


if __name__ == "__main__":
    main()
