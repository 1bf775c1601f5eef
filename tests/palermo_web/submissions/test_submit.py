"""Submitting files to the hub: accept, reject whole, version, no-op, list, policy.

Written once; ``make test`` runs them on SQLite and again on PostgreSQL.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from palermo.errors import InputError, InvalidSubmission
from palermo_web.submissions.models import Record, Submission
from palermo_web.submissions.services import (
    list_submissions,
    records_for_period,
    submit_file,
)
from tests.palermo_web.records import IDENTITY_VALUES, victim, write_records

pytestmark = pytest.mark.django_db

MakeFile = Callable[..., Path]


def submit(path: Path, organisation: str = "ngo-lyon", **options: Any) -> Any:
    options.setdefault("kind", "victims")
    options.setdefault("period", 2025)
    return submit_file(path, organisation_id=organisation, **options)


def test_it_stores_a_valid_file_with_its_records(
    ngo: Any, victims_file: MakeFile
) -> None:
    receipt = submit(victims_file(rows=7), submitted_by="amelie")

    assert receipt.outcome == "stored"
    assert (receipt.version, receipt.row_count) == (1, 7)
    submission = Submission.objects.get(pk=receipt.submission_id)
    assert submission.status == Submission.Status.CURRENT
    assert submission.submitted_by == "amelie"
    assert submission.file_name == "victims.csv"
    assert len(submission.checksum) == 64
    assert submission.records.count() == 7
    first = submission.records.get(row_number=1).as_dict()
    assert first["source_record_id"] == "V0001"
    assert first["citizenship"] == "NG"


def test_it_rejects_an_invalid_file_whole_and_stores_nothing(
    ngo: Any, tmp_path: Path
) -> None:
    records = [victim(n) for n in range(1, 6)]
    records[3]["sex"] = "walrus"
    path = write_records(tmp_path / "victims.csv", records)

    with pytest.raises(InvalidSubmission) as caught:
        submit(path)

    assert "nothing was stored" in caught.value.message
    assert any(
        i["column"] == "sex" and i["severity"] == "error" for i in caught.value.issues
    )
    assert Submission.objects.count() == 0
    assert Record.objects.count() == 0


def test_a_second_file_for_the_same_period_supersedes_the_first_and_keeps_it(
    ngo: Any, victims_file: MakeFile
) -> None:
    first = submit(victims_file(rows=3, name="january.csv"))
    second = submit(victims_file(rows=4, name="march.csv"))

    assert (second.outcome, second.version, second.superseded_version) == (
        "stored",
        2,
        1,
    )
    old = Submission.objects.get(pk=first.submission_id)
    assert old.status == Submission.Status.SUPERSEDED
    assert old.superseded_at is not None
    assert old.records.count() == 3
    assert [s.version for s in list_submissions(period=2025)] == [1, 2]
    assert records_for_period(2025).num_rows == 4


def test_other_periods_and_kinds_keep_their_own_versions(
    ngo: Any, victims_file: MakeFile
) -> None:
    submit(victims_file(rows=3), period=2024)
    receipt = submit(victims_file(rows=2, name="other.csv"), period=2025)

    assert (receipt.version, receipt.superseded_version) == (1, None)
    assert Submission.objects.filter(status="current").count() == 2


def test_the_identical_file_again_is_a_no_op_that_says_so(
    ngo: Any, victims_file: MakeFile
) -> None:
    path = victims_file(rows=3)
    first = submit(path)
    again = submit(path)

    assert again.outcome == "unchanged"
    assert (again.submission_id, again.version) == (first.submission_id, 1)
    assert Submission.objects.count() == 1
    assert Record.objects.count() == 3


def test_the_same_file_with_another_mapping_is_a_new_version(
    ngo: Any, victims_file: MakeFile, tmp_path: Path
) -> None:
    path = victims_file(rows=3)
    submit(path)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text('standard_version: "1.0"\nkind: victims\n', encoding="utf-8")

    receipt = submit(path, mapping=mapping)

    assert (receipt.outcome, receipt.version) == ("stored", 2)
    assert Submission.objects.get(pk=receipt.submission_id).mapping.startswith(
        "standard_version"
    )


def test_resubmitting_an_older_file_makes_it_current_again(
    ngo: Any, victims_file: MakeFile, tmp_path: Path
) -> None:
    old = victims_file(rows=3, name="old.csv")
    submit(old)
    submit(victims_file(rows=4, name="new.csv"))

    receipt = submit(old)

    assert (receipt.outcome, receipt.version) == ("stored", 3)
    assert records_for_period(2025).num_rows == 3


def test_it_refuses_records_of_another_organisation(
    ngo: Any, police: Any, victims_file: MakeFile
) -> None:
    path = victims_file(rows=2)  # the records say ngo-lyon

    with pytest.raises(InvalidSubmission) as caught:
        submit(path, organisation="police-paris")

    codes = {i["code"] for i in caught.value.issues}
    assert "submission.organisation_id_mismatch" in codes
    assert Submission.objects.count() == 0


def test_it_names_the_command_that_registers_an_unknown_organisation(
    db: None, victims_file: MakeFile
) -> None:
    with pytest.raises(InputError, match="palermo org add ngo-lyon"):
        submit(victims_file())


@pytest.mark.parametrize("period", [0, 1899, 2101])
def test_it_refuses_a_period_that_is_not_a_year(
    ngo: Any, victims_file: MakeFile, period: int
) -> None:
    with pytest.raises(InputError, match="reference period"):
        submit(victims_file(), period=period)


@override_settings(PALERMO_REQUIRE_ENCODED=True)
def test_a_hub_that_requires_encodings_refuses_plain_identity_fields(
    ngo: Any, victims_file: MakeFile
) -> None:
    with pytest.raises(InvalidSubmission) as caught:
        submit(victims_file(rows=3))

    assert "palermo encode" in caught.value.message
    refused = {i["column"] for i in caught.value.issues}
    assert refused == {
        "given_names",
        "family_names",
        "date_of_birth",
        "document_number",
    }
    assert Submission.objects.count() == 0
    assert Record.objects.count() == 0


@override_settings(PALERMO_REQUIRE_ENCODED=True)
def test_a_hub_that_requires_encodings_accepts_a_file_without_plain_identities(
    ngo: Any, tmp_path: Path
) -> None:
    identity = ("given_names", "family_names", "date_of_birth", "document_number")
    records = [
        {k: v for k, v in victim(n).items() if k not in identity} for n in range(1, 4)
    ]
    path = write_records(tmp_path / "statistical.csv", records)

    receipt = submit(path)

    assert receipt.outcome == "stored"
    assert receipt.encoded is False


def test_no_identity_value_reaches_an_error_or_a_log_line(
    ngo: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    records = [victim(n) for n in range(1, 4)]
    records[0]["citizenship"] = "Atlantis"  # the record that carries the names
    invalid = write_records(tmp_path / "invalid.csv", records)
    valid = write_records(tmp_path / "valid.csv", [victim(n) for n in range(1, 4)])
    caplog.set_level(logging.DEBUG)
    said: list[str] = []

    with pytest.raises(InvalidSubmission) as rejected:
        submit(invalid)
    said += [rejected.value.message, json.dumps(rejected.value.issues)]
    with (
        override_settings(PALERMO_REQUIRE_ENCODED=True),
        pytest.raises(InvalidSubmission) as refused,
    ):
        submit(valid)
    said += [refused.value.message, json.dumps(refused.value.issues)]
    receipt = submit(valid)
    said += [json.dumps(receipt.to_dict()), caplog.text]

    for value in IDENTITY_VALUES:
        assert not any(value in text for text in said), value


def test_list_shows_every_version_and_filters_by_period(
    ngo: Any, police: Any, victims_file: MakeFile
) -> None:
    submit(victims_file(rows=2, name="a.csv"), period=2024)
    submit(victims_file(rows=3, name="b.csv"))
    submit(victims_file(rows=4, name="c.csv"))
    submit(
        victims_file(
            rows=5,
            name="p.csv",
            organisation_id="police-paris",
            organisation_type="police",
        ),
        organisation="police-paris",
    )

    listed = [
        (s.reference_period, s.organisation_id, s.version, s.status)
        for s in list_submissions()
    ]
    assert listed == [
        (2024, "ngo-lyon", 1, "current"),
        (2025, "ngo-lyon", 1, "superseded"),
        (2025, "ngo-lyon", 2, "current"),
        (2025, "police-paris", 1, "current"),
    ]
    assert len(list_submissions(period=2024)) == 1
    assert len(list_submissions(period=2025, organisation_id="police-paris")) == 1


def test_it_stores_a_file_in_the_sources_own_vocabulary_through_its_mapping(
    ngo: Any, tmp_path: Path
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Numéro;Date;Statut;Sexe;Nationalité;Exploitation\n"
        "A-1;03/02/2025;présumée;F;Roumanie;Travail forcé\n"
        "A-2;04/02/2025;identifiée;H;Nigeria;Travail forcé|Mendicité forcée\n",
        encoding="cp1252",
    )
    mapping = tmp_path / "ngo-lyon.victims.yaml"
    mapping.write_text(
        """standard_version: "1.0"
kind: victims
file: {format: csv, delimiter: ";", encoding: cp1252, date_format: "%d/%m/%Y",
       multi_separator: "|"}
columns: {"Numéro": source_record_id, "Date": registration_date, "Statut": status,
          "Sexe": sex, "Nationalité": citizenship, "Exploitation": forms_of_exploitation}
constants: {organisation_id: ngo-lyon, organisation_type: ngo}
values:
  status: {"présumée": presumed, "identifiée": identified}
  sex: {"F": female, "H": male}
  forms_of_exploitation: {"Travail forcé": labour, "Mendicité forcée": begging}
""",
        encoding="utf-8",
    )

    receipt = submit(path, mapping=mapping)

    table = records_for_period(2025)
    assert receipt.row_count == 2
    assert table.column("sex").to_pylist() == ["female", "male"]
    assert table.column("citizenship").to_pylist() == ["RO", "NG"]
    assert table.column("forms_of_exploitation").to_pylist() == [
        ["labour"],
        ["labour", "begging"],
    ]
    stored = Submission.objects.get(pk=receipt.submission_id)
    assert "Travail forcé" in stored.mapping


def test_it_reports_issues_in_french_when_asked(ngo: Any, tmp_path: Path) -> None:
    records = [victim(n) for n in range(1, 3)]
    records[0]["sex"] = "walrus"
    path = write_records(tmp_path / "victims.csv", records)

    with pytest.raises(InvalidSubmission) as caught:
        submit(path, lang="fr")

    assert "pas un code de la liste" in caught.value.issues[0]["message"]
