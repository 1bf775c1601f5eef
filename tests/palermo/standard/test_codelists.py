from __future__ import annotations

import pytest

from palermo.standard import (
    NOT_APPLICABLE,
    UNKNOWN,
    citizenship_group,
    codelist_ids,
    load_codelist,
)


@pytest.mark.parametrize("list_id", codelist_ids())
def test_every_codelist_records_its_version_and_source(list_id: str) -> None:
    codelist = load_codelist(list_id)
    assert codelist.version
    assert codelist.source
    assert codelist.values
    assert all(code.en and code.fr for code in codelist.codes)


@pytest.mark.parametrize("list_id", codelist_ids())
def test_reserved_codes_are_allowed_everywhere_but_never_real_codes(
    list_id: str,
) -> None:
    codelist = load_codelist(list_id)
    assert {UNKNOWN, NOT_APPLICABLE} <= codelist.allowed
    assert UNKNOWN not in codelist.values


def test_it_maps_french_and_english_labels_to_codes() -> None:
    sex = load_codelist("sex").synonym_table()
    assert sex["femme"] == "female"
    assert sex["f"] == "female"
    countries = load_codelist("country").synonym_table()
    assert countries["roumanie"] == "RO"
    assert countries["romania"] == "RO"
    assert countries["allemagne"] == "DE"
    assert countries["inconnu"] == UNKNOWN


def test_exploitation_follows_the_amended_directive() -> None:
    codes = set(load_codelist("exploitation").values)
    assert {
        "surrogacy",
        "forced_marriage",
        "illegal_adoption",
        "sexual",
        "labour",
    } <= codes


@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("FR", "reporting_country"),
        ("RO", "other_eu"),
        ("NG", "non_eu"),
        (UNKNOWN, UNKNOWN),
    ],
)
def test_citizenship_is_grouped_as_eurostat_does(code: str, group: str) -> None:
    assert citizenship_group(code, reporting_country="FR") == group
