"""The methods annex, generated from the settings each stage wrote beside its output.

Nothing here is typed by hand: the linkage model and its thresholds, the disclosure
control parameters and the estimation model are read from the JSON each stage wrote
(``linkage/*config*.json``, ``tables/tables_config.json`` and the package's
provenance, ``estimate/estimate_config.json``), so that the report states the settings
that actually produced its numbers and anyone can run them again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from palermo.report.i18n import Lang
from palermo.report.load import PeriodOutputs


@dataclass
class MethodSection:
    """One stage in the annex: what it does, and its settings as (name, value, meaning)."""

    id: str
    title: str
    summary: str
    settings: list[tuple[str, str, str]] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)
    suppression: list[tuple[str, str, str, str]] = field(default_factory=list)
    parameters: list[tuple[str, str, str, str, str]] = field(default_factory=list)


def _flatten(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(data, dict):
        items: list[tuple[str, Any]] = []
        for key, value in data.items():
            items += _flatten(value, f"{prefix}{key}.")
        return items
    return [(prefix.rstrip("."), data)]


def _value(value: Any, lang: Lang) -> str:
    if value is None:
        return lang.t("setting_none")
    if isinstance(value, bool):
        return lang.t("yes") if value else lang.t("no")
    if isinstance(value, int):
        return lang.integer(value) if abs(value) >= 10000 else str(value)
    if isinstance(value, float):
        return (
            lang.decimal(value, 3).rstrip("0").rstrip(",.")
            if value % 1
            else lang.integer(value)
        )
    if isinstance(value, list):
        if all(isinstance(v, str | int | float) for v in value):
            return ", ".join(str(v) for v in value) or "–"
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _settings(
    stage: str, config: dict[str, Any], lang: Lang
) -> list[tuple[str, str, str]]:
    rows = []
    for name, value in _flatten(config):
        key = f"setting_{stage}_{name.replace('.', '_')}"
        meaning = lang.t(key) if lang.has(key) else ""
        rows.append((name, _value(value, lang), meaning))
    return rows


def _probability(value: Any, lang: Lang) -> str:
    if not isinstance(value, int | float):
        return "–"
    return lang.decimal(float(value), 4)


def _parameters(
    report: dict[str, Any], lang: Lang
) -> list[tuple[str, str, str, str, str]]:
    """The trained linkage model from the report: one row per comparison level."""
    rows = []
    for item in report.get("parameters") or []:
        if not isinstance(item, dict):
            continue
        weight = item.get("match_weight")
        rows.append(
            (
                str(item.get("comparison", "")),
                str(item.get("level", "")),
                _probability(item.get("m_probability"), lang),
                _probability(item.get("u_probability"), lang),
                lang.decimal(float(weight), 2)
                if isinstance(weight, int | float)
                else "–",
            )
        )
    return rows


def methods_annex(
    period: PeriodOutputs, lang: Lang, report_settings: dict[str, Any]
) -> list[MethodSection]:
    """The annex: one section per stage that ran, then the report's own settings."""
    sections = []
    linkage = period.linkage
    if linkage is not None:
        sections.append(
            MethodSection(
                "linkage",
                lang.t("methods_linkage"),
                lang.t("methods_linkage_summary"),
                _settings("linkage", linkage.config, lang) if linkage.config else [],
                [] if linkage.config else [(lang.t("methods_no_settings"), "linkage/")],
                parameters=_parameters(linkage.report, lang),
            )
        )
    provenance = period.publication.provenance
    disclosure = (
        provenance.get("disclosure", {})
        if isinstance(provenance.get("disclosure"), dict)
        else {}
    )
    suppressed = (
        disclosure.get("suppressed", [])
        if isinstance(disclosure.get("suppressed"), list)
        else []
    )
    suppression = [
        (
            str(item.get("table")),
            lang.integer(int(item.get("cells", 0))),
            lang.integer(int(item.get("primary", 0))),
            lang.integer(int(item.get("secondary", 0))),
        )
        for item in suppressed
        if isinstance(item, dict)
    ]
    tables_extra: list[tuple[str, str]] = []
    software = provenance.get("software", {})
    if isinstance(software, dict) and software:
        tables_extra.insert(
            0,
            (
                lang.t("methods_software"),
                f"{software.get('name', '')} {software.get('version', '')}".strip(),
            ),
        )
    inputs = provenance.get("inputs", {})
    if isinstance(inputs, dict):
        for item in inputs.get("persons", []) or []:
            if isinstance(item, dict):
                tables_extra.append(
                    (
                        lang.t(
                            "methods_input",
                            period=str(item.get("reference_period", "")),
                        ),
                        f"{item.get('file', '')} (SHA-256 {str(item.get('sha256', ''))[:16]}…)",
                    )
                )
    sections.append(
        MethodSection(
            "tables",
            lang.t("methods_tables"),
            lang.t("methods_tables_summary"),
            _settings("tables", period.tables_config, lang),
            tables_extra,
            suppression,
        )
    )
    estimate = period.estimate
    if estimate is not None:
        config = estimate.config or estimate.result.get("settings", {}) or {}
        fingerprint = estimate.result.get("fingerprint")
        sections.append(
            MethodSection(
                "estimate",
                lang.t("methods_estimate"),
                lang.t("methods_estimate_summary"),
                _settings("estimate", config, lang),
                [(lang.t("methods_fingerprint"), f"{str(fingerprint)[:16]}…")]
                if fingerprint
                else [],
            )
        )
    sections.append(
        MethodSection(
            "report",
            lang.t("methods_report"),
            lang.t("methods_report_summary"),
            _settings("report", report_settings, lang),
        )
    )
    return sections


__all__ = ["MethodSection", "methods_annex"]
