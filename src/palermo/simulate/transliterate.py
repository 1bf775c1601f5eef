"""Latin spellings of names written in other scripts, in the ways offices really write them.

A Ukrainian woman called Юлія has "Iuliia" in her passport (the Ukrainian national
system), but a French NGO may write "Ioulia", a German office "Julija" and an English one
"Yuliya". Such variants are the commonest reason why records of one person fail to match,
so the simulator needs several spellings of every non-Latin name. The tables here are
small and deliberately plain: they aim at the spellings clerks produce, not at reversible
scholarly transliteration.

Each script has a canonical scheme (the one used in passports) and a few others; see
:func:`spellings`.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources
from typing import Any

import yaml

# Scripts of the citizenship table (data/citizenships.csv).
LATIN = "latin"
CYRILLIC_RU = "cyrillic_ru"
CYRILLIC_UK = "cyrillic_uk"
CYRILLIC_BG = "cyrillic_bg"
GREEK = "greek"
DEVANAGARI = "devanagari"
ARABIC = "arabic"
PINYIN = "pinyin"
VIETNAMESE = "vietnamese"

_VIRAMA = "\u094d"
_NUKTA = "\u093c"
_VOICELESS = set("θκξπστφχψ")


@cache
def _tables() -> dict[str, Any]:
    """The tables of ``data/transliteration.yaml``."""
    path = resources.files("palermo.simulate") / "data" / "transliteration.yaml"
    tables: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tables


def _map_letters(
    text: str, table: dict[str, str], initial: dict[str, str] | None = None
) -> str:
    out: list[str] = []
    at_start = True
    for char in text.lower():
        if initial is not None and at_start and char in initial:
            out.append(initial[char])
        else:
            out.append(table.get(char, char))
        at_start = not char.isalpha()
    return "".join(out)


def _cyrillic_tables(script: str) -> list[tuple[dict[str, str], dict[str, str] | None]]:
    """(letters, word-initial letters) of each scheme, the passport's first."""
    t = _tables()

    def table(*parts: str) -> dict[str, str]:
        merged = dict(t["cyrillic_common"])
        for part in parts:
            merged.update(t[part])
        return merged

    if script == CYRILLIC_UK:
        return [
            (
                table("cyrillic_icao", "ukrainian_national"),
                t["ukrainian_national_initial"],
            ),
            (table("cyrillic_bgn", "ukrainian_overrides"), None),
            (table("cyrillic_french", "ukrainian_overrides"), None),
            (table("cyrillic_german", "ukrainian_overrides"), None),
            (table("cyrillic_icao"), None),  # as if the name were Russian (г as g)
        ]
    if script == CYRILLIC_BG:
        return [
            (table("bulgarian_official"), None),
            (table("cyrillic_french", "bulgarian_overrides"), None),
            (table("cyrillic_german", "bulgarian_overrides"), None),
            (table("cyrillic_icao"), None),
        ]
    return [
        (table(name), None)
        for name in (
            "cyrillic_icao",
            "cyrillic_bgn",
            "cyrillic_french",
            "cyrillic_german",
        )
    ]


def _greek_schemes() -> list[dict[str, dict[str, str]]]:
    t = _tables()
    elot = {"digraphs": t["greek_elot_digraphs"], "letters": t["greek_elot_letters"]}
    phonetic = {
        "digraphs": {**elot["digraphs"], **t["greek_phonetic_digraphs"]},
        "letters": {**elot["letters"], **t["greek_phonetic_letters"]},
    }
    classical = {
        "digraphs": t["greek_classical_digraphs"],
        "letters": {**elot["letters"], **t["greek_classical_letters"]},
    }
    return [elot, phonetic, classical]


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _greek(text: str, scheme: dict[str, dict[str, str]]) -> str:
    plain = _strip_marks(text.lower())
    digraphs, letters = scheme["digraphs"], scheme["letters"]
    out: list[str] = []
    i = 0
    while i < len(plain):
        pair = plain[i : i + 2]
        if pair in digraphs:
            sound = digraphs[pair]
            following = plain[i + 2 : i + 3]
            if sound in ("av", "ev") and (not following or following in _VOICELESS):
                sound = sound[0] + "f"  # ευ before a voiceless sound: Eleftherios
            out.append(sound)
            i += 2
            continue
        out.append(letters.get(plain[i], plain[i]))
        i += 1
    return "".join(out)


def _devanagari_units(text: str) -> list[tuple[str, str, bool]]:
    """Split into (consonants, vowel, vowel_is_inherent) units; vowels are abstract."""
    t = _tables()
    consonants_of, nukta_of = t["devanagari_consonants"], t["devanagari_nukta"]
    vowels, signs, nasals = (
        t["devanagari_vowels"],
        t["devanagari_vowel_signs"],
        t["devanagari_nasals"],
    )
    units: list[tuple[str, str, bool]] = []
    cluster = ""
    i = 0
    while i < len(text):
        char = text[i]
        if char in consonants_of:
            sound = consonants_of[char]
            if i + 1 < len(text) and text[i + 1] == _NUKTA:
                sound = nukta_of.get(char, sound)
                i += 1
            cluster += sound
            following = text[i + 1] if i + 1 < len(text) else ""
            if following == _VIRAMA:
                i += 2
                continue  # the consonant joins the next one in a cluster
            if following in signs:
                units.append((cluster, signs[following], False))
                i += 2
            else:
                units.append((cluster, "a", True))
                i += 1
            cluster = ""
            continue
        if char in vowels:
            units.append(("", vowels[char], False))
        elif char in nasals and units:
            consonants, vowel, inherent = units[-1]
            units[-1] = (consonants, vowel + nasals[char], False)
        elif not char.isspace() and unicodedata.category(char).startswith("M"):
            pass  # stray marks (ZWJ, stress marks) carry no sound here
        elif char.isspace() or char == "-":
            units.append((cluster + char, "", False))
            cluster = ""
        i += 1
    if cluster:
        units.append((cluster, "", False))
    return units


def _delete_schwas(units: list[tuple[str, str, bool]]) -> list[tuple[str, str, bool]]:
    """Hindi drops the inherent 'a' at a word's end and between a vowel and a syllable
    with its own vowel (मेहता is Mehta, not Mehata)."""
    out = list(units)
    for i, (consonants, _vowel, inherent) in enumerate(out):
        if not inherent or i == 0:
            continue
        last = i == len(out) - 1 or out[i + 1][1] == ""
        if last:
            out[i] = (consonants, "", False)
            continue
        previous_kept = out[i - 1][1] != ""
        next_has_own_vowel = not out[i + 1][2]
        if previous_kept and next_has_own_vowel:
            out[i] = (consonants, "", False)
    return out


def _devanagari(text: str, scheme: dict[str, str]) -> str:
    parts: list[str] = []
    for consonants, vowel, _ in _delete_schwas(_devanagari_units(text)):
        if consonants:
            parts.append(
                consonants.replace("v", scheme["v"]).replace("ph", scheme["ph"])
            )
        parts.append(scheme.get(vowel, vowel))
    return "".join(parts)


def _title(text: str) -> str:
    """Capitalise each part of a name, across spaces, hyphens and apostrophes."""
    out: list[str] = []
    capital = True
    for char in text:
        out.append(char.upper() if capital else char.lower())
        capital = not char.isalpha()
    return "".join(out).strip()


def spellings(name: str, script: str) -> tuple[str, ...]:
    """The Latin spellings of ``name`` offices use, the passport's first; no repeats.

    Args:
        name: the name as written in its own script (pinyin for Chinese names).
        script: one of the script constants of this module.

    Returns:
        One spelling for Latin-script names; several for the others.
    """
    if script in (CYRILLIC_RU, CYRILLIC_UK, CYRILLIC_BG):
        forms = [_map_letters(name, *tables) for tables in _cyrillic_tables(script)]
    elif script == GREEK:
        forms = [_greek(name, scheme) for scheme in _greek_schemes()]
    elif script == DEVANAGARI:
        forms = [_devanagari(name, s) for s in _tables()["devanagari_schemes"]]
    elif script == PINYIN:
        forms = [name, _tables()["pinyin_surnames"].get(name, name)]
    elif script == VIETNAMESE:
        # Vietnamese is Latin: the passport keeps its marks; clerks often drop them.
        return tuple(
            dict.fromkeys(
                [name, _title(_plain_ascii(name.replace("đ", "d").replace("Đ", "D")))]
            )
        )
    else:
        return (name,)
    unique: list[str] = []
    for form in (_title(_plain_ascii(f)) for f in forms):
        if form not in unique:
            unique.append(form)
    return tuple(unique)


def _plain_ascii(text: str) -> str:
    """Only what a Latin keyboard writes: letters left untransliterated (a stray mark,
    an archaic letter) lose their accents or are dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii())


__all__ = [
    "ARABIC",
    "CYRILLIC_BG",
    "CYRILLIC_RU",
    "CYRILLIC_UK",
    "DEVANAGARI",
    "GREEK",
    "LATIN",
    "PINYIN",
    "VIETNAMESE",
    "spellings",
]
