"""Clerical decisions uploaded by an analyst: checked, stored per period, applied by runs.

The file is the one ``palermo link --clerical`` reads (``source_l``, ``record_id_l``,
``source_r``, ``record_id_r``, ``decision``: the review pairs file with its ``decision``
column filled). It is checked with the core's own reader, so the hub accepts exactly
what the CLI does; only those five columns are stored, whatever else the file holds
(the review file's weights are of no use to later runs).
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.csv as pacsv
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.errors import InputError
from palermo.linkage import ClericalDecisions
from palermo.linkage.review import DECISION_COLUMNS
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.runs import models

MAX_BYTES = 20 * 2**20
MAX_ERRORS = 20  # listed on the page; the rest are counted


@dataclass(frozen=True)
class Checked:
    content: str  # the five columns as CSV, decided rows only
    decisions: ClericalDecisions
    sha256: str


class InvalidDecisions(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def check(data: bytes) -> Checked:
    """Read and check a decisions file; every problem names its row and column.

    Raises:
        InvalidDecisions: the file cannot be read, lacks a column, or has rows whose
            decision is not same / not_same or whose pair is incomplete.
    """
    if len(data) > MAX_BYTES:
        raise InvalidDecisions(
            [_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 2**20}]
        )
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in DECISION_COLUMNS},
                strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError):
        raise InvalidDecisions([_("This file cannot be read as CSV.")]) from None
    missing = [c for c in DECISION_COLUMNS if c not in table.column_names]
    if missing:
        raise InvalidDecisions(
            [_("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)}]
        )
    rows = table.select(list(DECISION_COLUMNS)).to_pylist()
    errors: list[str] = []
    decided = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        if row["decision"] is None or not str(row["decision"]).strip():
            continue
        decided.append(row)
        for column in DECISION_COLUMNS[:4]:
            if row[column] is None or not str(row[column]).strip():
                errors.append(
                    _("Row %(row)d, column %(column)s: empty.")
                    % {"row": number, "column": column}
                )
        try:
            ClericalDecisions.from_table(pa.Table.from_pylist([row]))
        except InputError:
            errors.append(
                _("Row %(row)d, column decision: expected same or not_same.")
                % {"row": number}
            )
    if errors:
        more = len(errors) - MAX_ERRORS
        shown = errors[:MAX_ERRORS]
        if more > 0:
            shown.append(_("… and %(n)d more.") % {"n": more})
        raise InvalidDecisions(shown)
    content = _as_csv(decided)
    return Checked(
        content=content,
        decisions=parse_stored(content),
        sha256=hashlib.sha256(content.encode()).hexdigest(),
    )


def _as_csv(rows: list[dict[str, str | None]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(DECISION_COLUMNS))
    writer.writeheader()
    for row in rows:
        writer.writerow({c: (row[c] or "").strip() for c in DECISION_COLUMNS})
    return out.getvalue()


def parse_stored(content: str) -> ClericalDecisions:
    """The decisions of a stored file (checked when it was uploaded)."""
    table = pacsv.read_csv(
        io.BytesIO(content.encode()),
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in DECISION_COLUMNS}
        ),
    )
    return ClericalDecisions.from_table(table)


def receive(request: HttpRequest, period: int, data: bytes) -> Checked:
    """Check a decisions file and store it for ``period`` (page and API), audited.

    Raises:
        InvalidDecisions: the file was refused (audited as rejected; nothing stored).
    """
    try:
        checked = check(data)
    except InvalidDecisions as invalid:
        record(
            request,
            Action.UPDATE,
            "clerical_decisions",
            period,
            detail={"outcome": "rejected", "errors": len(invalid.errors)},
        )
        raise
    same, not_same = len(checked.decisions.same), len(checked.decisions.not_same)
    models.ClericalDecisions.objects.update_or_create(
        period=period,
        defaults={
            "content": checked.content,
            "same": same,
            "not_same": not_same,
            "sha256": checked.sha256,
            "uploaded_by": request.user,
            "uploaded_at": timezone.now(),
        },
    )
    record(
        request,
        Action.UPDATE,
        "clerical_decisions",
        period,
        detail={
            "outcome": "stored",
            "same": same,
            "not_same": not_same,
            "sha256": checked.sha256,
        },
    )
    return checked
