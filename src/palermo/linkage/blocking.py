"""Blocking: which pairs of records are worth scoring.

Scoring every pair of a million records is 5 x 10^11 comparisons; blocking keeps only
pairs that share a *blocking key*. Each record gets a set of keys, one per rule (and
per band), and two records become a candidate pair when they share any key. A rule
combines features that must agree exactly:

- LSH bands of the Bloom filters (``given``, ``family``, ``place``, and ``names``, a
  band of both names that does not depend on which field holds which name). A band is
  a fixed sample of bit positions; two filters agree on it with probability
  ``similarity ** bits``, so similar names (typos, transliterations) share some band
  with high probability while different names rarely do (locality-sensitive hashing
  for the Hamming distance). Bands work the same on encoded and plain input, and the
  band positions need no secret.
- attribute blocks: date-of-birth tokens, document token, birth year, sex.

A true pair is missed only when every rule has a disagreeing feature, so the rules
pair features that errors rarely hit together. A record of unknown sex takes one key
per sex, so it meets records of either; a record without a year of birth leaves the
rules that need one (the others still catch its pairs). ``quality.blocking_recall`` measures what blocking
misses against known truth. Pairs that violate a domain constraint (see
``clusters.py``) are removed here, so they are never scored.

The pairs are made rule by rule: the keys of one rule are sorted, every pair within
each block is written as one 64-bit integer ``l << 32 | r``, and the pairs are
deduplicated by sorting. A million records make about 120 keys each; joining the whole
key table to itself (as SQL would) holds every key and every duplicate pair at once,
while this holds one rule's keys and the distinct pairs found so far.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa

from palermo.linkage.clusters import constraint_columns
from palermo.linkage.pairs import (
    allowed,
    block_pairs,
    blocks,
    column_values,
    distinct,
)
from palermo.linkage.prepare import LinkInput

logger = logging.getLogger(__name__)

BAND_FEATURES = ("names", "given", "family", "place", "given~", "family~")
U64 = npt.NDArray[np.uint64]

DEFAULT_RULES: tuple[tuple[str, ...], ...] = (
    ("names", "birth_year_window", "sex"),
    ("given", "family~", "birth_year_window", "sex"),
    ("family", "given~", "birth_year_window", "sex"),
    ("family", "dob_day_month"),
    ("given", "dob_day_month"),
    ("family", "dob_year", "dob_month"),
    ("given", "dob_year", "dob_month"),
    ("dob", "sex"),
    ("doc",),
    ("names", "place"),
    # Same names where one record has no year of birth and no place (the rules above
    # need one): citizenship keeps the blocks of common names small.
    ("names", "citizenship"),
    ("given", "place"),
    ("family", "place"),
    ("dob", "given~"),
    ("dob", "family~"),
)


@dataclass(frozen=True)
class BlockingConfig:
    """Blocking rules and LSH parameters.

    Attributes:
        rules: each rule is a tuple of features that must all agree; a band feature
            makes the rule one key per band.
        bands: LSH bands per band feature.
        band_bits: bit positions per band (more = stricter).
        loose_band_bits: bit positions of the loose bands (``given~``,
            ``family~``), which a name with a typo still often agrees on.
        max_block_size: keys shared by more records than this are ignored (a common
            name, a frequent date of birth); other rules still catch those pairs. A
            block of g records makes g(g-1)/2 pairs and blocks grow with the number
            of records, so this cap is what keeps a million records from making
            hundreds of millions of pairs: at 1M simulated records a cap of 20 keeps
            99.7% of true pairs with a third of the pairs a cap of 2000 makes.
        max_birth_year_gap: records whose known birth years differ by more are never
            compared (a domain constraint).
        seed: chooses the band positions (public; no secret is involved).
    """

    rules: tuple[tuple[str, ...], ...] = DEFAULT_RULES
    bands: int = 8
    band_bits: int = 20
    loose_band_bits: int = 8
    max_block_size: int = 20
    max_birth_year_gap: int = 5
    seed: int = 20_251_129

    def to_dict(self) -> dict[str, Any]:
        """The configuration as plain JSON types."""
        return asdict(self)


@dataclass
class CandidatePairs:
    """Candidate pairs and what blocking cost.

    Attributes:
        pairs: table of ``unique_id_l`` < ``unique_id_r``.
        keys: number of (record, key) entries generated.
        dropped_keys: keys ignored for exceeding ``max_block_size``.
        excluded_by_constraints: pairs removed by the domain constraints.
    """

    pairs: pa.Table
    keys: int
    dropped_keys: int
    excluded_by_constraints: int
    model_keys: dict[str, pa.Array] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)

    released: int | None = None

    @property
    def num_pairs(self) -> int:
        """Number of candidate pairs."""
        return int(self.pairs.num_rows) if self.released is None else self.released

    def release_pairs(self) -> pa.Table:
        """Hand the pairs table over and keep only its count, so that the caller
        decides when its memory is freed."""
        pairs = self.pairs
        self.released = int(pairs.num_rows)
        self.pairs = pairs.slice(0, 0)
        return pairs


def _mix(h: U64, v: U64 | np.uint64) -> U64:
    # splitmix64 finaliser over h ^ v: cheap, well-spread 64-bit keys.
    with np.errstate(over="ignore"):
        x = (h ^ v) + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def _band_positions(config: BlockingConfig, bits: int) -> npt.NDArray[np.int64]:
    rng = np.random.default_rng(config.seed)
    return np.stack(
        [rng.choice(bits, config.band_bits, replace=False) for _ in range(config.bands)]
    )


def _band_values(
    packed: npt.NDArray[np.uint8], positions: npt.NDArray[np.int64]
) -> U64:
    """The sampled bits of each band as one integer: (n, bands)."""
    n = packed.shape[0]
    out = np.zeros((n, positions.shape[0]), dtype=np.uint64)
    for b, band in enumerate(positions):
        value = np.zeros(n, dtype=np.uint64)
        for j, p in enumerate(band):
            bit = (packed[:, p >> 3] >> np.uint8(7 - (p & 7))) & np.uint8(1)
            value |= bit.astype(np.uint64) << np.uint64(j)
        out[:, b] = value
    return out


def _attribute(table: pa.Table, name: str) -> tuple[U64, npt.NDArray[np.bool_]]:
    if name == "dob_day_month":
        # Unordered: a day/month swap gives the same key.
        day, vd = _attribute(table, "dob_day")
        month, vm = _attribute(table, "dob_month")
        return _mix(np.minimum(day, month), np.maximum(day, month)), vd & vm
    values, valid = column_values(table, name)
    return _mix(values.view(np.uint64), np.uint64(0x51ED)), valid


def _year(table: pa.Table) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    return column_values(table, "birth_year")


def model_keys(data: LinkInput, config: BlockingConfig) -> dict[str, pa.Array]:
    """Fingerprints of names and place for the model (null where the value is missing).

    ``given_key`` and ``family_key`` (the first band of each name) let term
    frequencies be counted; ``names_key`` (both names, in either order) and
    ``place_key`` give the training sessions pairs that agree on names and place.
    """
    positions = _band_positions(config, data.filter_bits)[:1]
    out: dict[str, pa.Array] = {}
    values: dict[str, U64] = {}
    for stem, field_name in (
        ("given", "given_names"),
        ("family", "family_names"),
        ("place", "place_of_birth"),
    ):
        packed, valid = data.filters[field_name]
        values[stem] = _band_values(packed, positions)[:, 0]
        key = _mix(values[stem], np.uint64(0x5EED)).view(np.int64)
        out[f"{stem}_key"] = pa.array(key, mask=~valid)
    g, f = values["given"], values["family"]
    both = data.filters["given_names"][1] & data.filters["family_names"][1]
    names = _mix(np.minimum(g, f), np.maximum(g, f)).view(np.int64)
    out["names_key"] = pa.array(names, mask=~both)
    return out


def _bands(
    data: LinkInput, config: BlockingConfig
) -> dict[str, tuple[U64, npt.NDArray[np.bool_]]]:
    positions = _band_positions(config, data.filter_bits)
    bands: dict[str, tuple[U64, npt.NDArray[np.bool_]]] = {}
    names = {
        "given": "given_names",
        "family": "family_names",
        "place": "place_of_birth",
    }
    for feature, field_name in names.items():
        packed, valid = data.filters[field_name]
        bands[feature] = (_band_values(packed, positions), valid)
    loose = positions[:, : config.loose_band_bits]
    for feature, field_name in (("given~", "given_names"), ("family~", "family_names")):
        packed, valid = data.filters[field_name]
        bands[feature] = (_band_values(packed, loose), valid)
    given, given_ok = bands["given"]
    family, family_ok = bands["family"]
    # Swap-invariant: the unordered pair of the two names' band values.
    low = np.where(given_ok[:, None], given, np.uint64(0))
    high = np.where(family_ok[:, None], family, np.uint64(0))
    bands["names"] = (
        _mix(np.minimum(low, high), np.maximum(low, high)),
        given_ok & family_ok,
    )
    return bands


# Features a record may lack without leaving the rule: a record of unknown sex takes
# a key for each sex; a record without a year of birth leaves the rules that need one
# (other rules still catch its pairs).
OPTIONAL_FEATURES = ("birth_year_window", "sex")


def _banded(
    key: U64,
    band: int,
    features: list[str],
    bands: dict[str, tuple[U64, npt.NDArray[np.bool_]]],
) -> U64:
    """A rule's key for one band: the key mixed with each band feature's value."""
    if not features:
        return key
    key = _mix(key, np.uint64(band + 1))
    for feature in features:
        key = _mix(key, bands[feature][0][:, band])
    return key


def _variants(
    table: pa.Table,
    rule: tuple[str, ...],
    base: U64,
    required: npt.NDArray[np.bool_],
) -> list[tuple[npt.NDArray[np.bool_], U64]]:
    """(records, key) pairs of a rule before banding, one per optional value."""
    variants = [(required, base)]
    if "sex" in rule:
        values, ok = _attribute(table, "sex")
        known = [(mask & ok, _mix(key, values)) for mask, key in variants]
        unknown = [
            (mask & ~ok, _mix(key, np.full(len(key), value, dtype=np.uint64)))
            for mask, key in variants
            for value in np.unique(values[ok])
        ]
        variants = known + unknown
    if "birth_year_window" in rule:
        # Two overlapping 2-year buckets: years one apart share at least one.
        year, ok = _year(table)
        variants = [
            (
                mask & ok,
                _mix(_mix(key, np.uint64(v + 1)), ((year + v) // 2).astype(np.uint64)),
            )
            for mask, key in variants
            for v in (0, 1)
        ]
    return variants


def _rule_keys(
    data: LinkInput,
    config: BlockingConfig,
    bands: dict[str, tuple[U64, npt.NDArray[np.bool_]]],
    rule_index: int,
) -> tuple[npt.NDArray[np.int64], U64]:
    """The (unique_id, key) entries of one rule, every band and variant."""
    n = data.num_records
    rule = config.rules[rule_index]
    uid = np.arange(n, dtype=np.int64)
    base = np.full(n, np.uint64(rule_index + 1) << np.uint64(56), dtype=np.uint64)
    required = np.ones(n, dtype=np.bool_)
    band_features = [f for f in rule if f in BAND_FEATURES]
    for feature in band_features:
        required &= bands[feature][1]
    for feature in rule:
        if feature in BAND_FEATURES or feature in OPTIONAL_FEATURES:
            continue
        values, ok = _attribute(data.table, feature)
        base = _mix(base, values)
        required &= ok
    variants = _variants(data.table, rule, base, required)
    ids: list[npt.NDArray[np.int64]] = []
    keys: list[U64] = []
    for b in range(config.bands if band_features else 1):
        for mask, key in variants:
            ids.append(uid[mask])
            keys.append(_banded(key, b, band_features, bands)[mask])
    return np.concatenate(ids), np.concatenate(keys)


def blocking_keys(data: LinkInput, config: BlockingConfig) -> pa.Table:
    """The (unique_id, key) table of every rule and band."""
    bands = _bands(data, config)
    parts = [_rule_keys(data, config, bands, r) for r in range(len(config.rules))]
    return pa.table(
        {
            "unique_id": np.concatenate([ids for ids, _ in parts]),
            "key": np.concatenate([keys for _, keys in parts]).view(np.int64),
        }
    )


def _cap(config: BlockingConfig, rule: tuple[str, ...]) -> int:
    del rule
    return int(config.max_block_size)


# Pairs generated per step: bounds the working memory (a few hundred MB).
CHUNK_PAIRS = 8_000_000


def candidate_pairs(
    data: LinkInput,
    config: BlockingConfig | None = None,
    connection: duckdb.DuckDBPyConnection | None = None,
) -> CandidatePairs:
    """The candidate pairs of the blocking rules, domain constraints applied.

    Rule by rule, the pairs of each usable block are generated as 64-bit integers and
    deduplicated by sorting (within the rule, then merged into the pairs of the rules
    before), so memory holds the distinct pairs and one chunk, never every key join.
    """
    del connection  # kept for callers; blocking no longer needs a database
    config = config or BlockingConfig()
    bands = _bands(data, config)
    attributes = constraint_columns(data.table)
    gap = int(config.max_birth_year_gap)
    found = np.empty(0, dtype=np.uint64)
    keys = dropped = 0
    per_rule: list[dict[str, Any]] = []
    for r, rule in enumerate(config.rules):
        ids, rule_keys = _rule_keys(data, config, bands, r)
        keys += len(ids)
        sorted_ids, starts, sizes, over = blocks(ids, rule_keys, _cap(config, rule))
        del ids, rule_keys
        dropped += over
        generated = 0
        chunks: list[U64] = []
        for chunk in block_pairs(sorted_ids, starts, sizes, CHUNK_PAIRS):
            generated += len(chunk)
            chunks.append(distinct(chunk))
        rule_pairs = distinct(np.concatenate(chunks)) if chunks else found[:0]
        before = len(found)
        # Two sorted runs: a stable sort merges them in linear time.
        found = np.concatenate([found, rule_pairs])
        found = distinct(found, kind="stable")
        per_rule.append(
            {
                "rule": "+".join(rule),
                "blocks": int(len(sizes)),
                "dropped_blocks": over,
                "pairs_generated": generated,
                "new_pairs": int(len(found) - before),
            }
        )
        logger.info(
            "blocking rule %d: %d pairs generated, %d new",
            r,
            generated,
            len(found) - before,
        )
    total = len(found)
    keep = np.concatenate(
        [
            allowed(found[i : i + CHUNK_PAIRS], attributes, gap)
            for i in range(0, total, CHUNK_PAIRS)
        ]
        or [np.empty(0, dtype=np.bool_)]
    )
    found = found[keep]
    pairs = pa.table(
        {
            "unique_id_l": (found >> np.uint64(32)).astype(np.int64),
            "unique_id_r": (found & np.uint64(0xFFFFFFFF)).astype(np.int64),
        }
    )
    del found
    result = CandidatePairs(
        pairs=pairs,
        keys=keys,
        dropped_keys=dropped,
        excluded_by_constraints=total - pairs.num_rows,
        model_keys=model_keys(data, config),
        stats={"rules": per_rule},
    )
    logger.info(
        "blocking: %d keys, %d candidate pairs (%d excluded by constraints)",
        result.keys,
        result.num_pairs,
        result.excluded_by_constraints,
    )
    return result
