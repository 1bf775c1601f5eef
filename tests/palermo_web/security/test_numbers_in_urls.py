"""A number in a URL too large for the database is a 404 or a 422, never a crash.

SQLite stores 64-bit integers; Django's ``int`` converter and django-ninja's ``int``
accept any digits. Every URL pattern with a number in it is tried with 10**20, by each
kind of person, with GET and POST.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.palermo_web.personas import logged_in

HUGE = str(10**20)


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def _numbered() -> list[str]:
    paths = []
    for route in _routes(get_resolver().url_patterns):
        if "<int:" not in route:
            continue
        path = re.sub(r"<int:\w+>", HUGE, route)
        path = re.sub(r"<(?:(?:str|slug|path):)?\w+>", "accept", path)
        paths.append("/" + path.lstrip("^").rstrip("$"))
    return sorted(set(paths))


def test_there_are_numbered_urls_to_try() -> None:
    assert "/cases/" + HUGE + "/" in _numbered()
    assert "/api/cases/" + HUGE in _numbered()


@pytest.mark.django_db
@pytest.mark.parametrize("path", _numbered())
def test_a_huge_number_in_a_url_is_refused_cleanly(
    path: str, caseworker: Any, analyst: Any, administrator: Any, submitter: Any
) -> None:
    for person in (caseworker, analyst, administrator, submitter):
        client = logged_in(person, raise_request_exception=False)
        for response in (
            client.get(path),
            client.post(path, {}, content_type="application/json"),
        ):
            assert response.status_code < 500, (person.username, response.status_code)
