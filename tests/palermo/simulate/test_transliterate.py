from __future__ import annotations

import pytest

from palermo.simulate.names import name_pool
from palermo.simulate.transliterate import (
    CYRILLIC_BG,
    CYRILLIC_RU,
    CYRILLIC_UK,
    DEVANAGARI,
    GREEK,
    LATIN,
    PINYIN,
    VIETNAMESE,
    spellings,
)


@pytest.mark.parametrize(
    ("name", "script", "expected"),
    [
        # Russian passport (ICAO), English (BGN), French and German usage.
        ("Юлия", CYRILLIC_RU, ("Iuliia", "Yuliya", "Iouliia", "Julija")),
        ("Щербаков", CYRILLIC_RU, ("Shcherbakov", "Chtcherbakov", "Schtscherbakow")),
        # Ukrainian national system: г is h; Russian-style spelling keeps g.
        ("Ганна", CYRILLIC_UK, ("Hanna", "Ganna")),
        (
            "Яремчук",
            CYRILLIC_UK,
            ("Yaremchuk", "Iaremtchouk", "Jaremtschuk", "Iaremchuk"),
        ),
        # Bulgarian official system: х is h, ъ is a.
        ("Христо", CYRILLIC_BG, ("Hristo", "Khristo", "Christo")),
        ("Ελευθέριος", GREEK, ("Eleftherios", "Eleutherios")),
        ("Χρήστος", GREEK, ("Christos", "Hristos", "Chrestos")),
        # Hindi drops the inherent vowel at the end and between syllables.
        ("मेहता", DEVANAGARI, ("Mehta", "Mehtaa")),
        ("दीपाली", DEVANAGARI, ("Dipali", "Deepaalee", "Deepalee")),
        ("सेनगुप्ता", DEVANAGARI, ("Sengupta", "Senguptaa")),
        ("Zhang", PINYIN, ("Zhang", "Chang")),
        ("Nguyễn", VIETNAMESE, ("Nguyễn", "Nguyen")),
        ("Ștefan", LATIN, ("Ștefan",)),
    ],
)
def test_it_spells_names_as_offices_do(
    name: str, script: str, expected: tuple[str, ...]
) -> None:
    assert spellings(name, script) == expected


def test_the_passport_spelling_comes_first_and_nothing_repeats() -> None:
    forms = spellings("Іванна", CYRILLIC_UK)
    assert forms[0] == "Ivanna"
    assert len(set(forms)) == len(forms)


@pytest.mark.parametrize("citizenship", ["UA", "RU", "BG", "GR", "IN", "SY", "CN"])
def test_non_latin_names_come_with_other_latin_spellings(citizenship: str) -> None:
    pool = name_pool(citizenship, "family", "female")
    assert all(p.isascii() or not p.isalpha() for p in pool.passport[:50])
    with_variants = sum(1 for v in pool.variants if v)
    assert with_variants / len(pool.variants) > 0.3


def test_arabic_names_keep_their_script_and_spellings() -> None:
    pool = name_pool("SY", "given", "male")
    index = list(pool.native).index("محمد")
    assert pool.passport[index] == "Mohammed"
    assert set(pool.variants[index]) == {"Mohamed", "Muhammad", "Mohammad"}
