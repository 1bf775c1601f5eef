"""How far the figures can be trusted: completeness, duplicates, linkage, the model.

The data-quality section reports rates, not counts of persons: completeness of each
field per source, the share of records that linkage found to be repeats, what the
linkage report says about its own accuracy, the model behind the estimate and its
diagnostics, and the comparability caveats that Eurostat states. A source with fewer
records than the disclosure threshold is not described on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from palermo.report.i18n import Lang
from palermo.report.load import EstimateOutputs, LinkageOutputs
from palermo.standard import UNKNOWN, Kind, field_of, fields_of

# Fields that say where a record came from rather than who it describes.
_BOOKKEEPING = {"source_record_id", "organisation_id", "organisation_type"}
# Figures of the linkage report (``linkage_report.json``) shown, by their path in it.
LINKAGE_FACTS = (
    "mode",
    "engine",
    "threshold",
    "expected.precision",
    "expected.recall",
    "quality.precision",
    "quality.recall",
    "blocking.candidate_pairs",
    "blocking.excluded_by_constraints",
    "scored_pairs_kept",
)

# Eurostat's and the Commission's comparability caveats (domain research §1.6).
CAVEATS = (
    (
        "caveat_definitions",
        "https://dgs-p.eige.europa.eu/data/view?code=genvio_tra_adm_conv__estat_traff_court",
    ),
    (
        "caveat_counting",
        "https://dgs-p.eige.europa.eu/data/view?code=genvio_tra_adm_conv__estat_traff_court",
    ),
    (
        "caveat_more_cases",
        "https://dgs-p.eige.europa.eu/data/view?code=genvio_tra_adm_conv__estat_traff_court",
    ),
    (
        "caveat_criminal_justice",
        "https://ec.europa.eu/eurostat/web/products-eurostat-news/w/ddn-20240124-1",
    ),
    (
        "caveat_registered",
        "https://ec.europa.eu/eurostat/cache/metadata/en/crim_thb_esms.htm",
    ),
    ("caveat_non_response", "https://slideplayer.com./amp/16217749"),
    (
        "caveat_true_extent",
        "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX%3A52021DC0171",
    ),
)


@dataclass
class CompletenessView:
    """Completeness of each field (rows) per source (columns), in percent of records."""

    sources: list[str]
    rows: list[tuple[str, list[str]]]
    withheld: list[str] = field(default_factory=list)


def _known(column: pa.ChunkedArray) -> int:
    """Values that are neither missing nor ``unknown`` (``not_applicable`` is known)."""
    if pa.types.is_list(column.type):
        values = column.to_pylist()
        return sum(1 for v in values if v and any(x not in (UNKNOWN, None) for x in v))
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        known = pc.and_(pc.is_valid(column), pc.not_equal(column, UNKNOWN))
        return int(pc.sum(known.fill_null(False)).as_py() or 0)
    return int(pc.sum(pc.is_valid(column)).as_py() or 0)


def completeness(records: Path, threshold: int, lang: Lang) -> CompletenessView | None:
    """Per source, the share of records with each statistical field known."""
    schema = pq.read_schema(records)
    if "organisation_id" not in schema.names:
        return None
    wanted = [
        f.name
        for f in fields_of(Kind.VICTIMS)
        if not f.identity and f.name not in _BOOKKEEPING and f.name in schema.names
    ]
    table = pq.read_table(records, columns=["organisation_id", *wanted])
    names = sorted(
        str(s) for s in pc.unique(table.column("organisation_id")).to_pylist() if s
    )
    shown, withheld, columns = [], [], []
    for source in names:
        part = table.filter(pc.equal(table.column("organisation_id"), source))
        if part.num_rows < threshold:
            withheld.append(source)
            continue
        shown.append(source)
        columns.append([100.0 * _known(part.column(n)) / part.num_rows for n in wanted])
    rows = [
        (
            _field_label(name, lang),
            [lang.percent(column[i], 0) for column in columns],
        )
        for i, name in enumerate(wanted)
    ]
    return CompletenessView(shown, rows, withheld)


def _field_label(name: str, lang: Lang) -> str:
    key = f"field_{name}"
    if lang.has(key):
        return lang.t(key)
    described = field_of(Kind.VICTIMS, name)
    return described.fr if lang.code == "fr" else described.en


@dataclass
class LinkageView:
    """Duplicates found by linkage and what the linkage report says of its accuracy.

    ``thresholds`` shows the effect of the match threshold: at each threshold, the
    persons linkage would find and the model's estimated precision and recall.
    """

    facts: list[tuple[str, str]]
    sources: list[tuple[str, str]]
    withheld: list[str]
    report_facts: list[tuple[str, str]]
    thresholds: list[tuple[str, str, str, str]] = field(default_factory=list)


def _fact_text(value: Any, lang: Lang) -> str:
    if isinstance(value, bool):
        return lang.t("yes") if value else lang.t("no")
    if isinstance(value, int):
        return lang.integer(value)
    if isinstance(value, float):
        return lang.decimal(value, 3) if abs(value) < 1 else lang.decimal(value, 1)
    return str(value)


def _at(report: dict[str, Any], path: str) -> Any:
    value: Any = report
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value if isinstance(value, int | float | str | bool) else None


def _thresholds(report: dict[str, Any], lang: Lang) -> list[tuple[str, str, str, str]]:
    rows = []
    for item in report.get("by_threshold") or []:
        if not isinstance(item, dict) or "threshold" not in item:
            continue
        rows.append(
            (
                lang.decimal(float(item["threshold"]), 2),
                lang.integer(int(item.get("persons", 0))),
                lang.decimal(float(item.get("precision", float("nan"))), 3),
                lang.decimal(float(item.get("recall", float("nan"))), 3),
            )
        )
    return rows


def linkage_view(linkage: LinkageOutputs, threshold: int, lang: Lang) -> LinkageView:
    """The linkage part of the data-quality section."""
    several = linkage.several_sources / linkage.persons if linkage.persons else 0.0
    multi = sum(n for size, n in linkage.records_per_person.items() if size > 1)
    facts = [
        (
            lang.t("quality_duplicate_rate"),
            lang.percent(100.0 * linkage.duplicate_rate),
        ),
        (
            lang.t("quality_several_records"),
            lang.percent(100.0 * multi / linkage.persons if linkage.persons else 0.0),
        ),
        (lang.t("quality_several_sources"), lang.percent(100.0 * several)),
        (lang.t("quality_sources"), lang.integer(len(linkage.sources))),
    ]
    sources, withheld = [], []
    for source in linkage.sources:
        if source.records < threshold:
            withheld.append(source.source)
            continue
        sources.append((source.source, lang.percent(100.0 * source.duplicate_rate)))
    report_facts = []
    for path in LINKAGE_FACTS:
        value = _at(linkage.report, path)
        if value is not None:
            key = "linkage_" + path.replace(".", "_")
            label = lang.t(key) if lang.has(key) else path
            report_facts.append((label, _fact_text(value, lang)))
    thresholds = _thresholds(linkage.report, lang)
    return LinkageView(facts, sources, withheld, report_facts, thresholds)


@dataclass
class ModelView:
    """The model chosen for the estimate and its diagnostics."""

    facts: list[tuple[str, str]]
    sensitivity: list[tuple[str, str]]
    excluded: list[tuple[str, str, str]]
    warnings: list[str]


def model_view(estimate: EstimateOutputs, lang: Lang) -> ModelView:
    """What the estimation chose and how well it fits, for a non-statistician."""
    result = estimate.result
    settings = result.get("settings", estimate.config) or {}
    diagnostics = result.get("diagnostics", {}) or {}
    terms = result.get("model") or []
    facts = [
        (lang.t("model_method"), str(settings.get("method", "–"))),
        (
            lang.t("model_terms"),
            ", ".join(terms) if terms else lang.t("model_main_effects"),
        ),
        (lang.t("model_lists"), lang.integer(len(result.get("lists", [])))),
        (
            lang.t("model_interval"),
            f"{result.get('ci_kind', '–')} ({lang.percent(100 * float(result.get('confidence', 0.95)), 0)})",
        ),
    ]
    for key in ("deviance", "aic", "bic"):
        value = diagnostics.get(key)
        if isinstance(value, int | float):
            facts.append((lang.t(f"model_{key}"), lang.decimal(float(value), 2)))
    if isinstance(diagnostics.get("n_parameters"), int):
        facts.append(
            (lang.t("model_parameters"), lang.integer(diagnostics["n_parameters"]))
        )
    sensitivity = [
        (str(name), lang.integer(float(value)))
        for name, value in (diagnostics.get("sensitivity") or {}).items()
        if isinstance(value, int | float)
    ]
    excluded = [
        (
            str(item.get("term", "")),
            lang.t(f"excluded_{item.get('reason')}")
            if lang.has(f"excluded_{item.get('reason')}")
            else str(item.get("reason", "")),
            lang.decimal(float(item["p_value"]), 3)
            if isinstance(item.get("p_value"), int | float)
            else "–",
        )
        for item in result.get("excluded", []) or []
    ]
    warnings = [
        str(w.get(lang.code) or w.get("en") or w.get("code"))
        for w in result.get("warnings", []) or []
    ]
    return ModelView(facts, sensitivity, excluded, warnings)


def caveats(lang: Lang) -> list[tuple[str, str]]:
    """Eurostat's comparability caveats, each with the page that states it."""
    return [(lang.t(key), url) for key, url in CAVEATS]


__all__ = [
    "CAVEATS",
    "LINKAGE_FACTS",
    "CompletenessView",
    "LinkageView",
    "ModelView",
    "caveats",
    "completeness",
    "linkage_view",
    "model_view",
]
