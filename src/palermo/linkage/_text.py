"""Normalisation of identity values before they are compared or encoded.

Both modes (encoded at source and plain at the linkage unit) run exactly this code, so
that a name is compared in the same form whichever way it travels. The rules:

- case, accents and punctuation do not matter (``Ștefan-Ionuț`` = ``stefan ionut``);
- names written in Cyrillic are transliterated, and the common transliteration
  variants are folded together (``Schewtschenko``, ``Shevchenko``, ``Chevtchenko``
  come out close), because sources transliterate the same person differently;
- the order of the words in a name does not matter to the q-gram set.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Cyrillic to Latin, close to the BGN/PCGN romanisation; the variants sources use
# instead are folded below.
_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "є": "ye",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "і": "i",
    "ї": "yi",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}
_CYRILLIC_TABLE = str.maketrans(_CYRILLIC)

# Transliteration variants folded to one spelling, longest first. German, French,
# Polish and English schemes write the same Cyrillic letter differently.
_VARIANTS = (
    ("schtsch", "sh"),
    ("shch", "sh"),
    ("sch", "sh"),
    ("tsch", "ch"),
    ("tch", "ch"),
    ("kh", "h"),
    ("zh", "z"),
    ("tz", "c"),
    ("ts", "c"),
    ("ph", "f"),
    ("ck", "k"),
    ("ou", "u"),
    ("w", "v"),
    ("x", "ks"),
    ("j", "i"),
    ("y", "i"),
)
_VARIANT_PATTERN = re.compile("|".join(re.escape(a) for a, _ in _VARIANTS))
_VARIANT_MAP = dict(_VARIANTS)
_DOUBLED = re.compile(r"(\w)\1+")
_NOT_LETTER = re.compile(r"[^\w]+|[\d_]+")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 18)
def normalise_name(value: str) -> str:
    """The comparable form of a name or place: folded, transliterated, one space apart.

    Returns an empty string when nothing comparable is left.
    """
    text = _strip_accents(value.casefold()).translate(_CYRILLIC_TABLE)
    text = _NOT_LETTER.sub(" ", text)
    text = _VARIANT_PATTERN.sub(lambda m: _VARIANT_MAP[m.group(0)], text)
    text = _DOUBLED.sub(r"\1", text)
    return " ".join(text.split())


@lru_cache(maxsize=1 << 16)
def normalise_document(value: str) -> str:
    """The comparable form of a document number: upper-case letters and digits only."""
    return "".join(c for c in _strip_accents(value).upper() if c.isalnum())


def qgrams(text: str, q: int = 2) -> frozenset[str]:
    """The padded q-grams of each word of ``text``, as one set.

    Each word is padded with ``q - 1`` markers at both ends, so that first and last
    letters count, and the set does not depend on the order of the words.
    """
    grams: set[str] = set()
    pad = "_" * (q - 1)
    for word in text.split():
        padded = f"{pad}{word}{pad}"
        grams.update(padded[i : i + q] for i in range(len(padded) - q + 1))
    return frozenset(grams)
