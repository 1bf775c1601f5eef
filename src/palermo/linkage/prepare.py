"""The linkage input: every source's records in one table of comparison features.

Both modes produce the same columns where they can, so that one model definition
(``model.py``) and one set of blocking rules (``blocking.py``) serve both:

- ``unique_id`` (int64), ``source`` (organisation id), ``record_id`` (the source's own
  record id);
- statistical features: ``sex`` and ``citizenship`` (null when unknown), ``birth_year``
  (given, from the date of birth, or estimated from age at registration),
  ``birth_year_estimated``, ``registration_day`` (days since 1970-01-01), ``forms``
  (a bit mask of forms of exploitation);
- identity features, per mode:

  * encoded: for each Bloom field ``<f>_w0 .. <f>_w{k}`` (int64 words) and ``<f>_n``
    (set bits), plus the keyed tokens ``dob``, ``dob_day``, ``dob_month``,
    ``dob_year`` and ``doc``;
  * plain: ``<f>`` (the normalised text), plus ``dob`` (yyyymmdd), ``dob_day``,
    ``dob_month``, ``dob_year`` and ``doc`` in clear.

The Bloom filters are also kept as a numpy matrix (``filters``) for the blocking keys;
in plain mode they are made here with a throw-away key and no noise.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from palermo.errors import LinkageError
from palermo.linkage._text import normalise_document, normalise_name
from palermo.linkage.encode import (
    BLOOM_FIELDS,
    Encoder,
    EncodingConfig,
    encoding_of,
    is_encoded,
)
from palermo.linkage.keys import new_key
from palermo.standard import UNKNOWN, load_codelist

logger = logging.getLogger(__name__)

# Short column stems of the Bloom fields in the linkage input.
STEMS = {
    "given_names": "given",
    "family_names": "family",
    "place_of_birth": "place",
    "document_number": "docbf",
}
_UNKNOWN_CODES = {UNKNOWN, "not_applicable", "other", ""}


@dataclass
class LinkInput:
    """The prepared records of one linkage run.

    Attributes:
        table: one row per record with the comparison features (see module doc).
        filters: per Bloom field, an (n, bytes) uint8 matrix of packed filters (zero
            rows where the value is missing) and a validity mask.
        mode: "encoded" or "plain".
        filter_bits: length of each filter in bits.
    """

    table: pa.Table
    filters: dict[str, tuple[npt.NDArray[np.uint8], npt.NDArray[np.bool_]]]
    mode: str
    filter_bits: int

    @property
    def num_records(self) -> int:
        """Number of records."""
        return int(self.table.num_rows)


def _column(table: pa.Table, name: str, kind: pa.DataType) -> pa.Array:
    if name not in table.column_names:
        return pa.nulls(table.num_rows, kind)
    column = table[name]
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    return pc.cast(array, kind)


def _code_or_null(array: pa.Array) -> pa.Array:
    values = pc.cast(array, pa.string())
    unknown = pc.is_in(values, value_set=pa.array(sorted(_UNKNOWN_CODES)))
    return pc.if_else(pc.fill_null(unknown, True), pa.scalar(None, pa.string()), values)


def _forms_mask(array: pa.Array) -> pa.Array:
    codes = load_codelist("exploitation").values
    bit = {code: 1 << i for i, code in enumerate(codes)}
    masks = []
    for forms in array.to_pylist():
        mask = 0
        for form in forms or ():
            mask |= bit.get(form, 0)
        masks.append(mask or None)
    return pa.array(masks, pa.int64())


def _birth_year(table: pa.Table) -> tuple[pa.Array, pa.Array]:
    given = _column(table, "birth_year", pa.int64())
    if "date_of_birth" in table.column_names:
        from_date = pc.cast(
            pc.year(_column(table, "date_of_birth", pa.date32())), pa.int64()
        )
        given = pc.coalesce(given, from_date)
    registered = _column(table, "registration_date", pa.date32())
    age = _column(table, "age", pa.int64())
    # Age at registration gives the year of birth within one year either way.
    estimate = pc.subtract(pc.cast(pc.year(registered), pa.int64()), age)
    estimated = pc.and_(pc.is_null(given), pc.is_valid(estimate))
    return pc.coalesce(given, estimate), estimated


def _words(packed: npt.NDArray[np.uint8]) -> npt.NDArray[np.int64]:
    return np.ascontiguousarray(packed).view(np.int64)


def _statistical_columns(table: pa.Table) -> dict[str, pa.Array]:
    birth_year, estimated = _birth_year(table)
    registered = _column(table, "registration_date", pa.date32())
    return {
        "sex": _code_or_null(_column(table, "sex", pa.string())),
        "citizenship": _code_or_null(_column(table, "citizenship", pa.string())),
        "birth_year": birth_year,
        "birth_year_estimated": estimated,
        "registration_day": pc.cast(pc.cast(registered, pa.int32()), pa.int64()),
        "forms": _forms_mask(
            _column(table, "forms_of_exploitation", pa.list_(pa.string()))
        ),
    }


def _bloom_from_encoded(
    table: pa.Table, field: str, width: int
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.bool_]]:
    array = _fixed_width(table, f"{field}_bloom", width)
    valid = ~np.asarray(pc.is_null(array))
    data = np.frombuffer(array.buffers()[1], dtype=np.uint8)
    data = data[array.offset * width : (array.offset + len(array)) * width]
    return data.reshape(len(array), width).copy(), valid


def _widths(table: pa.Table, name: str) -> set[int]:
    if name not in table.column_names:
        return set()
    kind = table.schema.field(name).type
    if pa.types.is_fixed_size_binary(kind):
        return {int(kind.byte_width)}
    lengths = pc.unique(pc.drop_null(pc.binary_length(table[name])))
    return {int(v) for v in lengths.to_pylist()}


def _filter_width(tables: Sequence[pa.Table]) -> int:
    """The byte length every filter of the run has (one for all fields and files)."""
    widths = {w for t in tables for f in BLOOM_FIELDS for w in _widths(t, f"{f}_bloom")}
    if len(widths) != 1:
        raise LinkageError(
            "the encodings of the files have different lengths (or there are none); "
            "every source must encode with one version of `palermo encode`"
        )
    return widths.pop()


def _fixed_width(table: pa.Table, name: str, width: int) -> pa.Array:
    """A filter column as fixed-size binary (the hub stores it as plain binary);
    a file without the column has none of that field."""
    if name not in table.column_names:
        data = pa.py_buffer(bytes(width * table.num_rows))
        validity = pa.py_buffer(bytes((table.num_rows + 7) // 8))
        return pa.FixedSizeBinaryArray.from_buffers(
            pa.binary(width), table.num_rows, [validity, data], null_count=-1
        )
    array = _column(table, name, table.schema.field(name).type)
    if not pa.types.is_fixed_size_binary(array.type):
        # Nulls are zero-filled first, so that every slot has the width.
        array = pc.if_else(
            pc.is_null(array), pa.scalar(bytes(width), pa.binary()), array
        ).cast(pa.binary(width))
        array = pc.if_else(
            pc.is_null(_column(table, name, pa.binary())),
            pa.scalar(None, pa.binary(width)),
            array,
        )
    return array


def _stack(
    parts: list[tuple[npt.NDArray[np.uint8], npt.NDArray[np.bool_]]],
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.bool_]]:
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def prepare(tables: Sequence[pa.Table], mode: str | None = None) -> LinkInput:
    """Stack the sources' tables into the linkage input.

    Args:
        tables: normalised victims tables, all plain or all encoded under one key.
        mode: "encoded" or "plain"; default: encoded when the tables are.

    Raises:
        LinkageError: mixed plain and encoded tables, tables encoded under different
            keys or schemes, plain mode asked of encoded tables, or no records.
    """
    if not tables:
        raise LinkageError("there are no records to link")
    encoded = [is_encoded(t) for t in tables]
    if any(encoded) and not all(encoded):
        raise LinkageError("some files are encoded and some are not; encode them all")
    detected = "encoded" if all(encoded) else "plain"
    mode = mode or detected
    if mode not in {"encoded", "plain"}:
        raise LinkageError(f"unknown linkage mode {mode!r} (encoded or plain)")
    if mode == "plain" and detected == "encoded":
        raise LinkageError("plain mode needs the identity fields in clear")
    if mode == "encoded" and detected == "plain":
        raise LinkageError("encoded mode needs encoded files: run `palermo encode`")
    width = 0
    if mode == "encoded":
        _check_same_encoding(tables)
        width = _filter_width(tables)

    stats: dict[str, list[pa.Array]] = {}
    ids: dict[str, list[pa.Array]] = {"source": [], "record_id": []}
    identity: dict[str, list[pa.Array]] = {}
    blooms: dict[str, list[tuple[npt.NDArray[np.uint8], npt.NDArray[np.bool_]]]] = {
        f: [] for f in BLOOM_FIELDS
    }
    # Plain mode: filters only for blocking, under a key that dies with this run.
    plain_encoder = Encoder(new_key(), EncodingConfig(flip_exponent=0))
    for table in tables:
        ids["source"].append(_column(table, "organisation_id", pa.string()))
        ids["record_id"].append(_column(table, "source_record_id", pa.string()))
        for name, array in _statistical_columns(table).items():
            stats.setdefault(name, []).append(array)
        for name, array in _identity_columns(table, mode).items():
            identity.setdefault(name, []).append(array)
        for field in BLOOM_FIELDS:
            if mode == "encoded":
                blooms[field].append(_bloom_from_encoded(table, field, width))
            else:
                blooms[field].append(_plain_filters(plain_encoder, table, field))

    n = sum(t.num_rows for t in tables)
    if n == 0:
        raise LinkageError("there are no records to link")
    columns: dict[str, pa.Array] = {"unique_id": pa.array(np.arange(n, dtype=np.int64))}
    for name, parts in {**ids, **stats, **identity}.items():
        columns[name] = pa.concat_arrays([pc.cast(p, parts[0].type) for p in parts])
    filters = {field: _stack(parts) for field, parts in blooms.items()}
    if mode == "encoded":
        for field, (packed, valid) in filters.items():
            stem = STEMS[field]
            words = _words(packed)
            for i in range(words.shape[1]):
                columns[f"{stem}_w{i}"] = pa.array(words[:, i], mask=~valid)
            # Popcount per byte: unpacking the bits took 1 GB per field at 1M records.
            counts = np.bitwise_count(packed).sum(axis=1, dtype=np.int64)
            columns[f"{stem}_n"] = pa.array(counts, mask=~valid)
    bits = filters[BLOOM_FIELDS[0]][0].shape[1] * 8
    logger.info("prepared %d records from %d sources (%s mode)", n, len(tables), mode)
    return LinkInput(pa.table(columns), filters, mode, bits)


def _check_same_encoding(tables: Sequence[pa.Table]) -> None:
    seen = set()
    for table in tables:
        meta = encoding_of(table) or {}
        seen.add((meta.get("key_fingerprint"), str(meta.get("config"))))
    if len(seen) > 1:
        raise LinkageError(
            "the files were encoded with different keys or settings; they cannot be "
            "linked (every source must use the same linkage key)"
        )


def _identity_columns(table: pa.Table, mode: str) -> dict[str, pa.Array]:
    if mode == "encoded":
        return {
            "dob": _column(table, "date_of_birth_token", pa.int64()),
            "dob_day": _column(table, "date_of_birth_day_token", pa.int64()),
            "dob_month": _column(table, "date_of_birth_month_token", pa.int64()),
            "dob_year": _column(table, "date_of_birth_year_token", pa.int64()),
            "doc": _column(table, "document_number_token", pa.int64()),
        }
    dates = _column(table, "date_of_birth", pa.date32())
    year = pc.cast(pc.year(dates), pa.int64())
    month = pc.cast(pc.month(dates), pa.int64())
    day = pc.cast(pc.day(dates), pa.int64())
    columns: dict[str, pa.Array] = {
        "dob": pc.add(pc.add(pc.multiply(year, 10000), pc.multiply(month, 100)), day),
        "dob_day": day,
        "dob_month": month,
        "dob_year": year,
    }
    for field, stem in STEMS.items():
        if field == "document_number":
            continue
        columns[stem] = _normalised(_column(table, field, pa.string()), normalise_name)
    columns["doc"] = _normalised(
        _column(table, "document_number", pa.string()), normalise_document
    )
    return columns


def _normalised(array: pa.Array, function: object) -> pa.Array:
    encoded = array.dictionary_encode()
    assert callable(function)
    distinct = [function(v) or None for v in encoded.dictionary.to_pylist()]
    return pc.take(pa.array(distinct, pa.string()), encoded.indices)


def _plain_filters(
    encoder: Encoder, table: pa.Table, field: str
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.bool_]]:
    column = encoder.bloom_column(field, _column(table, field, pa.string()), b"")
    width = column.type.byte_width
    valid = ~np.asarray(pc.is_null(column))
    data = np.frombuffer(column.buffers()[1], dtype=np.uint8)[: len(column) * width]
    return data.reshape(len(column), width).copy(), valid
