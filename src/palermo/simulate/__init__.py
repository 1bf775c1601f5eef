"""A synthetic country with known truth, for tests, the demo and benchmarks.

Nobody can hand us real victim records, and nobody should. The simulator draws a hidden
population of victims with realistic covariates, lets several source organisations find
some of them (with covariate-dependent and positively dependent captures), writes each
source's records as it would send them (its own format, columns, vocabulary and
recording errors, with the mapping that brings them to the standard), derives suspects
and proceedings, and keeps the truth apart under ``truth/``.

Example:
    >>> from palermo.simulate import SimulationConfig, simulate
    >>> result = simulate(SimulationConfig(country="BE", victims=500), "out")  # doctest: +SKIP
"""

from palermo.simulate.catalogue import SOURCE_CATALOGUE, SourceConfig
from palermo.simulate.config import (
    ERROR_PRESETS,
    JusticeConfig,
    PopulationConfig,
    RecordingErrorConfig,
    SimulationConfig,
    catalogue_sources,
    error_preset,
)
from palermo.simulate.country import (
    Simulation,
    SimulationResult,
    SourceFile,
    check_config,
    simulate,
    simulate_country,
    write_simulation,
)
from palermo.simulate.profiles import CountryProfile, country_profile, country_profiles
from palermo.simulate.sources import capture_probabilities

__all__ = [
    "ERROR_PRESETS",
    "SOURCE_CATALOGUE",
    "CountryProfile",
    "JusticeConfig",
    "PopulationConfig",
    "RecordingErrorConfig",
    "Simulation",
    "SimulationConfig",
    "SimulationResult",
    "SourceConfig",
    "SourceFile",
    "capture_probabilities",
    "catalogue_sources",
    "check_config",
    "country_profile",
    "country_profiles",
    "error_preset",
    "simulate",
    "simulate_country",
    "write_simulation",
]
