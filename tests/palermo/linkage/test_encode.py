"""Keys and encodings at source: keyed, hardened, comparable, and free of identities."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from palermo.errors import InputError
from palermo.linkage import encode_records, is_encoded, new_key, read_key, write_key
from palermo.linkage.encode import Encoder, EncodingConfig
from palermo.linkage.prepare import prepare
from tests.palermo.linkage.conftest import Country


def _dice(a: np.ndarray, b: np.ndarray) -> float:
    bits_a, bits_b = np.unpackbits(a), np.unpackbits(b)
    return float(2 * (bits_a & bits_b).sum() / (bits_a.sum() + bits_b.sum()))


def _filters(encoder: Encoder, names: list[str]) -> np.ndarray:
    column = encoder.bloom_column("family_names", pa.array(names), b"seed")
    width = column.type.byte_width
    return np.frombuffer(column.buffers()[1], np.uint8).reshape(len(names), width)


def test_a_key_round_trips_and_hides_its_secret(tmp_path: Path) -> None:
    key = new_key()
    path = write_key(key, tmp_path / "k.key")
    again = read_key(path)
    assert again.secret == key.secret
    assert again.fingerprint == key.fingerprint
    assert key.secret.hex() not in repr(key)


def test_a_damaged_key_is_refused(tmp_path: Path) -> None:
    path = write_key(new_key(), tmp_path / "k.key")
    path.write_text(path.read_text().replace('"secret": "', '"secret": "AA'))
    with pytest.raises(InputError, match="damaged"):
        read_key(path)


def test_one_name_encodes_alike_and_a_typo_stays_close() -> None:
    encoder = Encoder(new_key())
    f = _filters(encoder, ["Shevchenko", "Shevchenko", "Shevchneko", "Dubois"])
    assert not np.array_equal(f[0], f[1]), "randomised response: never identical"
    assert _dice(f[0], f[1]) > 0.95
    assert 0.8 < _dice(f[0], f[2]) < _dice(f[0], f[1])
    assert _dice(f[0], f[3]) < 0.75


def test_transliteration_variants_encode_close() -> None:
    # Each key hashes the q-grams anew and randomised response flips bits at random,
    # so one key's similarity varies around its expectation: judge it over keys.
    dice: list[float] = []
    for _ in range(12):
        f = _filters(Encoder(new_key()), ["Шевченко", "Schewtschenko", "Chevtchenko"])
        dice += [_dice(f[0], f[1]), _dice(f[0], f[2])]
    assert float(np.mean(dice)) > 0.9
    assert min(dice) > 0.85


def test_balanced_filters_all_set_the_same_number_of_bits() -> None:
    encoder = Encoder(new_key(), EncodingConfig(flip_exponent=0))
    f = _filters(encoder, ["Li", "Maximilian-Alexander", "Nguyen"])
    counts = np.unpackbits(f, axis=1).sum(axis=1)
    assert len(set(counts.tolist())) == 1, "name length must not show"


def test_the_same_name_under_another_key_shares_nothing() -> None:
    a = _filters(Encoder(new_key()), ["Popescu"])
    b = _filters(Encoder(new_key()), ["Popescu"])
    # Balanced filters are half ones: unrelated filters agree on about half the bits.
    assert _dice(a[0], b[0]) < 0.7


def test_encoding_replaces_every_identity_field(
    country: Country, encoded_tables: list[pa.Table]
) -> None:
    plain, encoded = country.tables[0], encoded_tables[0]
    gone = {
        "given_names",
        "family_names",
        "date_of_birth",
        "place_of_birth",
        "document_number",
    }
    assert gone <= set(plain.column_names)
    assert gone.isdisjoint(encoded.column_names)
    assert is_encoded(encoded)
    assert not is_encoded(plain)
    assert encoded.num_rows == plain.num_rows
    assert encoded["sex"].to_pylist() == plain["sex"].to_pylist()


def test_encoding_twice_is_refused(encoded_tables: list[pa.Table]) -> None:
    with pytest.raises(InputError, match="already encoded"):
        encode_records(encoded_tables[0], new_key())


def test_encoded_files_stored_by_the_hub_still_link(
    encoded_tables: list[pa.Table],
) -> None:
    # The hub stores filters as variable-length binary and keeps no schema metadata.
    stored = [
        t.cast(
            pa.schema(
                [
                    pa.field(f.name, pa.binary())
                    if pa.types.is_fixed_size_binary(f.type)
                    else f
                    for f in t.schema
                ]
            )
        ).replace_schema_metadata(None)
        for t in encoded_tables
    ]
    data = prepare(stored)
    assert data.mode == "encoded"
    assert data.filter_bits == prepare(encoded_tables).filter_bits
