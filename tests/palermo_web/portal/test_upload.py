"""Uploading through the web: the report, whole acceptance or rejection, versions."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from palermo_web.audit.models import AuditEvent
from palermo_web.portal.models import SavedMapping, Upload
from palermo_web.submissions.models import Submission
from tests.palermo_web.personas import logged_in
from tests.palermo_web.records import IDENTITY_VALUES, victim, write_records

pytestmark = pytest.mark.django_db


def _csv(
    tmp_path: Path, rows: int = 5, name: str = "victims.csv", **values: str
) -> bytes:
    path = write_records(
        tmp_path / name, [victim(n, **values) for n in range(1, rows + 1)]
    )
    return path.read_bytes()


def _post(client: Any, content: bytes, name: str = "victims.csv", **fields: Any) -> Any:
    data = {"kind": "victims", "period": "2025", "use_saved_mapping": "on", **fields}
    data["file"] = SimpleUploadedFile(name, content)
    return client.post("/submissions/new/", data, follow=True)


def test_a_file_with_errors_is_rejected_whole_and_its_report_shows_row_column_and_code(
    submitter: Any, tmp_path: Path
) -> None:
    content = _csv(tmp_path, citizenship="Atlantis")
    page = _post(logged_in(submitter), content)
    html = page.content.decode()
    assert "rejected" in html
    assert "citizenship" in html
    upload = Upload.objects.get()
    assert upload.outcome == "rejected"
    assert upload.issues
    assert {i["column"] for i in upload.issues if i["severity"] == "error"} == {
        "citizenship"
    }
    assert all(i["row"] for i in upload.issues)
    assert not Submission.objects.exists()


def test_the_report_never_shows_an_identity_value(
    submitter: Any, tmp_path: Path
) -> None:
    content = _csv(tmp_path, date_of_birth="not a date", citizenship="Atlantis")
    page = _post(logged_in(submitter), content)
    html = page.content.decode()
    for value in IDENTITY_VALUES:
        assert value not in html
    upload = Upload.objects.get()
    for issue in upload.issues:
        if issue["column"] == "date_of_birth":
            assert "value" not in issue


def test_the_corrected_file_is_accepted_and_a_second_one_becomes_version_two(
    submitter: Any, tmp_path: Path
) -> None:
    client = logged_in(submitter)
    _post(client, _csv(tmp_path, citizenship="Atlantis"))
    accepted = _post(client, _csv(tmp_path))
    assert "5 records accepted" in accepted.content.decode()
    _post(client, _csv(tmp_path, rows=6))
    versions = list(
        Submission.objects.order_by("version").values_list("version", "status")
    )
    assert versions == [(1, "superseded"), (2, "current")]
    history = client.get(
        f"/submissions/{Submission.objects.get(version=2).pk}/"
    ).content.decode()
    assert "v1" in history
    assert "v2" in history
    assert AuditEvent.objects.filter(object_type="upload", action="create").count() == 3


def test_the_same_file_again_is_unchanged(submitter: Any, tmp_path: Path) -> None:
    client = logged_in(submitter)
    _post(client, _csv(tmp_path))
    _post(client, _csv(tmp_path))
    assert list(Upload.objects.order_by("id").values_list("outcome", flat=True)) == [
        "accepted",
        "unchanged",
    ]


def test_the_type_comes_from_the_bytes_not_the_extension(
    submitter: Any, tmp_path: Path
) -> None:
    client = logged_in(submitter)
    page = _post(client, _csv(tmp_path), name="victims.xlsx")
    assert Upload.objects.get().file_format == "csv"
    assert Upload.objects.get().outcome == "accepted", page.content.decode()[:2000]


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n%\xe2\xe3\n1 0 obj",
        b"\x7fELF\x02\x01\x01\x00\x00\x00",
        b"PK\x03\x04notanxlsx",
        b"",
    ],
)
def test_a_file_that_is_not_data_is_refused_before_reading(
    submitter: Any, content: bytes
) -> None:
    response = _post(logged_in(submitter), content, name="victims.csv")
    assert response.status_code in {400, 415}
    assert not Upload.objects.exists()


def test_a_file_over_the_size_limit_is_refused(
    submitter: Any, settings: Any, tmp_path: Path
) -> None:
    settings.PALERMO_UPLOAD_MAX_BYTES = 100
    response = _post(logged_in(submitter), _csv(tmp_path))
    assert response.status_code == 413
    assert not Submission.objects.exists()


def _refusal() -> AuditEvent:
    event = AuditEvent.objects.get(object_type="upload")
    assert (event.action, event.actor, event.organisation) == (
        "create",
        "nadia",
        "ngo-lyon",
    )
    assert event.detail["outcome"] == "refused"
    return event


def test_a_refused_upload_is_audited_without_its_name_or_content(
    submitter: Any, tmp_path: Path
) -> None:
    content = b"%PDF-1.7 " + IDENTITY_VALUES[0].encode()
    _post(logged_in(submitter), content, name=f"{IDENTITY_VALUES[0]}.csv")
    event = _refusal()
    assert event.detail == {
        "outcome": "refused",
        "status": 415,
        "reason": "format",
        "bytes": len(content),
    }


def test_an_upload_over_the_size_limit_is_audited(
    submitter: Any, settings: Any, tmp_path: Path
) -> None:
    settings.PALERMO_UPLOAD_MAX_BYTES = 100
    _post(logged_in(submitter), _csv(tmp_path))
    assert _refusal().detail["reason"] == "size"


def test_an_upload_refused_through_the_api_is_audited(
    submitter: Any, settings: Any, tmp_path: Path
) -> None:
    settings.PALERMO_UPLOAD_MAX_BYTES = 100
    response = logged_in(submitter).post(
        "/api/submissions",
        {
            "kind": "victims",
            "period": "2025",
            "file": SimpleUploadedFile("v.csv", _csv(tmp_path)),
        },
    )
    assert response.status_code == 413
    assert _refusal().detail["status"] == 413


def test_uploaded_files_are_not_kept_on_disk(
    submitter: Any, settings: Any, tmp_path: Path
) -> None:
    settings.PALERMO_HOME = tmp_path / "home"
    _post(logged_in(submitter), _csv(tmp_path))
    assert list((tmp_path / "home" / "uploads").iterdir()) == []


def test_the_saved_mapping_is_used_to_read_the_file(
    submitter: Any, ngo_org: Any, tmp_path: Path
) -> None:
    client = logged_in(submitter)
    mapping = "standard_version: '1.0'\nkind: victims\ncolumns: {Sexe: sex}\nvalues:\n  sex: {F: female, H: male}\n"
    saved = client.post("/submissions/mappings/ngo-lyon/victims/", {"text": mapping})
    assert saved.status_code == 302
    assert SavedMapping.objects.get().text == mapping
    records = [victim(n) for n in range(1, 4)]
    for r in records:
        r["Sexe"] = "F" if r.pop("sex") == "female" else "H"
    content = write_records(tmp_path / "fr.csv", records).read_bytes()
    _post(client, content)
    assert Upload.objects.get().outcome == "accepted", Upload.objects.get().issues
    download = client.get("/submissions/mappings/ngo-lyon/victims.yaml")
    assert download.content.decode() == mapping


def test_a_mapping_the_intake_cannot_read_is_not_saved(submitter: Any) -> None:
    client = logged_in(submitter)
    page = client.post(
        "/submissions/mappings/ngo-lyon/victims/", {"text": "kind: [unclosed"}
    )
    assert page.status_code == 200
    assert not SavedMapping.objects.exists()


def test_an_api_client_submits_with_a_token_and_gets_the_report(
    submitter: Any, tmp_path: Path
) -> None:
    from django.test import Client

    from palermo_web.accounts.models import ApiToken

    _token, key = ApiToken.issue(submitter, "robot")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    bad = Client().post(
        "/api/submissions",
        {
            "kind": "victims",
            "period": 2025,
            "file": io.BytesIO(_csv(tmp_path, citizenship="Atlantis")),
        },
        **auth,
    )
    assert bad.status_code == 422
    assert bad.json()["issues"][0]["column"] == "citizenship"
    good = Client().post(
        "/api/submissions",
        {"kind": "victims", "period": 2025, "file": io.BytesIO(_csv(tmp_path))},
        **auth,
    )
    assert good.status_code == 201
    assert good.json()["rows"] == 5


def test_a_french_speaker_reads_the_report_in_french(
    submitter: Any, tmp_path: Path
) -> None:
    client = logged_in(submitter)
    client.post("/language/", {"language": "fr"})
    _post(client, _csv(tmp_path, citizenship="Atlantis"))
    english = Upload.objects.get().issues[0]["message"]
    client.post("/language/", {"language": "en"})
    _post(client, _csv(tmp_path, citizenship="Atlantis"))
    assert Upload.objects.order_by("id").last().issues[0]["message"] != english


def test_a_submitter_downloads_the_excel_template_of_a_kind(submitter: Any) -> None:
    from openpyxl import load_workbook

    client = logged_in(submitter)
    response = client.get("/submissions/templates/victims.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert "victims" in book.sheetnames
    assert client.get("/submissions/templates/nonsense.xlsx").status_code == 404
    api = client.get("/api/templates/suspects")
    assert api.status_code == 200
    assert "suspects" in load_workbook(io.BytesIO(api.content)).sheetnames
