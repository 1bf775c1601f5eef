"""Encoding at source: identity fields become keyed, hardened encodings.

``encode_records`` takes a normalised victims table (the standard columns, as intake
produces them) and returns the same table with every identity field replaced:

- names and place of birth -> hardened Bloom filters of their q-grams
  (``<field>_bloom``, fixed-size binary), compared by Dice similarity at the hub;
- document number -> a hardened Bloom filter (typos still link) and a keyed token of
  the exact value (``document_number_token``);
- date of birth -> keyed tokens of the whole date and of its day, month and year
  (``date_of_birth_token``, ``date_of_birth_{day,month,year}_token``); day and month
  share one token space so that a day/month swap is still recognisable.

The statistical fields stay as they are; ``birth_year`` is filled from the date of birth
when the source gave only the date (the year is statistical, the date is not).

The hardening (keyed random hashing, balancing, randomised response) and the reasons
for it are in ``docs/adr/0011-bloom-filter-encodings-for-linkage.md``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from palermo.errors import InputError
from palermo.linkage._text import normalise_document, normalise_name, qgrams
from palermo.linkage.keys import LinkageKey
from palermo.standard import (
    ENCODED_FILTERS,
    ENCODED_TOKENS,
    STANDARD_VERSION,
    Kind,
    identity_fields,
)

logger = logging.getLogger(__name__)

ENCODING_SCHEME = "palermo-bloom-v1"
METADATA_KEY = b"palermo_encoding"

# Identity fields encoded as Bloom filters, and how their values are normalised.
BLOOM_FIELDS = ("given_names", "family_names", "place_of_birth", "document_number")
# The column names are the standard's (intake passes them through).
DATE_TOKENS = ENCODED_TOKENS[:4]
TOKEN_COLUMNS = ENCODED_TOKENS
_HASH_DOMAIN = {"given_names": "names", "family_names": "names"}

U8 = npt.NDArray[np.uint8]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class EncodingConfig:
    """How identity fields are encoded; written into every encoded file.

    Attributes:
        q: length of the q-grams of names (2 = bigrams).
        filter_bits: bits of one field's Bloom filter before balancing (a power of 2).
        hashes_per_qgram: bit positions each q-gram sets.
        balanced: append the complement and permute with a keyed permutation, so that
            every filter has the same number of set bits (hides name length).
        flip_exponent: randomised response; each bit is flipped with probability
            ``2 ** -flip_exponent`` (0 turns it off). No two encodings of one name are
            then identical.
    """

    q: int = 2
    filter_bits: int = 512
    hashes_per_qgram: int = 20
    balanced: bool = True
    flip_exponent: int = 7

    @property
    def encoded_bits(self) -> int:
        """Length in bits of one encoded filter (doubled by balancing)."""
        return self.filter_bits * (2 if self.balanced else 1)

    def to_dict(self) -> dict[str, int | bool]:
        """The configuration as plain JSON types."""
        return asdict(self)


def _as_int64(digest: bytes) -> int:
    return int.from_bytes(digest[:8], "big", signed=True)


class Encoder:
    """Keyed encodings of one linkage key and configuration.

    Caches the bit positions of every q-gram and the filter of every distinct
    normalised value, so that a million records with a few hundred thousand distinct
    names are encoded in seconds.
    """

    def __init__(self, key: LinkageKey, config: EncodingConfig | None = None) -> None:
        self.key = key
        self.config = config or EncodingConfig()
        bits = self.config.filter_bits
        if bits < 64 or bits & (bits - 1):
            raise ValueError("filter_bits must be a power of two, at least 64")
        # Given and family names share one key: a name recorded in the wrong field
        # (swapped names) must still set the same bits.
        self._field_keys = {
            f: key.derive(f"bloom/{_HASH_DOMAIN.get(f, f)}") for f in BLOOM_FIELDS
        }
        self._positions: dict[tuple[str, str], list[int]] = {}
        seed = int.from_bytes(key.derive("bloom/balance-permutation"), "big")
        self._permutation = np.random.default_rng(seed).permutation(
            self.config.encoded_bits
        )
        self._noise_key = key.derive("bloom/noise")
        self._token_keys = {
            "date": key.derive("token/date-of-birth"),
            "day_month": key.derive("token/day-month"),
            "year": key.derive("token/year"),
            "document": key.derive("token/document-number"),
        }

    # Bloom filters -----------------------------------------------------------------

    def _qgram_positions(self, field: str, gram: str) -> list[int]:
        cached = self._positions.get((field, gram))
        if cached is not None:
            return cached
        # Random hashing: every position comes from its own keyed hash output, not
        # from a linear combination of two hashes (double hashing is attackable).
        need = self.config.hashes_per_qgram
        mask = self.config.filter_bits - 1
        positions: list[int] = []
        counter = 0
        while len(positions) < need:
            message = f"{counter}\x1f{gram}".encode()
            digest = hmac.new(self._field_keys[field], message, hashlib.sha256).digest()
            positions.extend(
                int.from_bytes(digest[i : i + 2], "big") & mask for i in range(0, 32, 2)
            )
            counter += 1
        result = positions[:need]
        self._positions[(field, gram)] = result
        return result

    def _normalise(self, field: str, value: str) -> str:
        if field == "document_number":
            return normalise_document(value)
        return normalise_name(value)

    def base_filters(self, field: str, values: Iterable[str]) -> U8:
        """Unhardened filters (packed bits, one row per value) of distinct values."""
        items = list(values)
        gram_ids: dict[str, int] = {}
        rows: list[int] = []
        grams_of_rows: list[int] = []
        for row, value in enumerate(items):
            for gram in qgrams(self._normalise(field, value), self.config.q):
                gram_id = gram_ids.get(gram)
                if gram_id is None:
                    gram_id = gram_ids[gram] = len(gram_ids)
                rows.append(row)
                grams_of_rows.append(gram_id)
        bits = np.zeros((len(items), self.config.filter_bits), dtype=np.bool_)
        if gram_ids:
            table = np.array(
                [self._qgram_positions(field, g) for g in gram_ids], dtype=np.int64
            )
            positions = table[np.asarray(grams_of_rows)]
            bits[np.repeat(np.asarray(rows), positions.shape[1]), positions.ravel()] = (
                True
            )
        return np.packbits(bits, axis=1)

    def _harden_distinct(self, packed: U8) -> U8:
        if not self.config.balanced:
            return packed
        bits = np.unpackbits(packed, axis=1)
        balanced = np.concatenate([bits, 1 - bits], axis=1)[:, self._permutation]
        return np.packbits(balanced, axis=1)

    def _noise(self, rows: int, width: int, seed: bytes) -> U8:
        """Random bits, each set with probability 2**-flip_exponent."""
        generator = np.random.default_rng(int.from_bytes(seed, "big"))
        words = width // 8
        mask = np.full((rows, words), np.uint64(0xFFFFFFFFFFFFFFFF), dtype=np.uint64)
        for _ in range(self.config.flip_exponent):
            mask &= generator.integers(
                0, 1 << 64, size=(rows, words), dtype=np.uint64, endpoint=False
            )
        return mask.view(np.uint8).reshape(rows, width)

    def bloom_column(
        self, field: str, column: pa.ChunkedArray | pa.Array, record_seed: bytes
    ) -> pa.Array:
        """The hardened Bloom filters of one string column (null stays null)."""
        array = (
            column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        )
        array = pc.cast(array, pa.string())
        blank = pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(array)), 0)
        array = pc.if_else(blank, pa.scalar(None, pa.string()), array)
        encoded = array.dictionary_encode()
        dictionary = encoded.dictionary.to_pylist()
        distinct = self._harden_distinct(self.base_filters(field, dictionary))
        width = self.config.encoded_bits // 8
        n = len(array)
        indices = encoded.indices.to_numpy(zero_copy_only=False)
        valid = ~np.asarray(pc.is_null(encoded.indices))
        data = np.zeros((n, width), dtype=np.uint8)
        if len(dictionary):
            data[valid] = distinct[indices[valid].astype(np.int64)]
        if self.config.flip_exponent:
            seed = hmac.new(self._noise_key, field.encode() + record_seed, "sha256")
            chunk = 65536
            for start in range(0, n, chunk):
                stop = min(n, start + chunk)
                block_seed = hmac.new(
                    seed.digest(), start.to_bytes(8, "big"), "sha256"
                ).digest()
                data[start:stop] ^= self._noise(stop - start, width, block_seed)
            data[~valid] = 0
        validity = pa.array(valid, pa.bool_()).buffers()[1] if not valid.all() else None
        return pa.FixedSizeBinaryArray.from_buffers(
            pa.binary(width), n, [validity, pa.py_buffer(data.tobytes())]
        )

    # Tokens ------------------------------------------------------------------------

    def _tokens(self, purpose: str, values: pa.Array) -> pa.Array:
        """Keyed tokens of a string array, computed once per distinct value."""
        key = self._token_keys[purpose]
        encoded = pc.cast(values, pa.string()).dictionary_encode()
        distinct = [
            _as_int64(hmac.new(key, v.encode(), "sha256").digest())
            for v in encoded.dictionary.to_pylist()
        ]
        return pc.take(pa.array(distinct, pa.int64()), encoded.indices)

    def date_tokens(self, column: pa.ChunkedArray | pa.Array) -> dict[str, pa.Array]:
        """Keyed tokens of a date column and of its parts."""
        dates = pc.cast(column, pa.date32())
        if isinstance(dates, pa.ChunkedArray):
            dates = dates.combine_chunks()
        return {
            "date_of_birth_token": self._tokens(
                "date", pc.strftime(dates, format="%Y-%m-%d")
            ),
            "date_of_birth_day_token": self._tokens("day_month", pc.day(dates)),
            "date_of_birth_month_token": self._tokens("day_month", pc.month(dates)),
            "date_of_birth_year_token": self._tokens("year", pc.year(dates)),
        }

    def document_tokens(self, column: pa.ChunkedArray | pa.Array) -> pa.Array:
        """Keyed tokens of normalised document numbers (blank -> null)."""
        values = pc.cast(column, pa.string())
        if isinstance(values, pa.ChunkedArray):
            values = values.combine_chunks()
        encoded = values.dictionary_encode()
        normalised = [
            normalise_document(v) or None for v in encoded.dictionary.to_pylist()
        ]
        return self._tokens(
            "document", pc.take(pa.array(normalised, pa.string()), encoded.indices)
        )


def _record_seed(table: pa.Table) -> bytes:
    """A digest of the record ids: the noise is reproducible for the same file."""
    digest = hashlib.sha256()
    for name in ("organisation_id", "source_record_id"):
        if name in table.column_names:
            for chunk in pc.cast(table[name], pa.string()).chunks:
                digest.update(name.encode())
                for buffer in chunk.buffers():
                    if buffer is not None:
                        digest.update(buffer)
    return digest.digest()


ENCODED_COLUMNS = (*ENCODED_FILTERS, *ENCODED_TOKENS)


def _has_values(column: pa.ChunkedArray) -> bool:
    """Whether a column holds any value that is not null or blank."""
    if column.null_count == len(column):
        return False
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        return bool(pc.any(pc.not_equal(pc.utf8_trim_whitespace(column), "")).as_py())
    return True


def plain_identity_columns(
    table: pa.Table, kind: Kind | str = Kind.VICTIMS
) -> list[str]:
    """The plain identity fields of ``kind`` that hold any non-blank value."""
    return [
        name
        for name in identity_fields(kind)
        if name in table.column_names and _has_values(table[name])
    ]


def is_encoded(table: pa.Table, kind: Kind | str = Kind.VICTIMS) -> bool:
    """Whether identities came as keyed encodings only: some encoded column, and no
    plain identity value left (empty plain columns are allowed)."""
    has_encodings = any(name in table.column_names for name in ENCODED_COLUMNS)
    return has_encodings and not plain_identity_columns(table, kind)


def encode_records(
    table: pa.Table,
    key: LinkageKey,
    config: EncodingConfig | None = None,
    *,
    kind: Kind | str = Kind.VICTIMS,
) -> pa.Table:
    """Replace the identity fields of a normalised table by their keyed encodings.

    Args:
        table: records with the standard columns of ``kind`` (as intake returns them).
        key: the linkage key shared by the source organisations.
        config: encoding parameters; the default is the documented scheme.
        kind: the record kind (only victims carry identity fields).

    Returns:
        The table without any plain identity column, with the encoded columns
        appended and the encoding parameters in the schema metadata.

    Raises:
        InputError: the table is already encoded.
    """
    if is_encoded(table):
        raise InputError("these records are already encoded")
    encoder = Encoder(key, config)
    config = encoder.config
    identity = set(identity_fields(kind))
    n = table.num_rows
    logger.info("encoding %d records (%s)", n, ENCODING_SCHEME)
    seed = _record_seed(table)

    def column(name: str, kind_of: pa.DataType) -> pa.ChunkedArray | pa.Array:
        if name in table.column_names:
            return table[name]
        return pa.nulls(n, kind_of)

    out = table.drop_columns([c for c in table.column_names if c in identity])
    if "date_of_birth" in table.column_names and "birth_year" in table.column_names:
        year_from_date = pc.cast(
            pc.year(pc.cast(table["date_of_birth"], pa.date32())), pa.int64()
        )
        filled = pc.coalesce(pc.cast(table["birth_year"], pa.int64()), year_from_date)
        out = out.set_column(out.column_names.index("birth_year"), "birth_year", filled)
    for field in BLOOM_FIELDS:
        out = out.append_column(
            f"{field}_bloom",
            encoder.bloom_column(field, column(field, pa.string()), seed),
        )
    for name, tokens in encoder.date_tokens(
        column("date_of_birth", pa.date32())
    ).items():
        out = out.append_column(name, tokens)
    out = out.append_column(
        "document_number_token",
        encoder.document_tokens(column("document_number", pa.string())),
    )
    metadata = dict(table.schema.metadata or {})
    metadata[METADATA_KEY] = json.dumps(
        {
            "scheme": ENCODING_SCHEME,
            "key_fingerprint": key.fingerprint,
            "standard_version": STANDARD_VERSION,
            "kind": str(Kind(kind)),
            "config": config.to_dict(),
        }
    ).encode()
    logger.info("encoded %d records", n)
    return out.replace_schema_metadata(metadata)


def encoding_of(table: pa.Table) -> dict[str, object] | None:
    """The encoding metadata of an encoded table, or None for a plain one."""
    raw = (table.schema.metadata or {}).get(METADATA_KEY)
    if raw is None:
        return None
    value = json.loads(raw)
    return value if isinstance(value, dict) else None
