"""Benchmark: store a 1,000,000-row victims submission in the SQLite hub.

Prints the time to validate the file alone, the time of the whole ``submit_file``
(validate + store in one transaction), the storing part, the time to read the records
back out as Arrow (``records_for_period``), and peak memory. With ``--compare`` it also
writes the same records into scratch SQLite tables the two ways we did not choose (one
SQL column per field; one JSON object per record) and prints their time against ours.

    PYTHONPATH=src python bench/bench_submit.py [--rows 1000000] [--compare]

The target (issue 2): storing under 60 s on the project's 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from palermo.standard import FieldType, fields_of, load_codelist

GIVEN = [
    "Anna",
    "Maria",
    "Ion",
    "Petra",
    "Olena",
    "Joy",
    "Blessing",
    "Nguyen Thi",
    "Ana",
]
FAMILY = [
    "Popescu",
    "Okafor",
    "Kowalska",
    "Tran",
    "Ivanova",
    "Dubois",
    "Silva",
    "Horvat",
]
PLACES = ["Iasi", "Benin City", "Lagos", "Hanoi", "Chisinau", "Sofia", "Tirana"]


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sqlite_size(path: Path) -> int:
    """Bytes of a SQLite database once its write-ahead log is folded back in."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path.stat().st_size


def _scratch(path: Path, data: str) -> sqlite3.Connection:
    """A scratch database set up as the hub sets up SQLite (WAL, synchronous=NORMAL)."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute(
        "CREATE TABLE record (id INTEGER PRIMARY KEY AUTOINCREMENT, submission_id "
        f"INTEGER, row_number INTEGER, {data}, UNIQUE (submission_id, row_number))"
    )
    return con


def make_victims_csv(path: Path, rows: int, seed: int = 2025) -> None:
    """A valid victims file in the standard's vocabulary, consistent record by record."""
    rng = np.random.default_rng(seed)

    def pick(values: list[str]) -> pa.Array:
        return pa.array(
            np.array(values, dtype=object)[rng.integers(0, len(values), rows)]
        )

    registration = np.datetime64("2025-01-01") + rng.integers(0, 365, rows)
    age = rng.integers(8, 70, rows)
    birth = registration - (age * 365.25 + rng.integers(1, 300, rows)).astype(
        "timedelta64[D]"
    )
    exploitation = load_codelist("exploitation").values
    # Every form alone and every pair of forms: a multi-valued field as sources fill it.
    combinations = [*exploitation] + [
        f"{a};{b}" for i, a in enumerate(exploitation) for b in exploitation[i + 1 :]
    ]
    forms = pick(combinations)
    columns: dict[str, pa.Array] = {
        "source_record_id": pa.array([f"R{i:08d}" for i in range(rows)]),
        "organisation_id": pa.array(["ngo-bench"] * rows),
        "organisation_type": pa.array(["ngo"] * rows),
        "registration_date": pa.array(registration.astype(str)),
        "status": pick(["presumed", "identified"]),
        "given_names": pick(GIVEN),
        "family_names": pick(FAMILY),
        "date_of_birth": pa.array(birth.astype(str)),
        "place_of_birth": pick(PLACES),
        "document_number": pa.array(
            [f"D{n:09d}" for n in rng.integers(0, 10**9, rows)]
        ),
        "sex": pick(["female", "male", "unknown"]),
        "age": pa.array(age),
        "child": pa.array(np.where(age < 18, "yes", "no")),
        "citizenship": pick(["RO", "BG", "NG", "VN", "FR", "UA", "CN", "unknown"]),
        "forms_of_exploitation": forms,
        "country_of_exploitation": pick(["FR", "DE", "IT", "ES"]),
        "assistance_received": pick(["yes", "no", "unknown"]),
    }
    pacsv.write_csv(pa.table(columns), path)


def _standard_table(rows: int) -> pa.Table:
    """The same kind of records already normalised, for the storage-only comparison."""
    rng = np.random.default_rng(7)
    columns: dict[str, pa.Array] = {}
    for field in fields_of("victims"):
        if field.type is FieldType.CODE and field.codelist:
            values = np.array(
                [*load_codelist(field.codelist).values, "unknown"], dtype=object
            )
            columns[field.name] = pa.array(values[rng.integers(0, len(values), rows)])
        elif field.type is FieldType.CODES and field.codelist:
            values = np.array(load_codelist(field.codelist).values, dtype=object)
            offsets = np.concatenate([[0], np.cumsum(rng.integers(1, 3, rows))])
            flat = pa.array(values[rng.integers(0, len(values), offsets[-1])])
            columns[field.name] = pa.ListArray.from_arrays(
                pa.array(offsets, pa.int32()), flat
            )
        elif field.type is FieldType.DATE:
            days = rng.integers(0, 20000, rows).astype("int32")
            columns[field.name] = pa.array(days, pa.int32()).cast(pa.date32())
        elif field.type in (FieldType.INTEGER, FieldType.NUMBER):
            columns[field.name] = pa.array(rng.integers(0, 90, rows))
        else:
            words = np.array(GIVEN + FAMILY, dtype=object)
            columns[field.name] = pa.array(words[rng.integers(0, len(words), rows)])
    return pa.table(columns)


def compare_layouts(table: pa.Table, folder: Path) -> dict[str, float]:
    """Seconds to insert ``table`` into SQLite under the two layouts we rejected."""
    names = table.column_names
    times: dict[str, float] = {}
    # One SQL column per field (lists as JSON text, dates as ISO text).
    con = _scratch(folder / "typed.sqlite3", ", ".join(f'"{n}"' for n in names))
    start = time.perf_counter()
    con.execute("BEGIN")
    for offset in range(0, table.num_rows, 50_000):
        chunk = table.slice(offset, 50_000)
        values = []
        for name in names:
            column = chunk.column(name)
            if pa.types.is_list(column.type):
                column = (
                    duckdb.sql(f'SELECT to_json("{name}") FROM chunk')
                    .to_arrow_table()
                    .column(0)
                )
            elif pa.types.is_date(column.type):
                column = column.cast(pa.string())
            values.append(column.to_pylist())
        rows = zip(
            [1] * chunk.num_rows,
            range(offset + 1, offset + chunk.num_rows + 1),
            *values,
            strict=True,
        )
        con.executemany(
            f"INSERT INTO record (submission_id, row_number, {', '.join(chr(34) + n + chr(34) for n in names)})"
            f" VALUES ({', '.join(['?'] * (len(names) + 2))})",
            rows,
        )
    con.execute("COMMIT")
    times["one SQL column per field"] = time.perf_counter() - start
    con.close()
    # One JSON object per record (field names repeated in every row).
    con = _scratch(folder / "objects.sqlite3", "data TEXT")
    start = time.perf_counter()
    con.execute("BEGIN")
    for offset in range(0, table.num_rows, 50_000):
        chunk = table.slice(offset, 50_000)
        texts = (
            duckdb.sql("SELECT to_json(c)::VARCHAR FROM chunk c")
            .to_arrow_table()
            .column(0)
        )
        con.executemany(
            "INSERT INTO record (submission_id, row_number, data) VALUES (1, ?, ?)",
            zip(
                range(offset + 1, offset + chunk.num_rows + 1),
                texts.to_pylist(),
                strict=True,
            ),
        )
    con.execute("COMMIT")
    times["one JSON object per record"] = time.perf_counter() - start
    con.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--compare", action="store_true", help="Also time the rejected layouts."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the scratch folder.")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="palermo-bench-submit-"))
    try:
        return run(args, folder)
    finally:
        # A million-record run leaves over a gigabyte of files behind.
        if args.keep:
            print(f"scratch files kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, folder: Path) -> int:
    """Every measurement, with its scratch files under ``folder``."""
    os.environ["PALERMO_HOME"] = str(folder / "hub")
    for name in ("DB", "DATABASE_URL", "PALERMO_SQLITE"):
        os.environ.pop(name, None)

    from palermo.intake import read_records
    from palermo_web.hub import open_hub

    open_hub()
    from palermo_web.organisations.services import add_organisation
    from palermo_web.submissions import storage
    from palermo_web.submissions.services import records_for_period, submit_file

    add_organisation(
        "ngo-bench", name="Bench NGO", organisation_type="ngo", country="FR"
    )
    path = folder / "victims.csv"
    start = time.perf_counter()
    make_victims_csv(path, args.rows)
    print(
        f"rows: {args.rows:,}  file: {path.stat().st_size / 1e6:,.0f} MB  "
        f"(made in {time.perf_counter() - start:.1f} s)"
    )

    start = time.perf_counter()
    result = read_records(path, "victims")
    validate = time.perf_counter() - start
    assert result.report.is_valid, result.report.to_dict()["issues"][:5]
    del result
    print(f"validate only:            {validate:7.1f} s   peak {peak_mb():,.0f} MB")

    start = time.perf_counter()
    receipt = submit_file(
        path, kind="victims", organisation_id="ngo-bench", period=2025
    )
    submit = time.perf_counter() - start
    assert receipt.outcome == "stored"
    assert receipt.row_count == args.rows
    store = submit - validate
    print(f"submit (validate + store): {submit:7.1f} s   peak {peak_mb():,.0f} MB")
    print(
        f"  of which storing:       {store:7.1f} s   "
        f"({args.rows / store:,.0f} records/s; target < 60 s)"
    )
    size = sqlite_size(Path(os.environ["PALERMO_HOME"]) / "palermo.sqlite3")
    print(
        f"  database on disk:       {size / 1e6:7.0f} MB "
        f"({size / args.rows:,.0f} bytes/record)"
    )

    start = time.perf_counter()
    table = records_for_period(2025, "victims")
    read = time.perf_counter() - start
    assert table.num_rows == args.rows
    print(f"records_for_period:       {read:7.1f} s   peak {peak_mb():,.0f} MB")

    if args.compare:
        normalised = _standard_table(args.rows)
        stored, columns = storage.storable(normalised)
        con = _scratch(folder / "arrays.sqlite3", "data TEXT")
        start = time.perf_counter()
        con.execute("BEGIN")
        written = 0
        for texts in storage._json_chunks(stored, columns):  # the chosen layout
            con.executemany(
                "INSERT INTO record (submission_id, row_number, data) VALUES (1, ?, ?)",
                enumerate(texts, start=written + 1),
            )
            written += len(texts)
        con.execute("COMMIT")
        ours = time.perf_counter() - start
        con.close()
        print(f"layouts, storage only, {args.rows:,} normalised records:")
        print(f"  JSON array per record (chosen): {ours:6.1f} s  ratio 1.00")
        for name, seconds in compare_layouts(stored, folder).items():
            print(f"  {name + ':':31} {seconds:6.1f} s  ratio {seconds / ours:.2f}")
        for name in ("arrays", "typed", "objects"):
            size = sqlite_size(folder / f"{name}.sqlite3")
            print(f"  size {name}: {size / args.rows:,.0f} bytes/record")
    return 0


if __name__ == "__main__":
    sys.exit(main())
