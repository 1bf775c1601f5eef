"""Capture histories: who was seen by which lists, counted.

The layout is the one of ``../shared/data/mse/*.csv``: one 0/1 column per list and a last
column ``count``, one row per observed pattern. Patterns not listed were seen by nobody;
the all-zero pattern (people seen by no list) is what multiple systems estimation
estimates, so it can never be observed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from palermo.errors import InputError
from palermo.estimate.model import MAX_LISTS, FloatArray, cells_of

COUNT = "count"
CAPTURE_PREFIX = "cap_"


@dataclass(frozen=True, eq=False)
class CaptureHistories:
    """Counts of every capture history of K lists.

    Attributes:
        lists: Names of the lists, in column order.
        counts: Count of every non-empty capture history, in canonical cell order
            (:func:`palermo.estimate.model.cells_of`), zeros included.
    """

    lists: tuple[str, ...]
    counts: FloatArray

    @property
    def n_lists(self) -> int:
        """Number of lists."""
        return len(self.lists)

    @property
    def observed(self) -> int:
        """Number of people seen by at least one list."""
        return int(self.counts.sum())

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> CaptureHistories:
        """Read the counts layout, checking every value.

        Raises:
            InputError: With one issue per bad value (row, column, value, expected).
        """
        columns = [str(c) for c in frame.columns]
        if COUNT not in columns:
            raise InputError(
                f"capture histories need a column {COUNT!r} with the number of people "
                f"of each pattern; the columns are {columns}"
            )
        lists = tuple(c for c in columns if c != COUNT)
        if len(lists) < 2:
            raise InputError(
                "multiple systems estimation needs at least two lists; "
                f"found {len(lists)}"
            )
        if len(lists) > MAX_LISTS:
            raise InputError(
                f"{len(lists)} lists is more than the {MAX_LISTS} supported; "
                "merge small lists that work alike"
            )
        issues = _layout_issues(frame, lists)
        if issues:
            first = issues[0]
            raise InputError(
                f"{len(issues)} problem(s) in the capture histories; first: row "
                f"{first['row']}, column {first['column']!r}: {first['message']}",
                issues=issues,
            )
        index = {cell: i for i, cell in enumerate(cells_of(len(lists)))}
        counts = np.zeros(len(index))
        patterns = frame[list(lists)].to_numpy(dtype=np.int64)
        for pattern, count in zip(
            patterns, frame[COUNT].to_numpy(dtype=np.float64), strict=True
        ):
            cell = tuple(int(j) for j in np.flatnonzero(pattern))
            if cell:
                counts[index[cell]] += count
        if counts.sum() == 0:
            raise InputError("the capture histories count nobody")
        counts.setflags(write=False)
        return cls(lists=lists, counts=counts)

    def to_frame(self) -> pd.DataFrame:
        """The counts layout: observed patterns only, in canonical order."""
        rows = []
        for cell, count in zip(cells_of(self.n_lists), self.counts, strict=True):
            if count > 0:
                row = [1 if j in cell else 0 for j in range(self.n_lists)]
                rows.append([*row, int(count)])
        return pd.DataFrame(rows, columns=[*self.lists, COUNT])

    def fingerprint(self) -> str:
        """SHA-256 of the list names and the counts (changes when the data change)."""
        digest = hashlib.sha256()
        digest.update("\x1f".join(self.lists).encode())
        digest.update(np.ascontiguousarray(self.counts, dtype=np.float64).tobytes())
        return digest.hexdigest()


def _layout_issues(frame: pd.DataFrame, lists: Sequence[str]) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = []
    for position, (_, row) in enumerate(frame.iterrows(), start=1):
        seen = 0
        for column in lists:
            value = row[column]
            if not _is_whole(value) or float(value) not in (0.0, 1.0):
                issues.append(
                    {
                        "row": position,
                        "column": column,
                        "value": _show(value),
                        "code": "not_binary",
                        "message": "expected 0 (not on this list) or 1 (on it)",
                    }
                )
            elif float(value) == 1.0:
                seen += 1
        count = row[COUNT]
        if not _is_whole(count) or float(count) < 0:
            issues.append(
                {
                    "row": position,
                    "column": COUNT,
                    "value": _show(count),
                    "code": "bad_count",
                    "message": "expected a whole number of people, 0 or more",
                }
            )
        elif seen == 0 and float(count) > 0 and not _row_has_issue(issues, position):
            issues.append(
                {
                    "row": position,
                    "column": COUNT,
                    "value": _show(count),
                    "code": "unseen_pattern",
                    "message": "people on no list cannot be counted: that is the "
                    "number being estimated",
                }
            )
    return issues


def _row_has_issue(issues: list[dict[str, Any]], position: int) -> bool:
    return any(issue["row"] == position for issue in issues)


def _is_whole(value: object) -> bool:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return bool(np.isfinite(number)) and number == int(number)


def _show(value: object) -> str:
    return (
        ""
        if value is None or (isinstance(value, float) and np.isnan(value))
        else str(value)
    )


def read_capture_histories(path: str | Path) -> pd.DataFrame:
    """Read a capture-history CSV in the counts layout and check it.

    Args:
        path: A CSV with one 0/1 column per list and a column ``count``.

    Returns:
        The table, observed patterns only, duplicates summed, canonical order.

    Raises:
        InputError: The file is missing, unreadable or breaks the layout.
    """
    source = Path(path)
    if not source.is_file():
        raise InputError(f"no such file: {source}")
    try:
        frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    except (
        pd.errors.ParserError,
        UnicodeDecodeError,
        pd.errors.EmptyDataError,
    ) as error:
        raise InputError(f"cannot read {source.name} as CSV: {error}") from error
    frame = frame.apply(lambda column: column.str.strip())
    return CaptureHistories.from_frame(frame).to_frame()


def read_persons_captures(
    path: str | Path, by: str | None = None, what: str = "persons table"
) -> pa.Table:
    """Read the capture columns (and the stratum column ``by``) of ``persons.parquet``.

    Only those columns are read: a country's persons table can be large, and the
    estimate needs nothing else.

    Raises:
        InputError: The file is missing or not Parquet, has fewer than two
            ``cap_<organisation>`` columns, or has no column ``by``.
    """
    import pyarrow.parquet as pq

    source = Path(path)
    if not source.is_file():
        raise InputError(f"no {what} at {source}")
    try:
        names = pq.read_schema(source).names
    except (pa.ArrowInvalid, OSError) as error:
        raise InputError(f"cannot read {source.name} as Parquet: {error}") from error
    captures = [name for name in names if name.startswith(CAPTURE_PREFIX)]
    if len(captures) < 2:
        raise InputError(
            f"{source.name} has {len(captures)} capture column(s); multiple systems "
            "estimation needs one 0/1 column cap_<organisation> per source, at least "
            "two (linkage's persons.parquet has them)"
        )
    if by is not None and by not in names:
        raise InputError(
            f"{source.name} has no column {by!r} to stratify by; it has "
            f"{', '.join(n for n in names if not n.startswith(CAPTURE_PREFIX))}"
        )
    return pq.read_table(source, columns=[*captures, *([by] if by else [])])


def capture_histories(
    persons: pa.Table | pd.DataFrame, lists: Sequence[str] | None = None
) -> pd.DataFrame:
    """Count the capture histories of a persons table.

    Args:
        persons: The persons table of linkage, with one ``cap_<organisation>`` 0/1
            column per source organisation.
        lists: The organisations to use as lists (with or without the ``cap_``
            prefix); all of them when omitted. People seen by none of the chosen
            lists are left out.

    Returns:
        The counts layout: one 0/1 column per list (named without the prefix) and
        ``count``, one row per observed pattern.

    Raises:
        InputError: A named list is missing or a capture column holds something other
            than 0 and 1.
    """
    frame = persons.to_pandas() if isinstance(persons, pa.Table) else persons
    frame = frame.reset_index(drop=True)
    available = [str(c) for c in frame.columns if str(c).startswith(CAPTURE_PREFIX)]
    if lists is None:
        chosen = available
    else:
        chosen = [
            name if name.startswith(CAPTURE_PREFIX) else CAPTURE_PREFIX + name
            for name in lists
        ]
        missing = [name for name in chosen if name not in available]
        if missing:
            raise InputError(
                f"the persons table has no capture column {missing}; it has {available}"
            )
    if len(chosen) < 2:
        raise InputError(
            "multiple systems estimation needs at least two lists (cap_* columns); "
            f"found {len(chosen)}"
        )
    names = [name[len(CAPTURE_PREFIX) :] for name in chosen]
    captures = frame[chosen].rename(columns=dict(zip(chosen, names, strict=True)))
    issues = [
        {
            "row": int(row) + 1,
            "column": CAPTURE_PREFIX + column,
            "value": _show(captures.at[row, column]),
            "code": "not_binary",
            "message": "expected 0 or 1",
        }
        for column in names
        for row in captures.index[~captures[column].isin([0, 1])]
    ]
    if issues:
        raise InputError(
            f"{len(issues)} capture value(s) are not 0 or 1; first: row "
            f"{issues[0]['row']}, column {issues[0]['column']!r}",
            issues=issues,
        )
    captures = captures.astype(np.int64)
    captures = captures[captures.sum(axis=1) > 0]
    if captures.empty:
        raise InputError("nobody in the persons table is on any of the chosen lists")
    grouped = captures.groupby(names, sort=False).size().reset_index(name=COUNT)
    return CaptureHistories.from_frame(grouped).to_frame()
