"""The case list, newest first, fast with 100,000 cases (issue 9's benchmark).

A caseworker sees a case because their organisation owns it, decides on it, or had it
referred to it (``access``). One query with those three conditions joined by OR makes
the database read every visible case's row, to count them and to sort them: a
competent authority that decides on every case in the country waited over half a
second for a filtered page, two for a deep one. Here the three ways are disjoint parts
(``case_parts_for``): the count is the sum of their counts, and a page is one
``UNION ALL`` of the parts, newest first, that the database merges from the parts'
indexes (on SQLite, the owner's and the authority's parts read nothing but the case
list's covering indexes). The page's cases are then fetched by key, without the wide
columns (screening) the list never shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q, QuerySet

from palermo_web.cases.access import case_parts_for
from palermo_web.cases.models import Case

# What a list row shows (the page and the API's summaries); the rest stays on disk.
LISTED = (
    "id",
    "registered_at",
    "status",
    "age_status",
    "owner_id",
    "owner__name",
    "next_deadline_kind",
    "next_deadline_due",
    "next_alert_at",
)


def _window_keys(
    parts: list[QuerySet[Case]], offset: int, limit: int, *, oldest_first: bool
) -> list[int]:
    """The keys of ``limit`` cases of the disjoint ``parts`` after ``offset`` of them.

    Newest first, or oldest first when ``oldest_first``: a page past the middle of the
    list is counted from its end, so that the database never skips more than half of
    the cases to reach it.
    """
    order = "ASC" if oldest_first else "DESC"
    arms: list[str] = []
    params: list[Any] = []
    for part in parts:
        try:
            sql, arm_params = (
                part.order_by()
                .values_list("registered_at", "id")
                .query.sql_with_params()
            )
        except EmptyResultSet:  # a filter no row can match (pk__in=[])
            continue
        arms.append(sql)
        params.extend(arm_params)
    if not arms or limit <= 0:
        return []
    # Positions, not names: the ORDER BY of a compound query names its result columns.
    sql = (
        " UNION ALL ".join(arms) + f" ORDER BY 1 {order}, 2 {order} LIMIT %s OFFSET %s"  # noqa: S608
    )
    with connections[parts[0].db].cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        return [int(row[1]) for row in cursor.fetchall()]


class NewestCases(Sequence[Case]):
    """The cases ``user`` sees that match ``where``, newest first, for a Paginator.

    ``len`` counts them (one query a part); a slice asks one query for its keys and
    one for its cases.
    """

    def __init__(self, user: Any, where: Q | None = None) -> None:
        self._parts = [p.filter(where or Q()) for p in case_parts_for(user)]
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = sum(part.count() for part in self._parts)
        return self._count

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> Case: ...

    @overload
    def __getitem__(self, index: slice) -> list[Case]: ...

    def __getitem__(self, index: int | slice) -> Case | list[Case]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        if stop is None or start < 0 or stop < 0 or index.step not in (None, 1):
            raise ValueError("the case list is read one bounded window at a time")
        # The Paginator has counted already; the API's windows are read from the top.
        total = self._count
        if total is not None and start > total // 2:
            stop = min(stop, total)
            keys = _window_keys(
                self._parts, total - stop, stop - start, oldest_first=True
            )[::-1]
        else:
            keys = _window_keys(self._parts, start, stop - start, oldest_first=False)
        found = Case.objects.select_related("owner").only(*LISTED).in_bulk(keys)
        return [found[k] for k in keys if k in found]
