"""Country configuration: legal minimums, shipped configurations, JSON round trip."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from palermo.errors import InputError
from palermo.referral import (
    CountryConfig,
    load_country_config,
    minimum_config,
    shipped_configs,
)


def test_it_refuses_a_recovery_period_shorter_than_the_conventions_30_days() -> None:
    with pytest.raises(
        InputError, match="below the 30 days of Council of Europe Convention Art. 13"
    ):
        CountryConfig(country="FR", timezone="Europe/Paris", recovery_period_days=29)


def test_it_refuses_a_permit_shorter_than_six_months() -> None:
    with pytest.raises(InputError, match="Directive 2004/81/EC Art. 8"):
        CountryConfig(country="FR", timezone="Europe/Paris", permit_months=5)


def test_it_reports_every_problem_at_once() -> None:
    with pytest.raises(InputError) as caught:
        CountryConfig(
            country="XX", timezone="Mars/Olympus", first_decision_working_days=0
        )
    messages = [i["message"] for i in caught.value.issues]
    assert len(messages) == 3
    assert any("Mars/Olympus" in m for m in messages)


def test_it_refuses_a_subdivision_the_country_does_not_have() -> None:
    with pytest.raises(InputError, match="ENG, NIR, SCT, WLS"):
        CountryConfig(country="GB", timezone="Europe/London", subdivision="XYZ")


def test_the_uk_configuration_is_shipped_with_its_sources() -> None:
    assert "gb" in shipped_configs()
    gb = load_country_config("GB")
    assert (gb.first_decision_working_days, gb.recovery_period_days) == (5, 30)
    assert not gb.directive_2004_81_applies
    assert "Modern Slavery Act 2015" in gb.source


def test_a_missing_country_configuration_says_how_to_write_one() -> None:
    with pytest.raises(InputError, match="minimum_config"):
        load_country_config("fr")


def test_the_minimum_configuration_keeps_to_the_legal_minimums() -> None:
    config = minimum_config("FR", "Europe/Paris")
    assert (config.recovery_period_days, config.permit_months) == (30, 6)
    assert "CETS 197 Art. 13" in config.source


def test_a_configuration_round_trips_through_json_and_yaml(tmp_path: Path) -> None:
    config = CountryConfig(
        country="DE",
        subdivision="BY",
        timezone="Europe/Berlin",
        closed_days=(date(2025, 12, 24),),
    )
    assert CountryConfig.from_dict(json.loads(config.to_json())) == config
    path = tmp_path / "de.yaml"
    path.write_text(
        "country: DE\ntimezone: Europe/Berlin\nclosed_days: [2025-12-24]\n",
        encoding="utf-8",
    )
    assert CountryConfig.from_file(path).closed_days == (date(2025, 12, 24),)


def test_it_refuses_a_setting_it_does_not_know() -> None:
    with pytest.raises(InputError, match="unknown setting\\(s\\) reflection_days"):
        CountryConfig.from_dict(
            {"country": "FR", "timezone": "Europe/Paris", "reflection_days": 30}
        )
