"""From persons to the published table set: count, protect, derive rates and shares."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import pyarrow as pa

from palermo.errors import InputError
from palermo.tables.aggregate import compute_tables, eurostat_geo
from palermo.tables.disclosure import DisclosureConfig, SuppressionResult, suppress
from palermo.tables.model import Table
from palermo.tables.noise import CellKeyPerturbation
from palermo.tables.rates import Population, load_population, rate_tables, share_table

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TablesConfig:
    """Settings of a table run; serialised to ``tables_config.json`` beside the output.

    Attributes:
        threshold, protection, publish_zeros, cost, margin_factor: see
            :class:`DisclosureConfig`.
        method: ``suppression`` (cell suppression, audited) or ``cell_key``
            (every count perturbed; see :mod:`palermo.tables.noise`).
        noise_max_deviation, noise_variance: cell-key perturbation parameters.
        population: path of the population denominators CSV; None for the shipped
            EU file.
        agency: the SDMX agency that owns the dataflows (the national authority).
    """

    threshold: int = 5
    protection: int | None = None
    publish_zeros: bool = True
    cost: Literal["value", "count", "log"] = "value"
    margin_factor: float = 10.0
    method: Literal["suppression", "cell_key"] = "suppression"
    noise_max_deviation: int = 2
    noise_variance: float = 1.0
    population: str | None = None
    agency: str = "PALERMO"

    @property
    def disclosure(self) -> DisclosureConfig:
        """The disclosure-control part of the settings."""
        return DisclosureConfig(
            threshold=self.threshold,
            protection=self.protection,
            publish_zeros=self.publish_zeros,
            cost=self.cost,
            margin_factor=self.margin_factor,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable settings."""
        data = asdict(self)
        data["protection"] = self.disclosure.protection_level
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TablesConfig:
        """The inverse of :meth:`to_dict`."""
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


@dataclass
class TablesResult:
    """The published table set.

    Attributes:
        tables: counts (as published), then rates and shares.
        suppression: what disclosure control withheld (None under ``cell_key``).
        config: the settings used.
        reporting_country, period, geo: what the tables describe.
        population: the denominators used for rates.
        provenance: inputs and linkage run, for the data package.
    """

    tables: list[Table]
    suppression: SuppressionResult | None
    config: TablesConfig
    reporting_country: str
    period: str
    geo: str
    population: Population
    provenance: dict[str, Any] = field(default_factory=dict)

    def table(self, table_id: str) -> Table:
        """One table by id."""
        for table in self.tables:
            if table.spec.id == table_id:
                return table
        raise KeyError(table_id)


def build_tables(
    persons_by_period: Mapping[str, pa.Table],
    *,
    period: str,
    reporting_country: str,
    suspects: pa.Table | None = None,
    proceedings: pa.Table | None = None,
    config: TablesConfig | None = None,
    provenance: Mapping[str, Any] | None = None,
    noise_secret: bytes | None = None,
) -> TablesResult:
    """Count, protect and derive the full table set of a reference period.

    Args:
        persons_by_period: persons tables by reference period (trends use them all).
        period: the reference period described.
        reporting_country: ISO 3166-1 alpha-2 code of the reporting country.
        suspects, proceedings: normalised record tables, if any.
        config: the settings; defaults throughout.
        provenance: facts about the inputs to carry into the data package.
        noise_secret: the publisher's secret for cell-key perturbation (never
            written anywhere); required when ``config.method`` is ``cell_key``.
    """
    config = config or TablesConfig()
    if len(reporting_country) != 2:
        raise InputError(
            f"the reporting country must be an ISO 3166-1 alpha-2 code, "
            f"not {reporting_country!r}"
        )
    population = load_population(config.population)
    keyed = config.method == "cell_key"
    if keyed and noise_secret is None:
        raise InputError(
            "cell-key perturbation needs the publisher's secret "
            "(PALERMO_NOISE_KEY, at least 16 characters)"
        )
    counted = compute_tables(
        persons_by_period,
        period=period,
        reporting_country=reporting_country,
        suspects=suspects,
        proceedings=proceedings,
        secret=noise_secret if keyed else None,
    )
    geo = eurostat_geo(reporting_country)
    suppression: SuppressionResult | None = None
    if keyed:
        published = CellKeyPerturbation(
            config.noise_max_deviation, config.noise_variance
        ).perturb(counted)
    else:
        suppression = suppress(counted, config.disclosure)
        published = suppression.tables
    derived = [
        *rate_tables(published, population, geo=geo, period=period),
        share_table(published, geo=geo, period=period),
    ]
    return TablesResult(
        tables=[*published, *derived],
        suppression=suppression,
        config=config,
        reporting_country=reporting_country,
        period=period,
        geo=geo,
        population=population,
        provenance=dict(provenance or {}),
    )


__all__ = ["TablesConfig", "TablesResult", "build_tables"]
