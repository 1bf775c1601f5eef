"""The linkage report: what the run did, how sure it is, and how the threshold matters.

Figures without truth come from the model itself: the expected precision at a
threshold is the mean match probability of the pairs above it, and the expected recall
is their share of the total match probability of all scored pairs (pairs that
blocking never proposed are not in that total; ``blocking_recall`` measures them where
truth is known).
"""

from __future__ import annotations

import math
from importlib import resources
from typing import TYPE_CHECKING, Any

import jinja2
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:
    from palermo.linkage.blocking import CandidatePairs
    from palermo.linkage.link import LinkageConfig
    from palermo.linkage.prepare import LinkInput

THRESHOLDS_SHOWN = (0.5, 0.7, 0.8, 0.9, 0.95, 0.99)


def expected_quality(probability: np.ndarray, threshold: float) -> dict[str, float]:
    """Model-estimated pairwise precision and recall at a threshold."""
    above = probability[probability >= threshold]
    total = float(probability.sum())
    precision = float(above.mean()) if len(above) else 1.0
    recall = float(above.sum() / total) if total > 0 else 1.0
    return {"precision": round(precision, 4), "recall": round(recall, 4)}


def _cluster_sizes(clusters: pa.Table) -> dict[str, int]:
    sizes = np.bincount(
        np.unique(clusters["cluster_id"].to_numpy(), return_inverse=True)[1]
    )
    histogram = np.bincount(sizes)
    return {str(size): int(count) for size, count in enumerate(histogram) if count}


def _persons_at(n: int, predictions: pa.Table, threshold: float) -> int:
    from palermo.linkage.clusters import _components

    keep = pc.greater_equal(predictions["match_probability"], threshold)
    edges = predictions.filter(keep)
    roots = _components(
        n, edges["unique_id_l"].to_numpy(), edges["unique_id_r"].to_numpy()
    )
    return int(len(np.unique(roots)))


def _parameters(model: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for comparison in model.get("comparisons", []):
        for level in comparison.get("comparison_levels", []):
            if level.get("is_null_level"):
                continue
            m = level.get("m_probability")
            u = level.get("u_probability")
            weight = (
                math.log2(m / u)
                if m is not None and u not in (None, 0) and m > 0
                else None
            )
            rows.append(
                {
                    "comparison": comparison.get("output_column_name"),
                    "level": level.get("label_for_charts")
                    or level.get("sql_condition"),
                    "m_probability": m,
                    "u_probability": u,
                    "match_weight": None if weight is None else round(weight, 3),
                }
            )
    return rows


def build_report(
    *,
    data: LinkInput,
    candidates: CandidatePairs,
    predictions: pa.Table,
    clusters: pa.Table,
    persons: pa.Table,
    model: dict[str, Any],
    config: LinkageConfig,
    timings: dict[str, float],
) -> dict[str, Any]:
    """The figures of one linkage run, as JSON-ready values."""
    probability = predictions["match_probability"].to_numpy(zero_copy_only=False)
    sources = data.table["source"].value_counts().to_pylist()
    thresholds = sorted({*THRESHOLDS_SHOWN, config.threshold})
    return {
        "mode": data.mode,
        "engine": config.engine,
        "records": data.num_records,
        "sources": {str(s["values"]): int(s["counts"]) for s in sources},
        "persons": persons.num_rows,
        "threshold": config.threshold,
        "blocking": {
            "keys": candidates.keys,
            "candidate_pairs": candidates.num_pairs,
            "dropped_keys": candidates.dropped_keys,
            "excluded_by_constraints": candidates.excluded_by_constraints,
        },
        "scored_pairs_kept": int(predictions.num_rows),
        "probability_two_random_records_match": model.get(
            "probability_two_random_records_match"
        ),
        "parameters": _parameters(model),
        "expected": expected_quality(probability, config.threshold),
        "by_threshold": [
            {
                "threshold": t,
                "persons": _persons_at(data.num_records, predictions, t),
                **expected_quality(probability, t),
            }
            for t in thresholds
        ],
        "cluster_sizes": _cluster_sizes(clusters),
        "timings_seconds": timings,
    }


LABELS = {
    "en": {
        "title": "Linkage report",
        "summary": "{records} records linked into {persons} persons ({mode} mode, {engine}).",
        "sources": "Records by source",
        "source": "Source",
        "records": "Records",
        "threshold_effect": "Effect of the threshold",
        "threshold": "Threshold (match probability)",
        "persons": "Persons",
        "precision": "Precision",
        "recall": "Recall",
        "estimated_note": "Precision and recall estimated by the model itself, pairwise, "
        "over the pairs that blocking proposed. The highlighted row is the threshold used.",
        "truth": "Quality against known truth",
        "blocking_recall": "Blocking recall",
        "weights": "Match weights",
        "weights_note": "Each bar is the evidence (log2 of m/u) a comparison level adds; "
        "the prior probability that two records match is {prior:.3g}.",
        "parameters": "Model parameters (m and u estimated from the data)",
        "comparison": "Comparison",
        "level": "Level",
        "weight": "Match weight",
        "cluster_sizes": "Records per person",
        "records_per_person": "Records",
        "blocking": "Blocking",
        "candidate_pairs": "Candidate pairs scored",
        "excluded": "Pairs excluded by domain constraints",
        "kept": "Scored pairs kept",
        "timings": "Time per stage (seconds)",
    },
    "fr": {
        "title": "Rapport d'appariement",
        "summary": "{records} enregistrements appariés en {persons} personnes "
        "(mode {mode}, {engine}).",
        "sources": "Enregistrements par source",
        "source": "Source",
        "records": "Enregistrements",
        "threshold_effect": "Effet du seuil",
        "threshold": "Seuil (probabilité d'appariement)",
        "persons": "Personnes",
        "precision": "Précision",
        "recall": "Rappel",
        "estimated_note": "Précision et rappel estimés par le modèle lui-même, par paires, "
        "sur les paires proposées par le blocage. La ligne en surbrillance est le seuil "
        "retenu.",
        "truth": "Qualité mesurée sur une vérité connue",
        "blocking_recall": "Rappel du blocage",
        "weights": "Poids d'appariement",
        "weights_note": "Chaque barre est l'indice (log2 de m/u) qu'apporte un niveau de "
        "comparaison ; la probabilité a priori que deux enregistrements concordent est "
        "{prior:.3g}.",
        "parameters": "Paramètres du modèle (m et u estimés sur les données)",
        "comparison": "Comparaison",
        "level": "Niveau",
        "weight": "Poids",
        "cluster_sizes": "Enregistrements par personne",
        "records_per_person": "Enregistrements",
        "blocking": "Blocage",
        "candidate_pairs": "Paires candidates évaluées",
        "excluded": "Paires exclues par les contraintes du domaine",
        "kept": "Paires évaluées conservées",
        "timings": "Durée par étape (secondes)",
    },
}


def _chart(parameters: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], float]:
    bars = [p for p in parameters if p.get("match_weight") is not None]
    extent = max([abs(float(p["match_weight"])) for p in bars] + [1.0])
    axis, half = 500.0, 240.0
    out = []
    for p in bars:
        weight = float(p["match_weight"])
        width = abs(weight) / extent * half
        x = axis if weight >= 0 else axis - width
        out.append(
            {
                "label": f"{p['comparison']}: {p['level']}"[:60],
                "weight": round(weight, 2),
                "x": round(x, 1),
                "width": round(max(width, 0.5), 1),
                "text_x": round(axis + width + 4 if weight >= 0 else axis + 4, 1),
            }
        )
    return out, axis


def render_html(report: dict[str, Any], lang: str = "en") -> str:
    """The report as a self-contained HTML page (no script, no external resource)."""
    template_text = (
        resources.files("palermo.linkage")
        .joinpath("templates/linkage_report.html")
        .read_text(encoding="utf-8")
    )
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = environment.from_string(template_text)
    chart, axis = _chart(report.get("parameters", []))
    labels = LABELS.get(lang, LABELS["en"])
    return template.render(
        r={"quality": None, **report}, t=labels, lang=lang, chart=chart, axis=axis
    )
