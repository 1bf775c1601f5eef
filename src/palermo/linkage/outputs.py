"""Writing a linkage run's outputs to a directory.

``DIR/persons.parquet``, ``DIR/record_map.parquet``, ``DIR/review_pairs.parquet``,
``DIR/capture_histories.csv``, ``DIR/linkage_report.json``, ``DIR/linkage_report.html``
and ``DIR/linkage_settings.json`` (the configuration and the trained model, enough to
reproduce or audit the run). Nothing written holds an identity value: the persons
table and the report carry statistical attributes only, the record map and review
pairs carry record ids.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from palermo.linkage.link import LinkageResult
from palermo.linkage.persons import capture_histories
from palermo.linkage.report import render_html

logger = logging.getLogger(__name__)

OUTPUT_FILES = (
    "persons.parquet",
    "record_map.parquet",
    "review_pairs.parquet",
    "capture_histories.csv",
    "linkage_report.json",
    "linkage_report.html",
    "linkage_settings.json",
)


def write_outputs(result: LinkageResult, out_dir: str | Path, lang: str = "en") -> Path:
    """Write every output of a run into ``out_dir`` (created if missing)."""
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    pq.write_table(result.persons, target / "persons.parquet")
    pq.write_table(result.record_map, target / "record_map.parquet")
    pq.write_table(result.review_pairs, target / "review_pairs.parquet")
    pacsv.write_csv(capture_histories(result.persons), target / "capture_histories.csv")
    (target / "linkage_report.json").write_text(
        json.dumps(result.report, indent=2, default=str) + "\n", encoding="utf-8"
    )
    (target / "linkage_report.html").write_text(
        render_html(result.report, lang), encoding="utf-8"
    )
    settings = {"config": result.config.to_dict(), "model": result.model}
    (target / "linkage_settings.json").write_text(
        json.dumps(settings, indent=2, default=str) + "\n", encoding="utf-8"
    )
    logger.info("wrote linkage outputs to %s", target)
    return target
