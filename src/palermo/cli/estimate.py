"""``palermo estimate``: the hidden total of victims by multiple systems estimation."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from palermo.cli._app import app, err_console, out_console
from palermo.errors import InputError, StatisticalWarning

# palermo.estimate loads SciPy, statsmodels and pandas: only when the command runs,
# so that `palermo --help` and every other command start at once.
if TYPE_CHECKING:
    from palermo.estimate import MSEResult, StratifiedMSEResult

_KIND = {
    "model": ("model-conditional", "conditionnel au modèle"),
    "profile": ("profile likelihood", "vraisemblance profilée"),
    "bca": ("bootstrap BCa", "bootstrap BCa"),
}


def _number(value: float) -> str:
    return f"{value:,.0f}" if math.isfinite(value) else "no limit"


@app.command("estimate")
def estimate(
    file: Path | None = typer.Argument(
        None, help="Capture histories CSV: one 0/1 column per list, then 'count'."
    ),
    persons: Path | None = typer.Option(
        None,
        "--persons",
        envvar="PALERMO_ESTIMATE_PERSONS",
        help="Persons table (Parquet) from linkage, with cap_* columns.",
    ),
    period: str | None = typer.Option(
        None,
        "--period",
        # No PALERMO_PERIOD: set for the hub commands, it would clash with a FILE.
        help="Reference period: the persons of the hub's latest run of it.",
    ),
    by: str | None = typer.Option(
        None,
        "--by",
        envvar="PALERMO_ESTIMATE_BY",
        help="With --persons or --period: estimate by stratum of this column "
        "(sex, child, ...).",
    ),
    lists: str | None = typer.Option(
        None,
        "--lists",
        envvar="PALERMO_ESTIMATE_LISTS",
        help="With --persons or --period: comma-separated organisations to use as "
        "lists.",
    ),
    method: str = typer.Option(
        "stepwise",
        "--method",
        envvar="PALERMO_ESTIMATE_METHOD",
        help="Model choice: stepwise (SparseMSE), aic, bic or main.",
    ),
    threshold: float = typer.Option(
        0.02,
        "--threshold",
        envvar="PALERMO_ESTIMATE_THRESHOLD",
        help="Stepwise p-value threshold.",
    ),
    max_order: int = typer.Option(
        2,
        "--max-order",
        envvar="PALERMO_ESTIMATE_MAX_ORDER",
        help="Highest interaction order for aic/bic (2 or 3).",
    ),
    interval: str | None = typer.Option(
        None,
        "--interval",
        envvar="PALERMO_ESTIMATE_INTERVAL",
        help="model, profile or bca (default: bca with --bootstrap, else model).",
    ),
    bootstrap: int = typer.Option(
        0,
        "--bootstrap",
        envvar="PALERMO_ESTIMATE_BOOTSTRAP",
        help="Bootstrap replicates, the model choice repeated in each (0: none).",
    ),
    seed: int = typer.Option(
        1234, "--seed", envvar="PALERMO_ESTIMATE_SEED", help="Bootstrap seed."
    ),
    confidence: float = typer.Option(
        0.95,
        "--confidence",
        envvar="PALERMO_ESTIMATE_CONFIDENCE",
        help="Coverage of the interval.",
    ),
    jobs: int | None = typer.Option(
        None,
        "--jobs",
        envvar="PALERMO_ESTIMATE_JOBS",
        help="Processes for the bootstrap (default: all cores).",
    ),
    as_json: bool = typer.Option(
        False, "--json", envvar="PALERMO_ESTIMATE_JSON", help="Print JSON."
    ),
    lang: str = typer.Option(
        "en", "--lang", envvar="PALERMO_LANG", help="Language of explanations (en, fr)."
    ),
    explain: bool = typer.Option(
        False,
        "--explain",
        envvar="PALERMO_ESTIMATE_EXPLAIN",
        help="Explain why each link between lists was left out.",
    ),
) -> None:
    """Estimate the total number of victims, seen and unseen, from overlapping lists.

    From a capture-histories CSV, from a persons table (``--persons``), or over the
    hub: ``palermo estimate --period 2025`` uses the persons of the latest finished
    run of the period under PALERMO_HOME.
    """
    from palermo.estimate import (
        EstimateConfig,
        LogLinearMSE,
        StratifiedMSEResult,
        estimate_by_stratum,
        read_persons_captures,
    )
    from palermo.estimate.config import INTERVALS, METHODS

    if sum(x is not None for x in (file, persons, period)) != 1:
        raise InputError(
            "give either a capture-histories CSV, --persons PARQUET or --period YEAR "
            "(the hub's latest run), and only one of them"
        )
    if period is not None:
        from palermo.pipeline import hub_persons

        persons, _ = hub_persons(period)
    if method not in METHODS:
        raise InputError(f"--method must be one of {', '.join(METHODS)}")
    if interval is not None and interval not in INTERVALS:
        raise InputError(f"--interval must be one of {', '.join(INTERVALS)}")
    config = EstimateConfig(
        method=method,  # type: ignore[arg-type]
        threshold=threshold,
        max_order=max_order,
        interval=interval,  # type: ignore[arg-type]
        bootstrap=bootstrap,
        seed=seed,
        confidence=confidence,
    )
    with (
        warnings.catch_warnings(),
        Progress(
            TextColumn("bootstrap"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeRemainingColumn(),
            console=err_console,
            transient=True,
            disable=config.replicates == 0,
        ) as bar,
    ):
        # Doubts are shown once, from the result, in the user's language.
        warnings.simplefilter("ignore", StatisticalWarning)
        task = bar.add_task("bootstrap", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        estimator = LogLinearMSE.from_config(config, n_jobs=jobs, progress=progress)
        result: MSEResult | StratifiedMSEResult
        if persons is not None:
            table = read_persons_captures(persons, by, what="file")
            chosen = [name.strip() for name in lists.split(",")] if lists else None
            if by:
                result = estimate_by_stratum(table, by, estimator, chosen)
            else:
                from palermo.estimate import capture_histories

                result = estimator.fit(capture_histories(table, chosen))
        else:
            assert file is not None
            result = estimator.fit(file)
    if as_json:
        out_console.print_json(json.dumps(result.to_dict()))
        return
    if isinstance(result, StratifiedMSEResult):
        _render_strata(result, lang)
    else:
        _render(result, lang, explain)


def _render(result: MSEResult, lang: str, explain: bool) -> None:
    fr = lang == "fr"
    kind = _KIND[result.ci_kind][1 if fr else 0]
    table = Table(show_header=False, box=None, highlight=False)
    table.add_row(
        "total estimé" if fr else "estimated total", f"[bold]{result.estimate:,.0f}[/]"
    )
    table.add_row(
        f"intervalle à {result.confidence:.0%}"
        if fr
        else f"{result.confidence:.0%} interval",
        f"{_number(result.ci_low)} – {_number(result.ci_high)} ({kind})",
    )
    table.add_row("observés" if fr else "observed", f"{result.observed:,}")
    table.add_row("listes" if fr else "lists", Text(", ".join(result.lists)))
    model = ", ".join(
        f"{t.term} (−∞)" if t.infinite else t.term for t in result.terms
    ) or ("effets principaux" if fr else "main effects (lists independent)")
    table.add_row("modèle" if fr else "model", Text(model))
    for kind_name, low, high in result.intervals:
        if kind_name != result.ci_kind:
            label = _KIND[kind_name][1 if fr else 0]
            table.add_row("", f"{label}: {_number(low)} – {_number(high)}")
    out_console.print(table)
    for term in result.terms:
        if term.notice is not None:
            _say(f"  {term.notice.text(lang)}")
    chance = [e for e in result.excluded if e.reason == "not_significant"]
    if chance:
        label = "liens écartés (p)" if fr else "links left out (p)"
        listed = ", ".join(f"{e.term} ({e.p_value:.2g})" for e in chance)
        _say(f"{label}: {listed}")
    for excluded in result.excluded:
        if excluded.reason != "not_significant" or explain:
            _say(f"  {excluded.notice.text(lang)}")
    _warn(result.notices, lang)


def _say(text: str) -> None:
    # Plain text: list names such as "A:B" must not turn into emoji or markup.
    out_console.print(text, markup=False, emoji=False, highlight=False)


def _warn(notices: Any, lang: str, where: str = "") -> None:
    label = f"warning ({where}): " if where else "warning: "
    for item in notices:
        err_console.print(
            "[yellow]" + label + "[/]" + escape(item.text(lang)),
            emoji=False,
            highlight=False,
        )


def _render_strata(result: StratifiedMSEResult, lang: str) -> None:
    fr = lang == "fr"
    table = Table(
        "strate" if fr else "stratum",
        "observés" if fr else "observed",
        "estimation" if fr else "estimate",
        f"{result.confidence:.0%}",
        "modèle" if fr else "model",
        title=f"{'par' if fr else 'by'} {result.by}",
    )
    for name, stratum in result.strata:
        table.add_row(
            name,
            f"{stratum.observed:,}",
            f"{stratum.estimate:,.0f}",
            f"{_number(stratum.ci_low)} – {_number(stratum.ci_high)}",
            Text(", ".join(stratum.model) or "main"),
        )
    table.add_row(
        "[bold]total[/]",
        f"{result.observed:,}",
        f"[bold]{result.estimate:,.0f}[/]",
        f"{_number(result.ci_low)} – {_number(result.ci_high)} ({result.ci_kind})",
        "",
    )
    out_console.print(table)
    _warn(result.notices, lang)
    for name, stratum in result.strata:
        # The method's caveat is said once, for the total.
        own = [n for n in stratum.notices if n.code != "downward_bias"]
        _warn(own, lang, name)
