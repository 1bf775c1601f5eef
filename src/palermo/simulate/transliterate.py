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
from collections.abc import Callable

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

# --- Cyrillic --------------------------------------------------------------------------

_CYR_COMMON = {
    "а": "a",
    "б": "b",
    "д": "d",
    "з": "z",
    "и": "i",
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
    "ы": "y",
    "ь": "",
    "э": "e",
    "ъ": "",
    "в": "v",
    "г": "g",
    "е": "e",
    "ё": "e",
    "і": "i",
    "ї": "i",
    "є": "ie",
    "ґ": "g",
    # Ukrainian apostrophes (three code points in use) are not written in Latin.
    "'": "",
    "’": "",
    "ʼ": "",
}

# Russian passports since 2013 follow ICAO Doc 9303.
_CYR_ICAO = {
    "ж": "zh",
    "й": "i",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "ie",
    "ю": "iu",
    "я": "ia",
}
# BGN/PCGN, the usual English-language romanisation.
_CYR_BGN = {
    "ё": "yo",
    "ж": "zh",
    "й": "y",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ю": "yu",
    "я": "ya",
    "є": "ye",
    "ї": "yi",
}
# How French administrations and NGOs tend to write Slavic names.
_CYR_FRENCH = {
    "ё": "io",
    "ж": "j",
    "й": "i",
    "х": "kh",
    "ц": "ts",
    "ч": "tch",
    "ш": "ch",
    "щ": "chtch",
    "у": "ou",
    "ю": "iou",
    "я": "ia",
}
# German (Duden) usage.
_CYR_GERMAN = {
    "в": "w",
    "ё": "jo",
    "ж": "sch",
    "з": "s",
    "й": "j",
    "х": "ch",
    "ц": "z",
    "ч": "tsch",
    "ш": "sch",
    "щ": "schtsch",
    "ю": "ju",
    "я": "ja",
    "є": "je",
    "ї": "ji",
}
# Ukrainian national system (2010), used in Ukrainian passports: г is h, и is y, and
# є, ї, й, ю, я have their own forms at the start of a word.
_UK_NATIONAL = {**_CYR_ICAO, "г": "h", "и": "y", "ъ": ""}
_UK_NATIONAL_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
# Ukrainian letters in the other schemes (г as h, и as y) -- only for Ukrainian names.
_UK_OVERRIDES = {"г": "h", "и": "y"}
# Bulgarian official system (2009 law), used in Bulgarian passports.
_BG_OFFICIAL = {
    "ж": "zh",
    "й": "y",
    "х": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sht",
    "ъ": "a",
    "ь": "y",
    "ю": "yu",
    "я": "ya",
}
_BG_OVERRIDES = {"щ": "sht", "ъ": "a"}


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


def _cyrillic_schemes(script: str) -> list[Callable[[str], str]]:
    def with_table(extra: dict[str, str], *overrides: dict[str, str]) -> dict[str, str]:
        table = {**_CYR_COMMON, **extra}
        for override in overrides:
            table.update(override)
        return table

    if script == CYRILLIC_UK:
        national = with_table(_UK_NATIONAL)
        others = [
            with_table(_CYR_BGN, _UK_OVERRIDES),
            with_table(_CYR_FRENCH, _UK_OVERRIDES),
            with_table(_CYR_GERMAN, _UK_OVERRIDES),
            with_table(_CYR_ICAO),  # as if the name were Russian (г as g, и as i)
        ]
        return [
            lambda t: _map_letters(t, national, _UK_NATIONAL_INITIAL),
            *[_table_scheme(table) for table in others],
        ]
    if script == CYRILLIC_BG:
        tables = [
            with_table(_BG_OFFICIAL),
            with_table(_CYR_FRENCH, _BG_OVERRIDES),
            with_table(_CYR_GERMAN, _BG_OVERRIDES),
            with_table(_CYR_ICAO),
        ]
        return [_table_scheme(table) for table in tables]
    tables = [
        with_table(_CYR_ICAO),
        with_table(_CYR_BGN),
        with_table(_CYR_FRENCH),
        with_table(_CYR_GERMAN),
    ]
    return [_table_scheme(table) for table in tables]


def _table_scheme(table: dict[str, str]) -> Callable[[str], str]:
    return lambda text: _map_letters(text, table)


# --- Greek -----------------------------------------------------------------------------

_GREEK_ELOT = {
    "digraphs": {
        "ου": "ou",
        "αυ": "av",
        "ευ": "ev",
        "γγ": "ng",
        "τσ": "ts",
        "τζ": "tz",
    },
    "letters": {
        "α": "a",
        "β": "v",
        "γ": "g",
        "δ": "d",
        "ε": "e",
        "ζ": "z",
        "η": "i",
        "θ": "th",
        "ι": "i",
        "κ": "k",
        "λ": "l",
        "μ": "m",
        "ν": "n",
        "ξ": "x",
        "ο": "o",
        "π": "p",
        "ρ": "r",
        "σ": "s",
        "ς": "s",
        "τ": "t",
        "υ": "y",
        "φ": "f",
        "χ": "ch",
        "ψ": "ps",
        "ω": "o",
    },
}
# Spelling by ear, as an English-speaking clerk would: Yiorgos, Hristos, Eleni.
_GREEK_PHONETIC = {
    "digraphs": {
        **_GREEK_ELOT["digraphs"],
        "γι": "y",
        "αι": "e",
        "ει": "i",
        "οι": "i",
        "μπ": "b",
        "ντ": "d",
    },
    "letters": {**_GREEK_ELOT["letters"], "χ": "h", "υ": "i", "ξ": "ks"},
}
# The classical (Latinised) spellings still common in older documents: Georgios, Eleftherios.
_GREEK_CLASSICAL = {
    "digraphs": {"ου": "ou", "αυ": "au", "ευ": "eu", "γγ": "ng", "μπ": "mp"},
    "letters": {**_GREEK_ELOT["letters"], "β": "b", "η": "e", "υ": "y", "φ": "ph"},
}


_VOICELESS = set("θκξπστφχψ")


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


# --- Devanagari (Hindi) ----------------------------------------------------------------

_DEV_CONSONANTS = {
    "क": "k",
    "ख": "kh",
    "ग": "g",
    "घ": "gh",
    "ङ": "n",
    "च": "ch",
    "छ": "chh",
    "ज": "j",
    "झ": "jh",
    "ञ": "n",
    "ट": "t",
    "ठ": "th",
    "ड": "d",
    "ढ": "dh",
    "ण": "n",
    "त": "t",
    "थ": "th",
    "द": "d",
    "ध": "dh",
    "न": "n",
    "प": "p",
    "फ": "ph",
    "ब": "b",
    "भ": "bh",
    "म": "m",
    "य": "y",
    "र": "r",
    "ल": "l",
    "व": "v",
    "श": "sh",
    "ष": "sh",
    "स": "s",
    "ह": "h",
}
_DEV_NUKTA = {"क": "q", "ख": "kh", "ग": "g", "ज": "z", "ड": "r", "ढ": "rh", "फ": "f"}
# Independent vowels and their dependent signs (matras) share one table of sounds.
_DEV_VOWELS = {
    "अ": "a",
    "आ": "aa",
    "इ": "i",
    "ई": "ii",
    "उ": "u",
    "ऊ": "uu",
    "ऋ": "ri",
    "ए": "e",
    "ऐ": "ai",
    "ओ": "o",
    "औ": "au",
    "ऑ": "o",
}
_DEV_MATRAS = {
    "ा": "aa",
    "ि": "i",
    "ी": "ii",
    "ु": "u",
    "ू": "uu",
    "ृ": "ri",
    "े": "e",
    "ै": "ai",
    "ो": "o",
    "ौ": "au",
    "ॉ": "o",
}
_VIRAMA = "\u094d"
_NUKTA = "\u093c"
_NASALS = {"ं": "n", "ँ": "n", "ः": "h"}
# Three habits of writing Hindi names in Latin letters: Dipali / Deepaalee / Deepali.
_DEV_SCHEMES = (
    {"aa": "a", "ii": "i", "uu": "u", "v": "v", "ph": "ph"},
    {"aa": "aa", "ii": "ee", "uu": "oo", "v": "w", "ph": "ph"},
    {"aa": "a", "ii": "ee", "uu": "oo", "v": "v", "ph": "f"},
)


def _devanagari_units(text: str) -> list[tuple[str, str, bool]]:
    """Split into (consonants, vowel, vowel_is_inherent) units; vowels are abstract."""
    units: list[tuple[str, str, bool]] = []
    cluster = ""
    i = 0
    while i < len(text):
        char = text[i]
        if char in _DEV_CONSONANTS:
            sound = _DEV_CONSONANTS[char]
            if i + 1 < len(text) and text[i + 1] == _NUKTA:
                sound = _DEV_NUKTA.get(char, sound)
                i += 1
            cluster += sound
            following = text[i + 1] if i + 1 < len(text) else ""
            if following == _VIRAMA:
                i += 2
                continue  # the consonant joins the next one in a cluster
            if following in _DEV_MATRAS:
                units.append((cluster, _DEV_MATRAS[following], False))
                i += 2
            else:
                units.append((cluster, "a", True))
                i += 1
            cluster = ""
            continue
        if char in _DEV_VOWELS:
            units.append(("", _DEV_VOWELS[char], False))
        elif char in _NASALS and units:
            consonants, vowel, inherent = units[-1]
            units[-1] = (consonants, vowel + _NASALS[char], False)
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


# --- Chinese (pinyin) and Vietnamese ---------------------------------------------------

# Older (Wade-Giles) or Cantonese spellings of common surnames, still found in documents.
_PINYIN_SURNAMES = {
    "Zhang": "Chang",
    "Chen": "Chan",
    "Wang": "Wong",
    "Li": "Lee",
    "Liu": "Lau",
    "Huang": "Hwang",
    "Zhou": "Chow",
    "Wu": "Woo",
    "Xu": "Hsu",
    "Zhao": "Chao",
    "Yang": "Yeung",
    "Lin": "Lam",
    "He": "Ho",
    "Guo": "Kuo",
    "Ma": "Mah",
    "Sun": "Suen",
    "Zhu": "Chu",
    "Hu": "Hoo",
    "Gao": "Kao",
    "Liang": "Leung",
    "Zheng": "Cheng",
    "Xie": "Hsieh",
    "Song": "Sung",
    "Tang": "Tong",
    "Feng": "Fung",
    "Deng": "Teng",
    "Cao": "Tsao",
    "Zeng": "Tsang",
    "Xiao": "Hsiao",
    "Cai": "Tsai",
    "Jiang": "Chiang",
    "Ye": "Yip",
    "Lu": "Lo",
}


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
        forms = [scheme(name) for scheme in _cyrillic_schemes(script)]
    elif script == GREEK:
        forms = [
            _greek(name, s) for s in (_GREEK_ELOT, _GREEK_PHONETIC, _GREEK_CLASSICAL)
        ]
    elif script == DEVANAGARI:
        forms = [_devanagari(name, s) for s in _DEV_SCHEMES]
    elif script == PINYIN:
        forms = [name, _PINYIN_SURNAMES.get(name, name)]
    elif script == VIETNAMESE:
        forms = [name, _strip_marks(name).replace("đ", "d").replace("Đ", "D")]
    else:
        return (name,)
    unique: list[str] = []
    for form in (_title(f) for f in forms):
        if form and form not in unique:
            unique.append(form)
    return tuple(unique) or (name,)


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
