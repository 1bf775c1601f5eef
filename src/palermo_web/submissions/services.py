"""The submission service: validate a file and store it as a new version, or refuse it.

One function, :func:`submit_file`, is what the CLI (``palermo submit``), the web upload
page and the API all call, so that a file is accepted or refused the same way
everywhere. :func:`records_for_period` is how analytics (linkage, tables) read stored
records back out, in bulk, as Arrow.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from palermo.errors import InputError, InvalidSubmission
from palermo.intake import Mapping, load_mapping, read_records
from palermo.standard import (
    STANDARD_VERSION,
    FieldType,
    Kind,
    fields_of,
)
from palermo_web.organisations.models import Organisation
from palermo_web.submissions.checks import (
    check_organisation,
    check_same_key,
    is_encoded,
    key_fingerprint_of,
    refuse_plain_identity,
)
from palermo_web.submissions.models import Submission
from palermo_web.submissions.storage import (
    insert_records,
    read_submission_table,
    storable,
)

logger = logging.getLogger(__name__)

FIRST_PERIOD, LAST_PERIOD = 1900, 2100


@dataclass(frozen=True)
class SubmissionReceipt:
    """What happened to a submitted file.

    Attributes:
        outcome: ``stored`` (a new version) or ``unchanged`` (the same file and mapping
            as the current version: nothing was stored).
        submission_id: the stored version (or the current one when unchanged).
        version: its version number for the organisation, kind and period.
        superseded_version: the version it replaced, if any.
        warnings: how many warnings the validation report holds.
        key_fingerprint: the public fingerprint of an encoded file's linkage key.
    """

    outcome: Literal["stored", "unchanged"]
    submission_id: int
    organisation_id: str
    kind: str
    reference_period: int
    version: int
    row_count: int
    checksum: str
    encoded: bool
    superseded_version: int | None = None
    key_fingerprint: str = ""
    warnings: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by ``palermo submit --json`` and the API."""
        return asdict(self)


def file_checksum(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks so that large files fit in memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _receipt(
    submission: Submission,
    outcome: Literal["stored", "unchanged"],
    superseded: int | None = None,
) -> SubmissionReceipt:
    warnings = sum(
        1 for i in submission.report.get("issues", []) if i.get("severity") == "warning"
    )
    return SubmissionReceipt(
        outcome=outcome,
        submission_id=submission.pk,
        organisation_id=submission.organisation_id,
        kind=submission.kind,
        reference_period=submission.reference_period,
        version=submission.version,
        row_count=submission.row_count,
        checksum=submission.checksum,
        encoded=submission.encoded,
        superseded_version=superseded,
        warnings=warnings,
        key_fingerprint=submission.key_fingerprint,
    )


def _current(organisation: Organisation, kind: Kind, period: int) -> Submission | None:
    return Submission.objects.filter(
        organisation=organisation,
        kind=kind.value,
        reference_period=period,
        status=Submission.Status.CURRENT,
    ).first()


def _is_same(current: Submission | None, checksum: str, mapping: str) -> bool:
    return (
        current is not None
        and current.checksum == checksum
        and current.mapping == mapping
    )


def _period_keys(period: int, replaced: Submission | None) -> list[str]:
    """Key fingerprints of the period's current encoded submissions, except the one
    the new version replaces (a source may re-encode its own file)."""
    query = Submission.objects.filter(
        reference_period=period, status=Submission.Status.CURRENT, encoded=True
    ).exclude(key_fingerprint="")
    if replaced is not None:
        query = query.exclude(pk=replaced.pk)
    return list(query.values_list("key_fingerprint", flat=True).distinct())


def _organisation(organisation_id: str) -> Organisation:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise InputError(
            f"unknown organisation {organisation_id!r}: register it first with "
            f"`palermo org add {organisation_id} --name NAME --type TYPE`"
        )
    return organisation


def _validated_table(
    path: Path, kind: Kind, mapping: Mapping | None, lang: str
) -> tuple[pa.Table, dict[str, Any]]:
    result = read_records(path, kind, mapping, lang=lang)
    report = result.report.to_dict()
    if not result.report.is_valid or result.table is None:
        errors = sum(1 for i in report["issues"] if i["severity"] == "error")
        raise InvalidSubmission(
            f"{path.name} is not valid ({errors} error(s)); the file was rejected "
            "whole and nothing was stored.",
            issues=report["issues"],
        )
    return result.table, report


def submit_file(
    path: Path,
    *,
    kind: Kind | str,
    organisation_id: str,
    period: int,
    mapping: Mapping | Path | None = None,
    submitted_by: str = "",
    lang: str = "en",
    require_encoded: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SubmissionReceipt:
    """Validate a file and store it as the organisation's current submission.

    An invalid file is rejected whole and nothing is stored. A file for an
    organisation, kind and period that already has a submission becomes a new version
    that supersedes it (the old one stays stored and listable). The same file with the
    same mapping as the current version is a no-op that says so. Everything is written
    in one transaction, so a failure or a kill part-way leaves the hub as it was.

    Args:
        path: the file (CSV, XLSX, JSON or Parquet).
        kind: victims, suspects or proceedings.
        organisation_id: a registered organisation (``palermo org add``).
        period: the reference period (a year).
        mapping: the organisation's mapping (a :class:`~palermo.intake.Mapping` or the
            path of its YAML file), if its vocabulary is not the standard's.
        submitted_by: who submits (a user name), kept with the submission.
        lang: language of the validation messages ("en" or "fr").
        require_encoded: refuse plain identity fields; defaults to the hub's
            ``PALERMO_REQUIRE_ENCODED`` setting. An encoded file must carry the
            fingerprint of its key: the hub's ``PALERMO_LINKAGE_KEY_FINGERPRINT``
            when set, else the one of the period's current encoded submissions
            (files of two keys cannot be linked).
        progress: called with the number of records written so far and the total.

    Returns:
        A :class:`SubmissionReceipt` saying whether a new version was stored.

    Raises:
        InvalidSubmission: the file failed validation, holds plain identity fields when
            the hub requires encodings, is encoded with another linkage key, or
            names another organisation; ``issues``
            holds the report. Nothing was stored.
        InputError: unknown organisation, kind or period, or an unreadable file.
    """
    try:
        kind = Kind(kind)
    except ValueError:
        raise InputError(
            f"unknown kind {kind!r}; expected one of {', '.join(Kind)}"
        ) from None
    if not FIRST_PERIOD <= period <= LAST_PERIOD:
        raise InputError(
            f"reference period {period} is not a year between {FIRST_PERIOD} and "
            f"{LAST_PERIOD}"
        )
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    if require_encoded is None:
        require_encoded = bool(settings.PALERMO_REQUIRE_ENCODED)
    organisation = _organisation(organisation_id)
    checksum = file_checksum(path)
    # The mapping is kept verbatim with the submission: a file read with another
    # mapping is another submission, even with the same checksum.
    if isinstance(mapping, Path):
        mapping_text = mapping.read_text(encoding="utf-8")
        mapping = load_mapping(mapping)
    else:
        mapping_text = mapping.to_yaml() if mapping is not None else ""

    # The cheap check first: the same file again needs no validation.
    current = _current(organisation, kind, period)
    if current is not None and _is_same(current, checksum, mapping_text):
        logger.info("submission unchanged: same file as %s", current)
        return _receipt(current, "unchanged")

    # Reading and validating happen outside the transaction, so the database is
    # locked only while records are written.
    table, report = _validated_table(path, kind, mapping, lang)
    check_organisation(table, organisation, path.name)
    if require_encoded:
        refuse_plain_identity(table, kind, path.name)
    encoded = is_encoded(table, kind)
    fingerprint = (
        key_fingerprint_of(path, settings.PALERMO_LINKAGE_KEY_FINGERPRINT)
        if encoded
        else ""
    )
    table, columns = storable(table)

    with transaction.atomic():
        # Serialise submissions of one organisation (a row lock on PostgreSQL; SQLite
        # already holds its write lock from BEGIN IMMEDIATE).
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        current = _current(organisation, kind, period)
        if current is not None and _is_same(current, checksum, mapping_text):
            return _receipt(current, "unchanged")
        if encoded:
            check_same_key(fingerprint, _period_keys(period, current), path.name)
        latest = Submission.objects.filter(
            organisation=organisation, kind=kind.value, reference_period=period
        ).aggregate(latest=Max("version"))["latest"]
        now = timezone.now()
        if current is not None:
            current.supersede(at=now)
        submission = Submission.objects.create(
            organisation=organisation,
            kind=kind.value,
            reference_period=period,
            version=(latest or 0) + 1,
            status=Submission.Status.CURRENT,
            checksum=checksum,
            file_name=path.name,
            row_count=table.num_rows,
            submitted_by=submitted_by,
            submitted_at=now,
            mapping=mapping_text,
            encoded=encoded,
            key_fingerprint=fingerprint,
            standard_version=STANDARD_VERSION,
            columns=columns,
            report=report,
        )
        insert_records(submission.pk, table, columns, progress=progress)
    logger.info(
        "stored %s: %d records%s",
        submission,
        submission.row_count,
        f", superseding version {current.version}" if current is not None else "",
    )
    return _receipt(
        submission, "stored", current.version if current is not None else None
    )


def list_submissions(
    *,
    period: int | None = None,
    organisation_id: str | None = None,
    kind: Kind | str | None = None,
) -> list[Submission]:
    """Stored submissions, every version, by period, organisation, kind and version."""
    query = Submission.objects.select_related("organisation")
    if period is not None:
        query = query.filter(reference_period=period)
    if organisation_id is not None:
        query = query.filter(organisation_id=organisation_id)
    if kind is not None:
        query = query.filter(kind=Kind(kind).value)
    return list(query)


_ARROW_TYPES = {
    FieldType.STRING: pa.string(),
    FieldType.CODE: pa.string(),
    FieldType.CODES: pa.list_(pa.string()),
    FieldType.DATE: pa.date32(),
    FieldType.INTEGER: pa.int64(),
    FieldType.NUMBER: pa.float64(),
}


def _standard_schema(kind: Kind) -> pa.Schema:
    return pa.schema([(f.name, _ARROW_TYPES[f.type]) for f in fields_of(kind)])


def records_for_period(period: int, kind: Kind | str = Kind.VICTIMS) -> pa.Table:
    """The current records of one kind for a reference period, from every organisation.

    Args:
        period: the reference period (a year).
        kind: victims, suspects or proceedings.

    Returns:
        One Arrow table: the standard fields of the kind (in standard order, with their
        standard types), then any other stored columns (the keyed encodings of encoded
        submissions; null where a submission lacks them), then ``source``, the id of
        the organisation that submitted each record. Superseded versions are left out.
    """
    kind = Kind(kind)
    submissions = Submission.objects.filter(
        kind=kind.value, reference_period=period, status=Submission.Status.CURRENT
    ).order_by("organisation_id")
    standard = _standard_schema(kind)
    tables = [standard.empty_table()]
    for submission in submissions:
        table = read_submission_table(submission.pk, submission.columns)
        source = pa.repeat(pa.scalar(submission.organisation_id), table.num_rows)
        tables.append(table.append_column("source", source))
    combined = pa.concat_tables(tables, promote_options="permissive")
    if "source" not in combined.column_names:
        combined = combined.append_column("source", pa.array([], pa.string()))
    others = [
        n for n in combined.column_names if n not in standard.names and n != "source"
    ]
    return combined.select([*standard.names, *others, "source"])
