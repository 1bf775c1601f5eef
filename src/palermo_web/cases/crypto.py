"""Field-by-field encryption of case identities, with key rotation.

Each identity value is encrypted on its own with Fernet (AES-128-CBC with an
HMAC-SHA256, from the ``cryptography`` package) under the hub's case keys. The keys
come from the settings (``PALERMO_CASE_KEYS``, or a file named by
``PALERMO_CASE_KEYS_FILE``), newest first, and are never stored in the database: a
copy of the database alone reveals no identity. Decryption tries every listed key
(``MultiFernet``), so a new key can be put first at once; ``rotate`` then re-encrypts
every value under it, after which the old key can be removed.

The plaintext binds each value to its case and field (``{"c": 12, "f": "given_names",
"v": ...}``), so a token copied into another row or column is refused instead of being
shown as someone else's name.
"""

from __future__ import annotations

import json
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

IDENTITY_FIELDS = (
    "given_names",
    "family_names",
    "date_of_birth",
    "place_of_birth",
    "document_number",
)


class IdentityUnreadable(Exception):
    """A stored value cannot be decrypted with the configured keys, or was moved."""


def generate_key() -> str:
    """A new random key, to put first in ``PALERMO_CASE_KEYS``."""
    return Fernet.generate_key().decode("ascii")


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.encode("ascii")) for k in keys])
    except (ValueError, UnicodeEncodeError):
        raise ImproperlyConfigured(
            "PALERMO_CASE_KEYS holds a value that is not a Fernet key (32 url-safe "
            "base64-encoded bytes); make one with `palermo cases keygen`"
        ) from None


def keys() -> tuple[str, ...]:
    """The configured case keys, newest first."""
    configured = tuple(getattr(settings, "PALERMO_CASE_KEYS", ()) or ())
    if not configured:
        raise ImproperlyConfigured(
            "no case keys: set PALERMO_CASE_KEYS (or PALERMO_CASE_KEYS_FILE) to a key "
            "made by `palermo cases keygen` before registering cases"
        )
    return configured


def is_configured() -> bool:
    """Whether case keys are set (the cases pages need them)."""
    return bool(getattr(settings, "PALERMO_CASE_KEYS", ()))


def seal(value: str, *, case_id: int, field: str) -> str:
    """The encrypted token for ``value`` of ``field`` in case ``case_id``; "" for ""."""
    if value == "":
        return ""
    plain = json.dumps({"c": case_id, "f": field, "v": value}, ensure_ascii=False)
    return _fernet(keys()).encrypt(plain.encode("utf-8")).decode("ascii")


def unseal(token: str, *, case_id: int, field: str) -> str:
    """The value a token holds, checked to belong to this case and field.

    Raises:
        IdentityUnreadable: no configured key opens it, or it belongs elsewhere.
    """
    if token == "":
        return ""
    try:
        plain = _fernet(keys()).decrypt(token.encode("ascii"))
    except InvalidToken:
        raise IdentityUnreadable(
            f"case {case_id}: {field} cannot be decrypted with the configured keys"
        ) from None
    data = json.loads(plain)
    if data.get("c") != case_id or data.get("f") != field:
        raise IdentityUnreadable(
            f"case {case_id}: the stored {field} belongs to another case or field"
        )
    return str(data["v"])


def rotate(token: str) -> str:
    """The token re-encrypted under the newest key (the same token type, new key)."""
    if token == "":
        return ""
    try:
        return _fernet(keys()).rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise IdentityUnreadable(
            "a stored value cannot be decrypted with the configured keys"
        ) from None
