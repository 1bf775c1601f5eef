"""Receiving a file through the web or the API: one path for both.

The file is written under a directory the hub chooses (``PALERMO_HOME/uploads/<random>``)
with a cleaned name and the extension of what its bytes are, handed to the same
submission service as ``palermo submit``, and removed afterwards: the hub never keeps
or serves back an uploaded file.
"""

from __future__ import annotations

import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from palermo.errors import InvalidSubmission, PalermoError
from palermo.standard import Kind, identity_fields
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.portal.models import SavedMapping, Upload
from palermo_web.portal.sniff import NotAcceptedFormat, sniff
from palermo_web.submissions.services import submit_file


class UploadRefused(Exception):
    """The upload is refused before validation (too large, not a data file)."""

    def __init__(self, message: str, status: int = 400, reason: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.reason = reason  # a code for the audit log: "size" or "format"


def audit_refusal(
    http_request: HttpRequest, organisation: Any, refused: UploadRefused, size: int
) -> None:
    """Log a refused upload as a write that did not happen.

    The event says why and how large the file was; never its name or content, which
    may hold identities.
    """
    record(
        http_request,
        Action.CREATE,
        "upload",
        organisation=organisation.pk if organisation is not None else "",
        detail={
            "outcome": "refused",
            "status": refused.status,
            "reason": refused.reason,
            "bytes": size,
        },
    )


@dataclass(frozen=True)
class UploadRequest:
    organisation: Any
    kind: Kind
    period: int
    user: Any
    use_saved_mapping: bool = True
    language: str = "en"  # of the validation report's messages


def uploads_dir() -> Path:
    return Path(settings.PALERMO_HOME) / "uploads"


def safe_issues(issues: list[dict[str, Any]], kind: Kind) -> list[dict[str, Any]]:
    """The report's issues without any value of an identity field (plain or encoded)."""
    identity = tuple(identity_fields(kind))
    cleaned = []
    for issue in issues:
        column = str(issue.get("column") or "")
        item = {
            k: issue.get(k) for k in ("row", "column", "code", "severity", "message")
        }
        if not column.startswith(identity):
            item["value"] = issue.get("value")
        cleaned.append(item)
    return cleaned


def check_size(size: int) -> None:
    limit = settings.PALERMO_UPLOAD_MAX_BYTES
    if size > limit:
        raise UploadRefused(
            _("The file is larger than the limit of %(mb)d MB.")
            % {"mb": limit // 2**20},
            status=413,
            reason="size",
        )


def receive(file: UploadedFile, request: UploadRequest) -> Upload:
    """Validate and store one uploaded file; the Upload row says what happened."""
    check_size(file.size or 0)
    folder = uploads_dir() / secrets.token_hex(16)
    folder.mkdir(parents=True, mode=0o700)
    started = time.perf_counter()
    try:
        raw = folder / "upload.bin"
        with raw.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
        try:
            file_format = sniff(raw)
        except NotAcceptedFormat as error:
            raise UploadRefused(
                _("This is not a CSV, Excel (XLSX), JSON or Parquet file (%(why)s).")
                % {"why": str(error)},
                status=415,
                reason="format",
            ) from None
        stem = get_valid_filename(Path(file.name or "upload").stem)[:100] or "upload"
        path = raw.rename(folder / f"{stem}.{file_format}")
        mapping_path = _saved_mapping(folder, request)
        return _submit(
            path, mapping_path, file_format, request, started, file.name or stem
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _saved_mapping(folder: Path, request: UploadRequest) -> Path | None:
    if not request.use_saved_mapping:
        return None
    saved = SavedMapping.objects.filter(
        organisation=request.organisation, kind=request.kind.value
    ).first()
    if saved is None:
        return None
    path = folder / "mapping.yaml"
    path.write_text(saved.text, encoding="utf-8")
    return path


def _submit(
    path: Path,
    mapping_path: Path | None,
    file_format: str,
    request: UploadRequest,
    started: float,
    original_name: str,
) -> Upload:
    upload = Upload(
        organisation=request.organisation,
        kind=request.kind.value,
        reference_period=request.period,
        file_name=Path(original_name).name[:255],
        file_format=file_format,
        size=path.stat().st_size,
        uploaded_by=request.user
        if getattr(request.user, "is_authenticated", False)
        else None,
    )
    try:
        receipt = submit_file(
            path,
            kind=request.kind,
            organisation_id=request.organisation.pk,
            period=request.period,
            mapping=mapping_path,
            submitted_by=request.user.get_username(),
            lang=request.language if request.language in {"en", "fr"} else "en",
        )
    except InvalidSubmission as error:
        upload.outcome = Upload.Outcome.REJECTED
        upload.message = error.message
        upload.issues = safe_issues(error.issues, request.kind)
    except PalermoError as error:
        upload.outcome = Upload.Outcome.REJECTED
        upload.message = error.message
        upload.issues = safe_issues(error.issues, request.kind)
    else:
        upload.outcome = (
            Upload.Outcome.ACCEPTED
            if receipt.outcome == "stored"
            else Upload.Outcome.UNCHANGED
        )
        upload.rows = receipt.row_count
        upload.submission_id = receipt.submission_id
        from palermo_web.submissions.models import Submission

        report = (
            Submission.objects.filter(pk=receipt.submission_id)
            .values_list("report", flat=True)
            .first()
            or {}
        )
        upload.issues = safe_issues(report.get("issues", []), request.kind)
    upload.seconds = time.perf_counter() - started
    upload.save()
    return upload
