"""What every reader returns: a file read as strings, or the issue that stopped it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NoReturn

import pyarrow as pa

from palermo.errors import InputError
from palermo.intake.issues import Issue, IssueCode, make_issue


class UnreadableFile(InputError):
    """The file cannot be read as a table at all; ``issue`` says why (and where)."""

    def __init__(self, issue: Issue):
        super().__init__(issue.message, issues=[issue.to_dict()])
        self.issue = issue


@dataclass
class RawTable:
    """A file read as strings, before mapping and validation.

    Attributes:
        header: the column names as written in the file, in file order.
        table: one string column per header entry, in the same order (its own column
            names are positional and carry no meaning).
        row_numbers: for each record, the row the user sees in their file.
        format: csv, xlsx, json or parquet (from the content).
        encoding, delimiter, sheet: what was used to read the file, where relevant.
        issues: problems met while reading that did not stop it (malformed rows,
            duplicate or unnamed columns).
        encoded: the keyed identity encodings of a file ``palermo encode`` wrote
            (binary filters, integer tokens), by name, untouched: they are not text
            and never mapped, and validation passes them on beside the standard
            fields.
    """

    header: list[str]
    table: pa.Table
    row_numbers: pa.Array
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    issues: list[Issue] = field(default_factory=list)
    encoded: dict[str, pa.ChunkedArray] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        """The number of records."""
        return int(self.table.num_rows)


def fail(code: IssueCode, lang: str, row: int | None = None, **params: Any) -> NoReturn:
    raise UnreadableFile(make_issue(code, row=row, lang=lang, **params))
