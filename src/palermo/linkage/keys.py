"""The linkage secret that source organisations share and the hub never holds.

Every keyed encoding (Bloom-filter hash positions, the balancing permutation, the
randomised-response noise, the date and document tokens) is derived from one 256-bit
secret with HKDF, one sub-key per purpose, so that no two purposes share key material.
The hub is the linkage unit: without the secret it cannot encode a guessed name and
compare it with a submission (the dictionary attack that unkeyed hashing allows).

The key file is a small JSON document written with owner-only permissions. Its
*fingerprint* (a keyed hash of the secret, safe to publish) travels with every encoded
file so that the hub can refuse to link files encoded under different secrets.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from palermo.errors import InputError

KEY_FORMAT = "palermo-linkage-key"
KEY_VERSION = 1
KEY_BYTES = 32


@dataclass(frozen=True)
class LinkageKey:
    """A linkage secret.

    Attributes:
        secret: the 32 secret bytes; never logged, never shown (``repr`` hides it).
        created: when the key was made (ISO 8601, UTC).
    """

    secret: bytes = field(repr=False)
    created: str = ""

    def __post_init__(self) -> None:
        if len(self.secret) != KEY_BYTES:
            raise InputError(f"a linkage key holds {KEY_BYTES} bytes")

    @property
    def fingerprint(self) -> str:
        """A short public identifier of the key (16 hex digits); reveals nothing of it."""
        digest = hmac.new(self.secret, b"palermo/fingerprint", hashlib.sha256)
        return digest.hexdigest()[:16]

    def derive(self, purpose: str, length: int = 32) -> bytes:
        """A sub-key for one purpose (HKDF-SHA256 with ``purpose`` as info)."""
        return HKDF(
            algorithm=hashes.SHA256(),
            length=length,
            salt=b"palermo-linkage-v1",
            info=purpose.encode("utf-8"),
        ).derive(self.secret)


def new_key() -> LinkageKey:
    """Make a fresh random linkage key."""
    created = datetime.now(UTC).replace(microsecond=0).isoformat()
    return LinkageKey(secrets.token_bytes(KEY_BYTES), created)


def write_key(key: LinkageKey, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write a key file readable by its owner only.

    Raises:
        InputError: the file exists and ``overwrite`` is false (a key is never
            replaced by accident: records encoded under it would no longer link).
    """
    target = Path(path)
    if target.exists() and not overwrite:
        raise InputError(f"{target} already exists; a linkage key is never overwritten")
    document = {
        "format": KEY_FORMAT,
        "version": KEY_VERSION,
        "created": key.created,
        "fingerprint": key.fingerprint,
        "secret": base64.b64encode(key.secret).decode("ascii"),
    }
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    descriptor = os.open(target, flags, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2)
        handle.write("\n")
    return target


def read_key(path: str | Path) -> LinkageKey:
    """Read a key file written by :func:`write_key`.

    Raises:
        InputError: the file is missing, is not a Palermo linkage key, or is damaged.
    """
    source = Path(path)
    try:
        document = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"linkage key {source} not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise InputError(f"{source} is not a Palermo linkage key file") from None
    if not isinstance(document, dict) or document.get("format") != KEY_FORMAT:
        raise InputError(f"{source} is not a Palermo linkage key file")
    if document.get("version") != KEY_VERSION:
        raise InputError(
            f"{source} is a version {document.get('version')} key; "
            f"this Palermo reads version {KEY_VERSION}"
        )
    try:
        secret = base64.b64decode(str(document["secret"]), validate=True)
    except (KeyError, binascii.Error):
        raise InputError(f"{source}: the key is damaged") from None
    if len(secret) != KEY_BYTES:
        raise InputError(f"{source}: the key is damaged")
    key = LinkageKey(secret, str(document.get("created", "")))
    expected = document.get("fingerprint")
    if expected is not None and expected != key.fingerprint:
        raise InputError(f"{source}: the key is damaged (fingerprint mismatch)")
    return key
