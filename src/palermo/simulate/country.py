"""A simulated country: the hidden population, what each source recorded, and the truth.

:func:`simulate_country` builds everything in memory from a config;
:func:`write_simulation` writes the sources' files (each in its own format, with its
mapping), the truth under ``truth/``, ``config.json`` and ``manifest.json``.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from palermo.errors import InputError
from palermo.simulate.config import COVARIATES, SimulationConfig
from palermo.simulate.errors import apply_recording_errors
from palermo.simulate.justice import JusticeRecords, simulate_justice
from palermo.simulate.names import stable_seed
from palermo.simulate.population import Population, simulate_population
from palermo.simulate.profiles import country_profile
from palermo.simulate.sources import (
    Captures,
    capture_histories,
    simulate_captures,
    victim_records,
)
from palermo.simulate.styles import style_for, styles_of
from palermo.simulate.truth import write_truth
from palermo.simulate.writers import (
    mapping_for,
    render,
    standard_table,
    write_mapping,
    write_parquet,
    write_source_file,
)
from palermo.standard import Kind, load_codelist

logger = logging.getLogger(__name__)

_ORGANISATION_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Simulation:
    """A simulated country in memory.

    Attributes:
        config: the config it was drawn from.
        population: every true victim and trafficker.
        captures: which source saw whom, and when.
        victim_records: organisation id -> its victim records in standard form, with
            the true ``person_id`` and a ``duplicate`` flag beside the standard fields.
        record_errors: (source, record_id, error) for every recording error applied.
        justice: suspect and proceeding records and their truth.
    """

    config: SimulationConfig
    population: Population
    captures: Captures
    victim_records: dict[str, pd.DataFrame]
    record_errors: pd.DataFrame
    justice: JusticeRecords

    def truth_records(self) -> pd.DataFrame:
        """(source, record_id, person_id) of every victim record."""
        return pd.concat(
            [
                pd.DataFrame(
                    {
                        "source": org,
                        "record_id": records["source_record_id"],
                        "person_id": records["person_id"],
                    }
                )
                for org, records in self.victim_records.items()
            ],
            ignore_index=True,
        )

    def capture_histories(self) -> pd.DataFrame:
        """The true capture history of every person, seen or not."""
        return capture_histories(self.population.victims, self.captures, self.config)


@dataclass(frozen=True)
class SourceFile:
    """One file a source organisation would submit, and its mapping (paths relative to
    the simulation folder)."""

    organisation_id: str
    organisation_type: str
    kind: str
    path: str
    mapping: str | None
    format: str
    records: int


@dataclass(frozen=True)
class SimulationResult:
    """What :func:`write_simulation` wrote, and the headline truth."""

    out_dir: Path
    country: str
    year: int
    victims: int
    victims_seen: int
    victim_records: int
    suspect_records: int
    proceeding_records: int
    files: tuple[SourceFile, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (the body of ``manifest.json``)."""
        data = asdict(self)
        data["out_dir"] = str(self.out_dir)
        return data


def check_config(config: SimulationConfig) -> None:
    """Refuse a config that cannot be simulated, saying what is wrong."""
    country_profile(config.country)
    if not 1900 <= config.year <= 2100:
        raise InputError(f"year must be between 1900 and 2100, got {config.year}")
    if config.victims is not None and config.victims < 1:
        raise InputError(f"victims must be at least 1, got {config.victims}")
    if config.file_format not in ("native", "parquet"):
        raise InputError(
            f"file_format must be native or parquet, got {config.file_format!r}"
        )
    types = set(load_codelist("organisation_type").values)
    seen_ids: set[str] = set()
    for source in config.sources:
        name = source.organisation_id
        if not _ORGANISATION_ID.match(name) or name in seen_ids:
            raise InputError(
                f"source id {name!r} must be unique, lower case letters, digits and '_'"
            )
        seen_ids.add(name)
        if source.organisation_type not in types:
            raise InputError(
                f"source {name}: unknown organisation type {source.organisation_type!r}"
            )
        if source.style not in styles_of(Kind.VICTIMS):
            known = ", ".join(styles_of(Kind.VICTIMS))
            raise InputError(
                f"source {name}: unknown style {source.style!r}; known: {known}"
            )
        unknown = set(source.effects) - set(COVARIATES)
        if unknown:
            raise InputError(f"source {name}: unknown covariate(s) {sorted(unknown)}")
        for label, rate in (
            ("capture_rate", source.capture_rate),
            ("identified_share", source.identified_share),
            ("document_share", source.document_share),
            ("place_of_birth_share", source.place_of_birth_share),
            *source.referrals.items(),
        ):
            if not 0 <= rate <= 1:
                raise InputError(
                    f"source {name}: {label} must be within [0, 1], got {rate}"
                )
    for label, rate in asdict(config.errors).items():
        if not 0 <= rate <= 1:
            raise InputError(f"error rate {label} must be within [0, 1], got {rate}")


def simulate_country(config: SimulationConfig) -> Simulation:
    """Simulate a country in memory (deterministic for ``config.seed``).

    Each stage draws from its own random stream, so that changing one source's
    settings does not redraw the population or the other sources' errors.
    """
    check_config(config)
    population = simulate_population(config)
    victims = population.victims
    captures = simulate_captures(
        victims, config, np.random.default_rng(stable_seed("captures", config.seed))
    )
    records: dict[str, pd.DataFrame] = {}
    error_rows: list[pd.DataFrame] = []
    for index, source in enumerate(config.sources):
        rng = np.random.default_rng(
            stable_seed("records", config.seed, source.organisation_id)
        )
        raw = victim_records(victims, captures, config, index, rng)
        style = style_for(Kind.VICTIMS, source.style)
        written, errors = apply_recording_errors(
            raw,
            config.errors.scaled(source.error_scale),
            has_birth_year="birth_year" in style.columns
            or config.file_format == "parquet",
            document_share=source.document_share,
            place_of_birth_share=source.place_of_birth_share,
            rng=rng,
        )
        ids = [
            style.record_id.format(year=config.year, seq=i)
            for i in range(1, len(written) + 1)
        ]
        written.insert(0, "source_record_id", ids)
        records[source.organisation_id] = written
        error_rows.append(
            pd.DataFrame(
                {
                    "source": source.organisation_id,
                    "record_id": [ids[e.row] for e in errors],
                    "error": [e.error for e in errors],
                }
            )
        )
    justice = simulate_justice(
        victims,
        population.traffickers,
        captures,
        config,
        np.random.default_rng(stable_seed("justice", config.seed)),
    )
    logger.info(
        "simulated %d victims, %d seen, %d records",
        len(victims),
        int(captures.seen.any(axis=1).sum()),
        sum(len(r) for r in records.values()),
    )
    return Simulation(
        config=config,
        population=population,
        captures=captures,
        victim_records=records,
        record_errors=pd.concat(error_rows, ignore_index=True)
        if error_rows
        else pd.DataFrame(columns=["source", "record_id", "error"]),
        justice=justice,
    )


def _prepare(out_dir: Path) -> None:
    """Make ``out_dir`` ready; replace an earlier simulation, never other files."""
    if out_dir.exists() and any(out_dir.iterdir()):
        if not (out_dir / "manifest.json").exists():
            raise InputError(
                f"{out_dir} is not empty and holds no earlier simulation; choose an empty folder"
            )
        for sub in ("sources", "truth"):
            shutil.rmtree(out_dir / sub, ignore_errors=True)
    out_dir.mkdir(parents=True, exist_ok=True)


def write_simulation(simulation: Simulation, out_dir: str | Path) -> SimulationResult:
    """Write a simulation: the sources' files and mappings, the truth, config, manifest."""
    out = Path(out_dir)
    _prepare(out)
    config = simulation.config
    files: list[SourceFile] = []
    types = {s.organisation_id: s.organisation_type for s in config.sources}
    types.update(
        {
            config.justice.police_id: "police",
            config.justice.prosecution_id: "prosecution",
            config.justice.court_id: "court",
        }
    )
    styles = {s.organisation_id: s.style for s in config.sources}
    styles.update(
        {
            config.justice.police_id: "police",
            config.justice.prosecution_id: "prosecution",
            config.justice.court_id: "court",
        }
    )
    batches = [(Kind.VICTIMS, org, r) for org, r in simulation.victim_records.items()]
    batches += [
        (Kind.SUSPECTS, org, r) for org, r in simulation.justice.suspects.items()
    ]
    batches += [
        (Kind.PROCEEDINGS, org, r) for org, r in simulation.justice.proceedings.items()
    ]
    for kind, org, frame in batches:
        files.append(
            _write_source(out, kind, org, types[org], styles[org], frame, config)
        )
    write_truth(out / "truth", simulation)
    (out / "config.json").write_text(config.to_json(), encoding="utf-8")
    seen = simulation.captures.seen.any(axis=1)
    result = SimulationResult(
        out_dir=out,
        country=country_profile(config.country).code,
        year=config.year,
        victims=len(simulation.population.victims),
        victims_seen=int(seen.sum()),
        victim_records=sum(len(r) for r in simulation.victim_records.values()),
        suspect_records=sum(len(r) for r in simulation.justice.suspects.values()),
        proceeding_records=sum(len(r) for r in simulation.justice.proceedings.values()),
        files=tuple(files),
    )
    manifest = result.to_dict()
    manifest.pop("out_dir")
    (out / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return result


def _write_source(
    out: Path,
    kind: Kind,
    org: str,
    org_type: str,
    style_name: str,
    frame: pd.DataFrame,
    config: SimulationConfig,
) -> SourceFile:
    folder = Path("sources") / org
    (out / folder).mkdir(parents=True, exist_ok=True)
    if config.file_format == "parquet":
        path = folder / f"{kind.value}.parquet"
        write_parquet(out / path, standard_table(frame, kind, org, org_type))
        return SourceFile(
            org, org_type, kind.value, path.as_posix(), None, "parquet", len(frame)
        )
    style = style_for(kind, style_name)
    path = folder / f"{kind.value}.{style.extension}"
    mapping_path = folder / f"{kind.value}.mapping.yaml"
    count = write_source_file(out / path, render(frame, kind, style), style)
    write_mapping(out / mapping_path, mapping_for(style, kind, org, org_type), org)
    return SourceFile(
        org,
        org_type,
        kind.value,
        path.as_posix(),
        mapping_path.as_posix(),
        style.format,
        count,
    )


def simulate(config: SimulationConfig, out_dir: str | Path) -> SimulationResult:
    """Simulate a country and write it to ``out_dir`` (see :func:`write_simulation`)."""
    return write_simulation(simulate_country(config), out_dir)


__all__ = [
    "Simulation",
    "SimulationResult",
    "SourceFile",
    "check_config",
    "simulate",
    "simulate_country",
    "write_simulation",
]
