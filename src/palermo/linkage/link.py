"""Linking records into persons: prepare, block, train, score, cluster, resolve.

``link_records`` is the one entry point used by the CLI, the pipeline and the web hub.
It runs on Splink's DuckDB backend by default, or on Spark (``engine="spark"``) with the
same model definition and the same candidate pairs.
"""

from __future__ import annotations

import logging
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from palermo.errors import LinkageError, MissingExtra
from palermo.linkage.blocking import BlockingConfig, CandidatePairs, candidate_pairs
from palermo.linkage.clusters import cluster_records
from palermo.linkage.model import (
    ModelShape,
    floor_m_probabilities,
    names_agree_sql,
    settings,
)
from palermo.linkage.persons import persons_table, record_map
from palermo.linkage.prepare import prepare
from palermo.linkage.quality import blocking_recall, pairwise_quality
from palermo.linkage.review import ClericalDecisions, review_pairs

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LinkageConfig:
    """Settings of one linkage run; written beside its outputs.

    Attributes:
        mode: "encoded", "plain", or None to follow the input files.
        threshold: match probability at or above which two records are the same
            person (the analyst's choice; the report shows its effect).
        review_margin: pairs whose match probability is within this factor of the
            threshold's odds (either side) go to clerical review.
        engine: "duckdb" (one machine) or "spark".
        reporting_country: ISO code of the country reporting (for citizenship groups).
        reference_period: the period the records belong to (e.g. "2025").
        u_max_pairs: record pairs sampled to estimate u probabilities.
        em_max_pairs: record pairs used by each expectation-maximisation session.
        floor: pairs scoring below this match probability are not kept at all.
        m_floor: no level's m probability is left below this after training (see
            ``model.floor_m_probabilities``): one disagreeing field costs at most
            about log2(m_floor / u), so it cannot veto a pair on its own.
        seed: seed of Splink's random sampling (reproducible runs).
        blocking: the blocking rules.
        memory_limit: memory DuckDB may use for training and scoring (DuckDB's
            syntax, e.g. "4GB"); beyond it DuckDB spills to a temporary directory
            instead of growing (its own default is 80% of the machine's memory). At
            a million records scoring peaks at 7.2 GB for the process with 4GB and
            5.4 GB with 2GB, no slower: the join spills little.
    """

    mode: str | None = None
    threshold: float = 0.9
    review_margin: float = 10.0
    engine: str = "duckdb"
    reporting_country: str = "unknown"
    reference_period: str = ""
    u_max_pairs: float = 1e6
    em_max_pairs: float = 1e6
    floor: float = 0.01
    m_floor: float = 0.002
    seed: int = 42
    blocking: BlockingConfig = field(default_factory=BlockingConfig)
    memory_limit: str = "2GB"

    def to_dict(self) -> dict[str, Any]:
        """The configuration as plain JSON types."""
        return asdict(self)


@dataclass
class LinkageResult:
    """Everything a linkage run produces.

    Attributes:
        persons: one row per person (the persons contract).
        record_map: ``source``, ``record_id``, ``person_id``.
        review_pairs: pairs near the threshold, for clerical review.
        predictions: scored pairs at or above ``config.floor``.
        report: figures of the run (see ``report.py``).
        model: the trained Splink model as a settings dictionary.
        config: the configuration used.
    """

    persons: pa.Table
    record_map: pa.Table
    review_pairs: pa.Table
    predictions: pa.Table
    report: dict[str, Any]
    model: dict[str, Any]
    config: LinkageConfig
    clusters: pa.Table = field(repr=False, default_factory=lambda: pa.table({}))


def peak_memory_mb() -> float | None:
    """Peak resident memory of this process so far, in MB (None where unknown)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _hugeint_table(table: pa.Table, shape: ModelShape) -> tuple[pa.Table, str]:
    """The records with each filter's 64-bit words paired into SQL for 128-bit ones."""
    words = [c for c in table.column_names if re.fullmatch(r"\w+_w\d+", c)]
    keep = [c for c in table.column_names if c not in words]
    arrays = {c: table[c] for c in keep}
    expressions = []
    stems = sorted({c.rsplit("_w", 1)[0] for c in words})
    for stem in stems:
        for j in range(shape.filter_bits // 128):
            high = f"{stem}_w{2 * j}"
            low = f"{stem}_w{2 * j + 1}"
            arrays[high] = table[high]
            # The low word is read unsigned, so that high * 2^64 + low is the exact
            # two's-complement 128-bit value of the pair.
            arrays[low] = pa.array(
                table[low].to_numpy(zero_copy_only=False).view("uint64"),
                mask=table[low].is_null().to_numpy(zero_copy_only=False),
            )
            expressions.append(
                f"{high}::hugeint * 18446744073709551616::hugeint + {low}::hugeint "
                f"as {stem}_h{j}"
            )
    select = ", ".join([*keep, *expressions]) if expressions else "*"
    return pa.table(arrays), select


def _register(db_api: Any, engine: str, table: pa.Table, shape: ModelShape) -> Any:
    """The records registered with a Splink database API."""
    if engine == "duckdb" and shape.mode == "encoded":
        arrow, select = _hugeint_table(table, shape)
        connection = db_api.duckdb_con
        connection.register("__palermo_arrow", arrow)
        connection.execute(
            f"create or replace table palermo_records as select {select} "
            "from __palermo_arrow"
        )
        connection.unregister("__palermo_arrow")
        return db_api.register("palermo_records")
    return db_api.register(table)


def _db_api(
    engine: str, spark: Any = None, memory_limit: str = "2GB", spill: str = ""
) -> Any:
    if engine == "duckdb":
        import duckdb
        from splink import DuckDBAPI

        settings: dict[str, str | bool | int | float | list[str]] = {
            "memory_limit": memory_limit
        }
        if spill:
            # Otherwise DuckDB spills into ./.tmp, wherever the caller happens to be.
            settings["temp_directory"] = spill
        return DuckDBAPI(connection=duckdb.connect(config=settings))
    if engine == "spark":
        try:
            from splink import SparkAPI
        except ImportError as error:  # pragma: no cover - depends on the extra
            raise MissingExtra("pyspark", "spark") from error
        if spark is None:
            from palermo.linkage.spark import local_session

            spark = local_session()
        return SparkAPI(spark_session=spark)  # type: ignore[no-untyped-call]
    raise LinkageError(f"unknown engine {engine!r} (duckdb or spark)")


def _pairs_sharing(table: pa.Table, columns: list[str]) -> int:
    """How many record pairs agree exactly on all ``columns`` (nulls never agree)."""
    subset = table.select(columns).drop_null()
    if subset.num_rows == 0:
        return 0
    counts = subset.group_by(columns).aggregate([([], "count_all")])
    n = counts["count_all"].to_numpy().astype("int64")
    return int((n * (n - 1) // 2).sum())


def training_rules(table: pa.Table) -> list[str]:
    """Blocking rules of the expectation-maximisation sessions.

    The first session takes pairs with the same date of birth and trains every other
    comparison. The second must train the date of birth without being fooled by
    namesakes (different people with one name, frequent in some communities): pairs
    sharing a document number are almost all true matches, so they are used when
    there are enough; otherwise pairs agreeing on names and place of birth, and only
    then on names alone.
    """
    rules = ["l.dob = r.dob"]
    if _pairs_sharing(table, ["doc"]) >= 200:
        rules.append("l.doc = r.doc")
    elif _pairs_sharing(table, ["names_key", "place_key"]) >= 200:
        rules.append("l.names_key = r.names_key and l.place_key = r.place_key")
    else:
        rules.append("l.names_key = r.names_key")
    return rules


def _bound_unseen_u(linker: Any, sampled: float) -> None:
    """Give a level that no random pair reached the u its absence implies.

    Splink leaves such a level's u unset, and an unset u counts as no evidence at
    all: two records with the same document number, or with given and family names
    swapped, would gain nothing. Not one of ``sampled`` random pairs reaching the
    level bounds its u at about 1 / ``sampled``; that bound is used.
    """
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            if not level.is_null_level and not level._u_is_trained:
                level.u_probability = 1.0 / max(sampled, 1.0)
                logger.info(
                    "%s, %s: no random pair reached it; u set to 1/%d",
                    comparison.output_column_name,
                    level.label_for_charts,
                    int(sampled),
                )


def _train(
    linker: Any, table: pa.Table, shape: ModelShape, config: LinkageConfig
) -> dict[str, Any]:
    """Estimate the model from the data; say which sessions trained it."""
    from splink.internals.exceptions import SplinkException

    training = linker.training
    rules = [f"l.dob = r.dob and {names_agree_sql(shape)}", "l.doc = r.doc"]
    training.estimate_probability_two_random_records_match(rules, recall=0.8)
    settings_object = linker._settings_obj
    pairs = max(table.num_rows * (table.num_rows - 1) // 2, 1)
    if not settings_object._probability_two_random_records_match > 0:
        # No pair agrees on the deterministic rules (a handful of records): assume
        # at most one match among all pairs rather than none, which Splink refuses.
        settings_object._probability_two_random_records_match = 1 / (pairs + 1)
    logger.info("estimated the share of matching pairs")
    # One pass per comparison: the early-stopping probe re-samples for every chunk,
    # which costs more than it saves when some levels are rare.
    training.estimate_u_using_random_sampling(
        max_pairs=config.u_max_pairs, seed=config.seed, num_chunks=1
    )
    _bound_unseen_u(linker, config.u_max_pairs)
    logger.info("estimated u probabilities")
    n = max(table.num_rows, 1)
    proportion = min(1.0, (config.em_max_pairs * 50 / n) / n)
    trained: list[str] = []
    failed: list[str] = []
    for rule in training_rules(table):
        try:
            training.estimate_parameters_using_expectation_maximisation(
                rule,
                max_pairs=config.em_max_pairs,
                record_sample_proportion=max(proportion, 0.01),
            )
        except (ValueError, SplinkException) as error:
            # On few records a session can find no pairs, or drive a level's m to 0
            # (Splink refuses both); the other session may still train the model.
            logger.warning("training on pairs where %s failed: %s", rule, error)
            failed.append(rule)
            continue
        trained.append(rule)
        logger.info("estimated m probabilities on pairs where %s", rule)
    raised = floor_m_probabilities(linker._settings_obj.comparisons, config.m_floor)
    logger.info("m raised to the floor %s on %d level(s)", config.m_floor, len(raised))
    if not trained:
        # Too few records to learn m: Splink's default m values stand in, and the
        # report says so (a hub's first small submissions must still be counted).
        logger.warning(
            "the linkage model could not be trained on %d records; m probabilities "
            "are Splink's defaults, so the persons are a rough count",
            table.num_rows,
        )
    return {
        "em_sessions": trained,
        "failed_sessions": failed,
        "trained": bool(trained),
        "m_floor": config.m_floor,
        "m_raised_to_floor": raised,
    }


def _constant_strings(value: str, n: int) -> pa.Array:
    """``n`` copies of a one-character string, built without a Python list (tens of
    millions of pairs)."""
    offsets = np.arange(n + 1, dtype=np.int32) * len(value.encode())
    data = value.encode() * n
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))


def _predict(linker: Any, db_api: Any, pairs: pa.Table, floor: float) -> pa.Table:
    blocked = pa.table(
        {
            "match_key": _constant_strings("0", pairs.num_rows),
            "join_key_l": pairs["unique_id_l"],
            "join_key_r": pairs["unique_id_r"],
        }
    )
    registered = db_api.register(blocked)
    linker.table_management.register_blocked_pairs_for_predict(registered)
    predictions = linker.inference.predict(
        threshold_match_probability=floor, warning_mode="never"
    )
    table = (
        predictions.as_arrow_table() if hasattr(predictions, "as_arrow_table") else None
    )
    if table is None:
        table = pa.Table.from_pandas(predictions.as_pandas_dataframe())
    return table


def link_records(
    tables: Sequence[pa.Table],
    config: LinkageConfig | None = None,
    *,
    clerical: ClericalDecisions | None = None,
    spark: Any = None,
    truth: pa.Table | None = None,
) -> LinkageResult:
    """Link the records of several sources into persons.

    Args:
        tables: normalised victims tables, one per source file (plain or encoded).
        config: the run's settings; defaults documented in :class:`LinkageConfig`.
        clerical: earlier clerical decisions; they override the model.
        spark: a SparkSession for ``engine="spark"`` (default: a local one).
        truth: the true person of each record (``source``, ``record_id``,
            ``person_id``), when known: the report then measures the quality.

    Returns:
        The persons, the record map, the pairs for review and the report.
    """
    config = config or LinkageConfig()
    timings: dict[str, float] = {}
    memory: dict[str, float] = {}
    started = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal started
        now = time.perf_counter()
        timings[stage] = round(now - started, 3)
        started = now
        peak = peak_memory_mb()
        if peak is not None:
            memory[stage] = peak
        logger.info("%s: %.1f s, peak memory %s MB", stage, timings[stage], peak)

    data = prepare(tables, config.mode)
    lap("prepare")
    candidates = candidate_pairs(data, config.blocking)
    # The report keeps the count; the table (tens of millions of rows at scale) goes
    # to scoring and no further.
    pairs = candidates.release_pairs()
    if clerical is not None:
        pairs = clerical.apply_to_candidates(pairs, data.table)
    # Only blocking reads the filter matrices.
    data.filters.clear()
    lap("blocking")
    proposed = None
    if truth is not None:
        proposed = round(blocking_recall(pairs, data.table, truth), 5)
        lap("blocking_recall")

    dialect = "spark" if config.engine == "spark" else "duckdb"
    shape = ModelShape(data.mode, dialect, data.filter_bits)
    link_table = data.table
    for name, array in candidates.model_keys.items():
        link_table = link_table.append_column(name, array)
    spill = tempfile.TemporaryDirectory(prefix="palermo-duckdb-")
    db_api = _db_api(config.engine, spark, config.memory_limit, spill.name)
    records = _register(db_api, config.engine, link_table, shape)
    if config.engine == "duckdb" and shape.mode == "encoded":
        # The database holds its own copy of the filters' words now; nothing after
        # reads them from the Arrow table, so they need not stay in memory twice.
        words = [c for c in link_table.column_names if re.fullmatch(r"\w+_w\d+", c)]
        data.table = data.table.drop_columns(words)
        link_table = link_table.drop_columns(words)
    lap("register")
    from splink import Linker

    # log_level=None: a library leaves logging to its caller (Splink would add its
    # own handler at INFO).
    linker = Linker(records, settings(shape), log_level=None)
    training = _train(linker, link_table, shape, config)
    lap("training")
    predictions = _predict(linker, db_api, pairs, config.floor)
    del pairs
    model = linker.misc.save_model_to_json()
    if config.engine == "duckdb":
        # Everything needed is in Arrow now: free the database and its spill files.
        db_api.duckdb_con.close()
        spill.cleanup()
    lap("scoring")
    if clerical is not None:
        predictions = clerical.apply_to_predictions(predictions, data.table)
    clusters = cluster_records(
        data.table,
        predictions,
        config.threshold,
        max_birth_year_gap=config.blocking.max_birth_year_gap,
        cannot_link=clerical.cannot_link(data.table) if clerical else None,
    )
    lap("clustering")
    records = record_map(data.table, clusters)
    persons = persons_table(
        tables, data.table, clusters, config.reporting_country, config.reference_period
    )
    review = review_pairs(
        predictions, data.table, config.threshold, config.review_margin
    )
    lap("persons")
    from palermo.linkage.report import build_report

    report = build_report(
        data=data,
        candidates=candidates,
        predictions=predictions,
        clusters=clusters,
        persons=persons,
        model=model,
        config=config,
        timings=timings,
    )
    report["training"] = training
    # Peak resident memory of the process by the end of each stage (it only grows):
    # the stage where it jumps is the one that needs the memory.
    report["peak_memory_mb"] = memory
    if truth is not None:
        quality = pairwise_quality(records, truth).to_dict()
        quality["blocking_recall"] = proposed
        report["quality"] = quality
    return LinkageResult(
        persons=persons,
        record_map=records,
        review_pairs=review,
        predictions=predictions,
        report=report,
        model=model,
        config=config,
        clusters=clusters,
    )


__all__ = ["CandidatePairs", "LinkageConfig", "LinkageResult", "link_records"]
