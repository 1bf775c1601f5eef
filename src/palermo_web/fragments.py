"""Rendered page parts kept in memory, keyed on a digest of everything they show.

Rendering a table of fifty submissions or the dashboard's charts costs most of a page's
time, and the same parts are asked for again and again. A part is cached under a digest
of the exact values it is drawn from, the language and the time zone, so that:

- nothing is ever invalidated: changed data gives another key, and the old entry ages
  out of a bounded in-process cache;
- no one can be served what they may not see: the key holds the rows the person's own
  scope selected, so two people share an entry only when they would see the same rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import caches
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

ALIAS = "fragments"


def key(name: str, values: Iterable[Any]) -> str:
    """A cache key for the part ``name`` drawn from ``values`` (reprs must be stable)."""
    digest = hashlib.blake2b(digest_size=20)
    for value in values:
        digest.update(repr(value).encode())
        digest.update(b"\x1f")
    context = f"{get_language() or ''}|{timezone.get_current_timezone_name()}"
    return f"{name}:{context}:{digest.hexdigest()}"


def cached(name: str, values: Iterable[Any], render: Callable[[], str]) -> SafeString:
    """The part ``name`` for ``values``: from the cache, or rendered and kept."""
    cache = caches[ALIAS]
    cache_key = key(name, values)
    html = cache.get(cache_key)
    if html is None:
        html = str(render())
        cache.set(cache_key, html)
    return mark_safe(html)  # noqa: S308  rendered by our templates, escaped there
