from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from palermo.simulate.errors import typo
from palermo.simulate.transliterate import (
    CYRILLIC_BG,
    CYRILLIC_RU,
    CYRILLIC_UK,
    DEVANAGARI,
    GREEK,
    spellings,
)

CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ"
GREEK_LETTERS = "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ"
HINDI = "कखगघचछजझटठडढणतथदधनपफबभमयरलवशषसहािीुूेैोौंँ्"


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEÉèç-' ", min_size=1, max_size=20),
    st.integers(0, 2**32),
)
def test_a_typo_changes_a_name_by_one_slip(name: str, seed: int) -> None:
    slipped = typo(name, np.random.default_rng(seed))
    assert slipped != name
    assert abs(len(slipped) - len(name)) <= 1


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(
        [
            (CYRILLIC_RU, CYRILLIC),
            (CYRILLIC_UK, CYRILLIC),
            (CYRILLIC_BG, CYRILLIC),
            (GREEK, GREEK_LETTERS),
            (DEVANAGARI, HINDI),
        ]
    ).flatmap(
        lambda pair: st.tuples(
            st.just(pair[0]), st.text(alphabet=pair[1], min_size=1, max_size=12)
        )
    )
)
def test_every_spelling_of_a_non_latin_name_is_plain_latin(
    case: tuple[str, str],
) -> None:
    script, name = case
    forms = spellings(name, script)
    assert len(forms) == len(set(forms))
    for form in forms:
        assert form.isascii(), (name, form)
