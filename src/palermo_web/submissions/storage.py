"""Writing records into the hub and reading them back out as Arrow, in bulk.

Each record is stored as one row holding a JSON array of its values, in the column
order recorded on its submission (``Submission.columns``). DuckDB turns an Arrow table
into those arrays and back, so no per-value Python work happens on either path; the
rows go in through the database driver's bulk path (``executemany`` on SQLite, ``COPY``
on PostgreSQL) inside the caller's transaction. Measurements and the alternatives we
rejected are in docs/adr/0006-stored-records-as-json-arrays.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection

from palermo.errors import InputError
from palermo_web.submissions.models import Record

# Rows converted and written per step: bounds the memory the JSON text takes.
CHUNK_ROWS = 50_000

# The column types the hub stores, by the name recorded in Submission.columns.
STORED_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
    "date32": pa.date32(),
    "binary": pa.binary(),
    "list<string>": pa.list_(pa.string()),
    "list<int64>": pa.list_(pa.int64()),
    "list<float64>": pa.list_(pa.float64()),
}

# How DuckDB reads each stored type back out of the JSON text.
_DUCKDB_TYPES = {
    "string": "VARCHAR",
    "int64": "BIGINT",
    "float64": "DOUBLE",
    "bool": "BOOLEAN",
    "date32": "DATE",
    "list<string>": "VARCHAR[]",
    "list<int64>": "BIGINT[]",
    "list<float64>": "DOUBLE[]",
}


def _scalar_type_name(dtype: pa.DataType) -> str | None:
    if pa.types.is_dictionary(dtype):
        return _scalar_type_name(dtype.value_type)
    if pa.types.is_string(dtype) or pa.types.is_large_string(dtype):
        return "string"
    if pa.types.is_integer(dtype):
        return "int64"
    if pa.types.is_floating(dtype):
        return "float64"
    if pa.types.is_boolean(dtype):
        return "bool"
    if pa.types.is_date(dtype):
        return "date32"
    if (
        pa.types.is_binary(dtype)
        or pa.types.is_large_binary(dtype)
        or pa.types.is_fixed_size_binary(dtype)
    ):
        return "binary"
    return None


def stored_type_name(dtype: pa.DataType) -> str | None:
    """The hub's name for an Arrow type (``string``, ``date32``, ``list<string>``...).

    Returns None for types the hub does not store (structs, maps, timestamps...).
    """
    if pa.types.is_list(dtype) or pa.types.is_large_list(dtype):
        inner = _scalar_type_name(dtype.value_type)
        name = f"list<{inner}>"
        return name if name in STORED_TYPES else None
    return _scalar_type_name(dtype)


def storable(table: pa.Table) -> tuple[pa.Table, list[dict[str, str]]]:
    """Cast a table to the types the hub stores and describe its columns.

    Returns:
        The cast table and its ``[{"name", "type"}]`` column list for the submission.

    Raises:
        InputError: a column has a type the hub cannot store.
    """
    columns: list[dict[str, str]] = []
    arrays: list[pa.ChunkedArray] = []
    for field in table.schema:
        name = stored_type_name(field.type)
        if name is None:
            raise InputError(
                f"column {field.name!r} has type {field.type}, which the hub does not "
                f"store (it stores {', '.join(STORED_TYPES)})"
            )
        columns.append({"name": field.name, "type": name})
        arrays.append(pc.cast(table.column(field.name), STORED_TYPES[name]))
    return pa.table(arrays, names=[c["name"] for c in columns]), columns


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _json_value(column: dict[str, str]) -> str:
    """The DuckDB expression writing one column into the JSON array."""
    name = _quoted(column["name"])
    if column["type"] == "binary":
        return f"base64({name})"
    if column["type"] == "float64":
        # JSON has no NaN or infinity; neither is a value the standard allows.
        return f"CASE WHEN isfinite({name}) THEN {name} END"
    return name


def _json_chunks(
    table: pa.Table, columns: Sequence[dict[str, str]]
) -> Iterator[list[str]]:
    """The records of ``table`` as JSON array texts, ``CHUNK_ROWS`` at a time."""
    con = duckdb.connect()
    try:
        sql = (
            "SELECT json_array("
            + ", ".join(_json_value(c) for c in columns)
            + ")::VARCHAR AS data FROM chunk"
        )
        for start in range(0, table.num_rows, CHUNK_ROWS):
            con.register("chunk", table.slice(start, CHUNK_ROWS))
            texts = con.sql(sql).to_arrow_table().column("data")
            con.unregister("chunk")
            yield texts.to_pylist()
    finally:
        con.close()


def _write_sqlite(rows: Iterable[tuple[int, int, str]]) -> None:
    table = Record._meta.db_table
    sql = f"INSERT INTO {_quoted(table)} (submission_id, row_number, data) VALUES (%s, %s, %s)"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _write_postgres(rows: Iterable[tuple[int, int, str]]) -> None:
    table = Record._meta.db_table
    sql = f"COPY {_quoted(table)} (submission_id, row_number, data) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def insert_records(
    submission_id: int,
    table: pa.Table,
    columns: Sequence[dict[str, str]],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write every row of ``table`` as a record of the submission; return the count.

    Call inside a transaction (the submission service does): a failure part-way leaves
    nothing behind. ``row_number`` counts from 1 in the order of the table.
    """
    write = _write_postgres if connection.vendor == "postgresql" else _write_sqlite
    written = 0
    for texts in _json_chunks(table, columns):
        first = written + 1
        write(
            (submission_id, first + offset, text) for offset, text in enumerate(texts)
        )
        written += len(texts)
        if progress is not None:
            progress(written, table.num_rows)
    return written


def _fetch_texts(submission_id: int) -> pa.Array:
    """The JSON texts of a submission's records, in row order, as one Arrow array."""
    table = _quoted(Record._meta.db_table)
    data = "data::text" if connection.vendor == "postgresql" else "data"
    sql = f"SELECT {data} FROM {table} WHERE submission_id = %s ORDER BY row_number"
    parts: list[pa.Array] = []
    # A server-side cursor on PostgreSQL, so that a million rows stream in chunks.
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [submission_id])
        while rows := cursor.fetchmany(CHUNK_ROWS):
            parts.append(pa.array([row[0] for row in rows], pa.string()))
    if not parts:
        return pa.array([], pa.string())
    return pa.concat_arrays(parts)


def _read_value(index: int, column: dict[str, str]) -> str:
    """The DuckDB expression reading one column out of the record's values as text.

    ``value`` is the JSON array parsed once into text items (nested lists stay JSON
    text), which is several times faster than one JSON path lookup per column.
    """
    name = _quoted(column["name"])
    item = f"value[{index + 1}]"
    kind = column["type"]
    if kind == "binary":
        return f"from_base64({item}) AS {name}"
    if kind.startswith("list<"):
        item = f"CAST({item} AS JSON)"
    return f"CAST({item} AS {_DUCKDB_TYPES[kind]}) AS {name}"


def read_submission_table(
    submission_id: int, columns: Sequence[dict[str, str]]
) -> pa.Table:
    """A submission's records as an Arrow table with the types they were stored with."""
    schema = pa.schema([(c["name"], STORED_TYPES[c["type"]]) for c in columns])
    records = pa.table({"data": _fetch_texts(submission_id)})
    if not columns:
        return schema.empty_table()
    con = duckdb.connect()
    try:
        con.register("records", records)
        sql = (
            "SELECT "
            + ", ".join(_read_value(i, c) for i, c in enumerate(columns))
            + " FROM (SELECT json_transform(data, '[\"VARCHAR\"]') AS value FROM records)"
        )
        result: pa.Table = con.sql(sql).to_arrow_table()
    finally:
        con.close()
    return result.cast(schema)
