"""Benchmark: how fast the simulator makes a country, at demo size and at linkage scale.

``palermo demo`` must finish in under 2 minutes in total, so the default country
(France, about 4,100 victims, each source in its own format) must take seconds; the
linkage benchmark of issue 4 needs about 1,000,000 records from 5 sources (written as
standard Parquet tables with ``file_format="parquet"``).

    python bench/bench_simulate.py                     # demo size, then ~1M records
    python bench/bench_simulate.py --victims 250000    # a quicker large run

Each run is its own subprocess so that its peak resident memory is its own. The
baseline is the same simulation without writing anything, in the same subprocess:
the ratio says how much of the time goes to files and truth tables.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile

CHILD = """
import json, resource, sys, time
from palermo.simulate import SimulationConfig, simulate_country, write_simulation

victims, file_format, out = int(sys.argv[1]) or None, sys.argv[2], sys.argv[3]
config = SimulationConfig(victims=victims, file_format=file_format)
started = time.perf_counter()
simulation = simulate_country(config)
drawn = time.perf_counter()
result = write_simulation(simulation, out)
done = time.perf_counter()
print(json.dumps({
    "victims": result.victims,
    "records": result.victim_records,
    "draw_s": drawn - started,
    "total_s": done - started,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def run(victims: int, file_format: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(victims), file_format, out],
            check=True,
            capture_output=True,
            text=True,
        )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def show(label: str, f: dict[str, float]) -> None:
    print(
        f"{label}: {int(f['victims']):,} victims, {int(f['records']):,} victim records; "
        f"{f['total_s']:.1f} s in all ({f['records'] / f['total_s']:,.0f} records/s), "
        f"of which drawing {f['draw_s']:.1f} s (ratio total/drawing "
        f"{f['total_s'] / f['draw_s']:.2f}); peak {f['peak_mb']:,.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--victims",
        type=int,
        default=1_250_000,
        help="size of the large run (1,250,000 victims give about 1M records)",
    )
    args = parser.parse_args()
    show("demo size, native files", run(0, "native"))
    show("large, standard Parquet", run(args.victims, "parquet"))


if __name__ == "__main__":
    main()
