"""The case list, newest first, fast with 100,000 cases (issue 9's benchmark).

A caseworker sees a case because their organisation owns it, decides on it, or had it
referred to it (``access``). One query with those three conditions joined by OR makes
SQLite sort every visible case before it can return the first fifty: a competent
authority that decides on every case in the country waited over half a second for a
page. Here each condition is asked on its own, newest first, through its own index and
only as deep as the page needs; the parts are merged in Python and the page's cases
fetched by key, without the wide columns (screening) the list never shows.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Any, overload

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q, QuerySet

from palermo_web.cases.access import case_parts_for, cases_for
from palermo_web.cases.models import Case

NEWEST_FIRST = ("-registered_at", "-id")
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


def _raw_rows(query: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """``query``'s rows as the database driver gives them, without Django's converters.

    Turning each ``registered_at`` into an aware datetime costs more than the query
    itself on a deep page (tens of thousands of rows). The raw values order as the
    database orders them: SQLite's text timestamps compare as text (that is how it
    sorts them), PostgreSQL's driver gives datetimes.
    """
    try:
        sql, params = query.query.sql_with_params()
    except EmptyResultSet:  # a filter no row can match (pk__in=[])
        return []
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _merged_keys(parts: list[QuerySet[Case]], stop: int) -> list[int]:
    """The keys of the first ``stop`` distinct cases of the parts' union, newest first.

    Any case among the first ``stop`` of the union is among the first ``stop`` of its
    own part, so no part is read further than that.
    """

    def newest(part: QuerySet[Case]) -> list[tuple[Any, ...]]:
        rows = part.order_by(*NEWEST_FIRST).values_list("registered_at", "id")
        return _raw_rows(rows[:stop])

    keys: list[int] = []
    last = None
    for key in heapq.merge(*(newest(p) for p in parts), reverse=True):
        if key == last:  # a case seen through two parts
            continue
        last = key
        keys.append(int(key[1]))
        if len(keys) == stop:
            break
    return keys


class NewestCases(Sequence[Case]):
    """The cases ``user`` sees that match ``where``, newest first, for a Paginator.

    ``len`` counts them (one query); a slice merges the parts and fetches its cases.
    """

    def __init__(self, user: Any, where: Q | None = None) -> None:
        self._where = where or Q()
        self._parts = [p.filter(self._where) for p in case_parts_for(user)]
        self._user = user
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = cases_for(self._user).filter(self._where).count()
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
        keys = _merged_keys(self._parts, stop)[start:stop]
        found = Case.objects.select_related("owner").only(*LISTED).in_bulk(keys)
        return [found[k] for k in keys if k in found]
