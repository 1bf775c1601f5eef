"""Benchmark: link encoded victim records of five sources into persons, against a plain
Splink baseline on the same data in the same run.

For each method it prints wall time, peak memory, encoding rate (records/s), scored
comparisons per second, blocking recall (share of true pairs that blocking proposed)
and pairwise precision, recall and F1 of the record-to-person map against the
simulation's truth:

- ``palermo encoded``: ``encode_records`` at each source, then ``link_records`` (the
  time includes encoding, as a national run would);
- ``palermo plain``: ``link_records`` on the identity fields in clear;
- ``splink baseline``: Splink 5 with its default comparisons (names, date of birth,
  exact sex, citizenship and document number) and simple blocking (same family and
  given name, or same date of birth), trained the usual way (random-sampling u, EM on
  two rules, with palermo's pair budget), clustered at the same threshold.

Each method runs in its own process, so that peak memory is its own. The data come from
``palermo simulate --format parquet`` and are cached under ``--cache`` (generating a
million records takes minutes).

    PYTHONPATH=src python bench/bench_linkage.py [--records 1000000] [--errors hard]

The target (issue 4): 1,000,000 encoded records linked in under 5 minutes, encoding
included, with peak memory under 8 GB, on the project's 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

# Records per simulated victim at the default rates: most victims are never seen.
RECORDS_PER_VICTIM = 0.8
METHODS = ("palermo encoded", "palermo plain", "splink baseline")
THRESHOLD = 0.9


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dataset(records: int, errors: str, cache: Path, seed: int) -> Path:
    """The simulated country's folder, generated once and cached."""
    victims = int(records / RECORDS_PER_VICTIM)
    folder = cache / f"{errors}-{victims}-{seed}"
    if (folder / "manifest.json").is_file():
        return folder
    from palermo.simulate import SimulationConfig, error_preset, simulate

    started = time.perf_counter()
    config = SimulationConfig(
        victims=victims,
        seed=seed,
        file_format="parquet",
        errors=error_preset(errors),
    )
    simulate(config, folder)
    print(
        f"generated {victims:,} victims in {time.perf_counter() - started:.0f} s "
        f"into {folder}",
        file=sys.stderr,
    )
    return folder


def read_sources(folder: Path) -> tuple[list[pa.Table], pa.Table]:
    """Each source's victims table and the truth (source, record_id, person_id)."""
    tables = [
        pq.read_table(path) for path in sorted(folder.glob("sources/*/victims.parquet"))
    ]
    strings = {c: pa.string() for c in ("source", "record_id", "person_id")}
    truth = pacsv.read_csv(
        folder / "truth" / "records.csv",
        convert_options=pacsv.ConvertOptions(column_types=strings),
    )
    return tables, truth


def run_palermo(folder: Path, encoded: bool) -> dict[str, Any]:
    from palermo.linkage import LinkageConfig, encode_records, link_records, new_key

    tables, truth = read_sources(folder)
    records = sum(t.num_rows for t in tables)
    started = time.perf_counter()
    encoding_seconds = None
    if encoded:
        key = new_key()
        tables = [encode_records(t, key) for t in tables]
        encoding_seconds = time.perf_counter() - started
    result = link_records(tables, LinkageConfig(threshold=THRESHOLD), truth=truth)
    wall = time.perf_counter() - started
    report = result.report
    # Measuring blocking recall is the benchmark's work, not the linkage's.
    wall -= report["timings_seconds"].get("blocking_recall", 0.0)
    scoring = report["timings_seconds"]["scoring"]
    quality = report["quality"]
    return {
        "records": records,
        "persons": report["persons"],
        "true persons": quality["true_persons"],
        "wall s": wall,
        "encoding rec/s": records / encoding_seconds if encoding_seconds else None,
        "comparisons": report["blocking"]["candidate_pairs"],
        "comparisons/s": report["blocking"]["candidate_pairs"] / max(scoring, 1e-9),
        "blocking recall": quality["blocking_recall"],
        "precision": quality["precision"],
        "recall": quality["recall"],
        "f1": quality["f1"],
        "stages s": report["timings_seconds"],
        "stages peak MB": report.get("peak_memory_mb"),
    }


EM_MAX_PAIRS = 1e6
BASELINE_BLOCKING = (("given_names", "family_names"), ("date_of_birth",))


def run_baseline(folder: Path) -> dict[str, Any]:
    """Plain Splink: default comparisons, simple blocking, standard training."""
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from palermo.linkage.quality import pairwise_quality

    tables, truth = read_sources(folder)
    started = time.perf_counter()
    columns = [
        "source_record_id",
        "organisation_id",
        "given_names",
        "family_names",
        "date_of_birth",
        "sex",
        "citizenship",
        "document_number",
    ]
    records = pa.concat_tables([t.select(columns) for t in tables])
    records = records.append_column(
        "unique_id", pa.array(range(records.num_rows), pa.int64())
    ).set_column(
        columns.index("date_of_birth"),
        "date_of_birth",
        records["date_of_birth"].cast(pa.string()),
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given_names"),
            cl.NameComparison("family_names"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
            cl.ExactMatch("sex"),
            cl.ExactMatch("citizenship"),
            cl.ExactMatch("document_number"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on(*rule) for rule in BASELINE_BLOCKING
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(records), settings, log_level=None)
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [block_on("given_names", "family_names", "date_of_birth")], recall=0.7
    )
    training.estimate_u_using_random_sampling(max_pairs=EM_MAX_PAIRS)
    # The same training budget as palermo's (LinkageConfig.em_max_pairs): on every
    # pair, EM on one family name took minutes and passed 13 GB at 1M records.
    n = records.num_rows
    sample = max(min(1.0, EM_MAX_PAIRS * 50 / n / n), 0.01)
    for rule in ("date_of_birth", "family_names"):
        training.estimate_parameters_using_expectation_maximisation(
            block_on(rule), max_pairs=EM_MAX_PAIRS, record_sample_proportion=sample
        )
    scoring_started = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=0.01)
    scoring = time.perf_counter() - scoring_started
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, THRESHOLD
    )
    clustered = clusters.as_duckdbpyrelation().arrow()
    wall = time.perf_counter() - started
    if isinstance(clustered, pa.RecordBatchReader):
        clustered = clustered.read_all()
    con = duckdb.connect()
    con.register("c", clustered)
    record_map = con.sql(
        "select organisation_id as source, source_record_id as record_id, "
        "cast(cluster_id as varchar) as person_id from c"
    ).arrow()
    if isinstance(record_map, pa.RecordBatchReader):
        record_map = record_map.read_all()
    quality = pairwise_quality(record_map, truth)
    candidates = _count_candidates(con, records)
    return {
        "records": records.num_rows,
        "persons": quality.persons,
        "true persons": quality.true_persons,
        "wall s": wall,
        "encoding rec/s": None,
        "comparisons": candidates,
        "comparisons/s": candidates / max(scoring, 1e-9),
        "blocking recall": _baseline_blocking_recall(con, records, truth),
        "precision": quality.precision,
        "recall": quality.recall,
        "f1": quality.f1,
    }


def _count_candidates(con: Any, records: pa.Table) -> int:
    """Distinct pairs the baseline's blocking rules generate."""
    con.register("r", records)
    union = " union ".join(
        "select l.unique_id as a, r2.unique_id as b from r l join r r2 on "
        + " and ".join(f"l.{c} = r2.{c}" for c in rule)
        + " and l.unique_id < r2.unique_id"
        for rule in BASELINE_BLOCKING
    )
    return int(con.execute(f"select count(*) from ({union})").fetchall()[0][0])


def _baseline_blocking_recall(con: Any, records: pa.Table, truth: pa.Table) -> float:
    """Share of true pairs that agree exactly on the columns of some blocking rule."""
    con.register("r", records)
    con.register("t", truth)
    agree = " or ".join(
        "(" + " and ".join(f"a.{c} = b.{c}" for c in rule) + ")"
        for rule in BASELINE_BLOCKING
    )
    found, total = con.execute(
        f"""
        with w as (
            select r.*, t.person_id from r
            join t on t.source = r.organisation_id and t.record_id = r.source_record_id
        )
        select count(*) filter (where {agree}), count(*)
        from w a join w b on a.person_id = b.person_id and a.unique_id < b.unique_id
        """
    ).fetchall()[0]
    return float(found) / float(total) if total else 1.0


def worker(method: str, folder: Path) -> None:
    """Run one method in this process and print its figures as JSON."""
    logging.disable(logging.WARNING)
    if method == "splink baseline":
        figures = run_baseline(folder)
    else:
        figures = run_palermo(folder, encoded=method == "palermo encoded")
    figures["peak MB"] = peak_mb()
    print(json.dumps(figures, default=str))


def run_method(method: str, folder: Path) -> dict[str, Any] | None:
    """One method's figures, measured in a process of its own (its own peak memory).

    None, with the end of its error output printed, when the method failed.
    """
    done = subprocess.run(
        [sys.executable, __file__, "--worker", method, "--data", str(folder)],
        capture_output=True,
        text=True,
        env=os.environ,
        check=False,
    )
    if done.returncode != 0:
        print(f"{method:<16} failed:\n{done.stderr[-2000:]}")
        return None
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _row(method: str, f: dict[str, Any]) -> str:
    rate = f.get("encoding rec/s")
    return (
        f"{method:<16} {f['wall s']:>8.1f} {f['peak MB']:>8.0f} "
        f"{(f'{rate:,.0f}' if rate else '-'):>12} {f['comparisons']:>12,} "
        f"{f['comparisons/s']:>12,.0f} {f['blocking recall']:>8.4f} "
        f"{f['precision']:>7.4f} {f['recall']:>7.4f} {f['f1']:>7.4f} "
        f"{f['persons']:>9,} {f['true persons']:>9,}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--errors", default="default", help="clean, default or hard")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--cache", type=Path, default=Path("/tmp/palermo-bench-linkage")
    )
    parser.add_argument(
        "--methods", default=",".join(METHODS), help="comma-separated subset"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.data)
        return
    folder = dataset(args.records, args.errors, args.cache, args.seed)
    print(
        f"{'method':<16} {'wall s':>8} {'peak MB':>8} {'encode rec/s':>12} "
        f"{'comparisons':>12} {'comp/s':>12} {'block R':>8} {'P':>7} {'R':>7} "
        f"{'F1':>7} {'persons':>9} {'true':>9}"
    )
    results: dict[str, dict[str, Any]] = {}
    for method in args.methods.split(","):
        figures = run_method(method, folder)
        if figures is None:
            continue
        results[method] = figures
        print(_row(method, figures), flush=True)
    for method in ("palermo encoded", "palermo plain"):
        ours = results.get(method)
        if ours:
            # Where the time and the memory go (peak so far at the end of each stage).
            memory = ours.get("stages peak MB") or {}
            print(
                f"{method} stages: "
                + ", ".join(
                    f"{stage} {seconds:.1f} s ({memory.get(stage, 0):,.0f} MB)"
                    for stage, seconds in ours["stages s"].items()
                )
            )
    base = results.get("splink baseline")
    for method in ("palermo encoded", "palermo plain"):
        ours = results.get(method)
        if ours and base:
            print(
                f"{method} vs baseline: F1 {ours['f1']:.4f} vs {base['f1']:.4f}; "
                f"time x{ours['wall s'] / base['wall s']:.2f}; "
                f"peak memory x{ours['peak MB'] / base['peak MB']:.2f}"
            )


if __name__ == "__main__":
    main()
