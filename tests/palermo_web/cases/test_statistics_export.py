"""A period's cases go into the statistics through the submission service, as records
of the common standard from the case module's own source organisation."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from palermo.errors import InvalidSubmission
from palermo.referral import AgeStatus, CaseState
from palermo_web.cases import retention, services
from palermo_web.cases.export import export_period, victim_records
from palermo_web.submissions.models import Submission
from palermo_web.submissions.services import records_for_period
from tests.palermo_web.cases.world import (
    IDENTITY,
    decide,
    register_case,
    request_by,
)

pytestmark = pytest.mark.django_db
S = CaseState
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def cases(caseworker: Any, authority: Any, authority_org: Any) -> list[Any]:
    identified = register_case(
        caseworker,
        authority_org=authority_org,
        at=datetime(2025, 3, 3, 10, tzinfo=PARIS),
        citizenship="NG",
    )
    decide(
        identified,
        authority,
        S.FIRST_DECISION_PENDING,
        S.REASONABLE_GROUNDS_POSITIVE,
        S.RECOVERY_PERIOD,
        S.CONCLUSIVE_DECISION_PENDING,
        S.CONCLUSIVE_POSITIVE,
    )
    child = register_case(
        caseworker,
        age_status=AgeStatus.CHILD,
        consent=None,
        authority_org=authority_org,
        at=datetime(2025, 12, 31, 23, 30, tzinfo=PARIS),
        age=15,
        citizenship="FR",
    )
    services.appoint_guardian(request_by(caseworker), child)
    # Registered at 23:30 UTC on 31 December 2025: already 2026 in Paris.
    later = register_case(
        caseworker,
        authority_org=authority_org,
        at=datetime(2025, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC")),
    )
    return [identified, child, later]


def test_the_periods_cases_become_standard_victim_records(cases: list[Any]) -> None:
    table = victim_records(2025)
    rows = {r["source_record_id"]: r for r in table.to_pylist()}
    identified, child, _later = cases
    assert set(rows) == {identified.reference, child.reference}
    first = rows[identified.reference]
    assert first["status"] == "identified"
    assert first["organisation_id"] == "nrm-cases"
    assert first["reflection_period"] == "granted"
    assert first["assistance_received"] == "yes"
    assert first["residence_permit"] == "none"  # a third-country national, no permit
    assert first["family_names"] == IDENTITY["family_names"]
    assert first["birth_year"] == 1999
    young = rows[child.reference]
    assert (young["child"], young["guardian_appointed"]) == ("yes", "yes")
    assert young["residence_permit"] == "not_applicable"  # an EU citizen
    assert young["status"] == "presumed"


def test_the_export_is_submitted_like_any_source_and_again_is_unchanged(
    cases: list[Any],
) -> None:
    receipt = export_period(2025, submitted_by="ana")
    assert (receipt.outcome, receipt.row_count, receipt.organisation_id) == (
        "stored",
        2,
        "nrm-cases",
    )
    stored = records_for_period(2025)
    assert stored.column("source").to_pylist() == ["nrm-cases"] * 2
    assert export_period(2025).outcome == "unchanged"


def test_an_erased_case_still_counts_without_its_identity(cases: list[Any]) -> None:
    identified = cases[0]
    retention.erase(identified, why="request")
    row = next(
        r
        for r in victim_records(2025).to_pylist()
        if r["source_record_id"] == identified.reference
    )
    assert row["status"] == "identified"
    assert all(
        row[f] is None
        for f in (
            "given_names",
            "family_names",
            "date_of_birth",
            "place_of_birth",
            "document_number",
        )
    )


def test_a_hub_that_accepts_only_encoded_records_refuses_plain_ones_whole(
    cases: list[Any], settings: Any
) -> None:
    settings.PALERMO_REQUIRE_ENCODED = True
    with pytest.raises(InvalidSubmission, match="plain identity fields"):
        export_period(2025)
    assert not Submission.objects.exists()


def test_with_a_linkage_key_the_cases_are_encoded_before_they_are_submitted(
    cases: list[Any], settings: Any, tmp_path: Any
) -> None:
    from palermo.linkage import new_key, write_key

    settings.PALERMO_CASES_LINKAGE_KEY_FILE = str(
        write_key(new_key(), tmp_path / "linkage.key")
    )
    settings.PALERMO_REQUIRE_ENCODED = True
    assert export_period(2025).outcome == "stored"
    stored = records_for_period(2025)
    assert "family_names_bloom" in stored.column_names
    values = {str(v) for column in stored.columns for v in column.to_pylist()}
    assert IDENTITY["family_names"] not in values
    assert Submission.objects.get().encoded
