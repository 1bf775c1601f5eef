from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from palermo.errors import InputError
from palermo.simulate import (
    ERROR_PRESETS,
    SOURCE_CATALOGUE,
    SimulationConfig,
    catalogue_sources,
    check_config,
    country_profile,
    error_preset,
)
from palermo.simulate.population import victim_count


def test_a_config_survives_a_round_trip_through_json() -> None:
    config = SimulationConfig(
        country="RO", victims=321, seed=5, sources=SOURCE_CATALOGUE[:7]
    )
    again = SimulationConfig.from_dict(json.loads(config.to_json()))
    assert again == config
    assert again.to_json() == config.to_json()


def test_a_partial_config_file_changes_only_what_it_names(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(
        json.dumps(
            {
                "victims": 99,
                "errors": {"typo": 0.5},
                "sources": [{"organisation_id": "ngo", "capture_rate": 0.9}],
            }
        )
    )
    config = SimulationConfig.from_json(path)
    assert config.victims == 99
    assert config.errors.typo == 0.5
    assert config.errors.swapped_names == SimulationConfig().errors.swapped_names
    (ngo,) = config.sources
    assert ngo.capture_rate == 0.9
    assert ngo.style == "ngo"  # the rest comes from the catalogue


def test_a_config_file_may_name_an_error_preset() -> None:
    config = SimulationConfig.from_dict({"errors": "hard"})
    assert config.errors == ERROR_PRESETS["hard"]


def test_it_rejects_unknown_settings_with_their_name() -> None:
    with pytest.raises(InputError, match="victimz"):
        SimulationConfig.from_dict({"victimz": 10})
    with pytest.raises(InputError, match="typos"):
        SimulationConfig.from_dict({"errors": {"typos": 0.1}})


def test_it_rejects_a_config_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{victims: 3")
    with pytest.raises(InputError, match="line 1"):
        SimulationConfig.from_json(path)


def test_it_names_the_presets_when_one_is_unknown() -> None:
    with pytest.raises(InputError, match="clean, default, hard"):
        error_preset("medium")


def test_sources_come_from_the_catalogue_in_order() -> None:
    assert [s.organisation_id for s in catalogue_sources(5)] == [
        "police",
        "ngo",
        "labour_inspectorate",
        "border_guard",
        "social_services",
    ]
    with pytest.raises(InputError, match="between 1 and 8"):
        catalogue_sources(9)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"country": "XX"}, "no population figure"),
        ({"victims": 0}, "at least 1"),
        ({"file_format": "csv"}, "native or parquet"),
        ({"errors": dataclasses.replace(ERROR_PRESETS["default"], typo=1.5)}, "typo"),
    ],
)
def test_it_refuses_a_config_it_cannot_simulate(
    change: dict[str, object], message: str
) -> None:
    config = dataclasses.replace(SimulationConfig(), **change)  # type: ignore[arg-type]
    with pytest.raises(InputError, match=message):
        check_config(config)


def test_it_refuses_duplicate_source_ids_and_unknown_covariates() -> None:
    police = SOURCE_CATALOGUE[0]
    with pytest.raises(InputError, match="unique"):
        check_config(SimulationConfig(sources=(police, police)))
    odd = dataclasses.replace(police, effects={"tall": 1.0})
    with pytest.raises(InputError, match="tall"):
        check_config(SimulationConfig(sources=(odd,)))


def test_the_default_size_follows_the_country_population() -> None:
    france = country_profile("FR")
    assert france.population == 68_402_000
    assert str(france.reference_date) == "2024-01-01"
    assert "Eurostat" in france.population_source
    assert victim_count(SimulationConfig(country="FR")) == round(68.402 * 60)
    # Malta would have 34; the simulator keeps at least 50 victims.
    assert victim_count(SimulationConfig(country="MT")) == 50
    assert victim_count(SimulationConfig(country="FR", victims=10)) == 10


def test_greece_is_known_by_both_its_codes() -> None:
    assert country_profile("EL") == country_profile("GR")
