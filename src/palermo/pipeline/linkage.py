"""The linkage stage: victim records of every source into persons and capture histories."""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from palermo.pipeline.base import Progress, StageResult, quiet

if TYPE_CHECKING:
    import pyarrow as pa

    from palermo.linkage import ClericalDecisions, LinkageConfig

SOURCE_COLUMN = "source"


def split_by_source(table: pa.Table) -> list[pa.Table]:
    """One table per source of a table holding every source's records.

    The hub hands over one table with a ``source`` column (the organisation that
    submitted each record); that column is the capture list, so it becomes each
    record's ``organisation_id``. A table without ``source`` is one source's.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if SOURCE_COLUMN not in table.column_names:
        return [table]
    sources = sorted(
        s for s in pc.unique(table[SOURCE_COLUMN]).to_pylist() if s is not None
    )
    if pc.any(pc.is_null(table[SOURCE_COLUMN])).as_py():
        from palermo.errors import LinkageError

        raise LinkageError("some records have no source; every record needs one")
    parts = []
    for source in sources:
        part = table.filter(pc.equal(table[SOURCE_COLUMN], source))
        part = part.drop_columns([SOURCE_COLUMN])
        organisation = pa.array([source] * part.num_rows, pa.string())
        if "organisation_id" in part.column_names:
            index = part.column_names.index("organisation_id")
            part = part.set_column(index, "organisation_id", organisation)
        else:
            part = part.append_column("organisation_id", organisation)
        parts.append(part)
    return parts


def _tables(inputs: Any) -> list[pa.Table]:
    import pyarrow as pa

    from palermo.linkage.files import read_link_input

    items = [inputs] if isinstance(inputs, pa.Table | str | Path) else list(inputs)
    tables: list[pa.Table] = []
    for item in items:
        table = item if isinstance(item, pa.Table) else read_link_input(item)
        tables.extend(split_by_source(table))
    return tables


def _config(config: LinkageConfig | Mapping[str, Any] | None) -> LinkageConfig:
    from palermo.linkage import LinkageConfig

    if config is None:
        return LinkageConfig()
    if isinstance(config, LinkageConfig):
        return config
    return LinkageConfig(**dict(config))


def _truth(truth: Any) -> pa.Table | None:
    if truth is None:
        return None
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    if isinstance(truth, pa.Table):
        table = truth
    elif Path(truth).suffix.lower() == ".parquet":
        table = pq.read_table(truth)
    else:
        # Record ids such as "0001" must stay text.
        table = pacsv.read_csv(
            truth,
            convert_options=pacsv.ConvertOptions(
                column_types={
                    "source": pa.string(),
                    "record_id": pa.string(),
                    "person_id": pa.string(),
                }
            ),
        )
    return table.select(["source", "record_id", "person_id"]).cast(
        pa.schema(
            [
                ("source", pa.string()),
                ("record_id", pa.string()),
                ("person_id", pa.string()),
            ]
        )
    )


def link_stage(
    inputs: Any,
    out_dir: str | Path,
    config: LinkageConfig | Mapping[str, Any] | None = None,
    *,
    truth: Any = None,
    clerical: ClericalDecisions | str | Path | None = None,
    progress: Progress = quiet,
) -> StageResult:
    """Link victim records into persons and write the linkage outputs.

    Args:
        inputs: every source's normalised victim records as one table (or Parquet
            file) with a ``source`` column, as the hub gives them; or a sequence of
            tables or files, one per source (``palermo link FILES``). All plain, or
            all encoded under one linkage key.
        out_dir: where ``persons.parquet``, ``record_map.parquet``,
            ``review_pairs.parquet``, ``capture_histories.csv``,
            ``linkage_report.json``/``.html`` and ``linkage_settings.json`` go.
        config: a :class:`palermo.linkage.LinkageConfig`, or a mapping of its fields
            (e.g. ``reporting_country``, ``reference_period``); defaults otherwise.
        truth: ``source``, ``record_id``, ``person_id`` of every record when known
            (a simulation's ``truth/records.csv``, as a table or a file): the report
            then measures precision, recall and blocking recall against it.
        clerical: earlier clerical decisions (:class:`ClericalDecisions` or a file).
        progress: called as the stage advances.

    Returns:
        The stage result; ``details["persons"]`` is the path of the persons table and
        ``details["linkage"]`` the :class:`palermo.linkage.LinkageResult`.
    """
    from palermo.linkage import ClericalDecisions, link_records, write_outputs

    started = time.perf_counter()
    progress("linkage", 0, 3)
    tables = _tables(inputs)
    decisions = (
        ClericalDecisions.read(clerical)
        if clerical is not None and not isinstance(clerical, ClericalDecisions)
        else clerical
    )
    progress("linkage", 1, 3)
    result = link_records(
        tables, _config(config), clerical=decisions, truth=_truth(truth)
    )
    progress("linkage", 2, 3)
    folder = write_outputs(result, out_dir)
    progress("linkage", 3, 3)
    report = result.report
    summary: dict[str, Any] = {
        "records": report["records"],
        "persons": report["persons"],
        "mode": report["mode"],
        "expected precision": report["expected"]["precision"],
        "expected recall": report["expected"]["recall"],
        "pairs for review": result.review_pairs.num_rows,
    }
    if not report.get("training", {}).get("trained", True):
        summary["model"] = "untrained (too few records): a rough count"
    quality = report.get("quality")
    if quality:
        summary["measured precision"] = quality["precision"]
        summary["measured recall"] = quality["recall"]
        summary["true persons"] = quality["true_persons"]
    return StageResult(
        stage="linkage",
        folder=folder,
        summary=summary,
        seconds=time.perf_counter() - started,
        details={"linkage": result, "persons": folder / "persons.parquet"},
    )


__all__ = ["link_stage", "split_by_source"]
