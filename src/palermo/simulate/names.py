"""Names of simulated people, drawn from their citizenship's locale.

Faker is seeded per citizenship and locale and asked for a pool of names once per
process; people then draw from the pools with the simulation's own numpy generator, which
keeps the generator fast at a million people and deterministic for a seed. The pools do
not depend on the simulation's seed (only who gets which name does), so they are built
once and shared by every simulation in a process. Drawing pools with Faker's own weights keeps common names
common, so that, as in real registers, different people share names.

Names in other scripts (Cyrillic, Greek, Devanagari, Arabic) are kept in their own
script in the truth and written by sources in one of their Latin spellings (see
:mod:`palermo.simulate.transliterate`).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import numpy as np
import yaml
from faker import Faker

from palermo.simulate.profiles import citizenships
from palermo.simulate.transliterate import ARABIC, PINYIN, spellings

# Names drawn from Faker per locale, part and sex: enough for Faker's frequent names to
# repeat as they do in its weighted lists, and cheap (Faker takes ~6 us a name).
POOL_DRAWS = 500

FEMALE = "female"
MALE = "male"


@dataclass(frozen=True)
class NamePool:
    """Names of one citizenship, part (given or family) and sex.

    Attributes:
        native: each name in its own script.
        passport: its Latin spelling as in the person's passport.
        variants: the other Latin spellings offices use (possibly none).
    """

    native: np.ndarray
    passport: np.ndarray
    variants: np.ndarray


def stable_seed(*parts: object) -> int:
    """A seed derived from ``parts`` that is the same in every process (unlike hash())."""
    return zlib.crc32(":".join(str(p) for p in parts).encode("utf-8"))


@cache
def _faker(locale: str) -> Faker:
    # Only the person provider: loading every provider of a locale costs ~80 ms.
    return Faker(locale, providers=["faker.providers.person"])


def _faker_names(locale: str, part: str, sex: str, seed: int, count: int) -> list[str]:
    fake = _faker(locale)
    fake.seed_instance(seed)
    if locale == "zh_CN":
        # Chinese names come in pinyin straight from Faker (its romanised lists).
        draw = (
            fake.first_romanized_name if part == "given" else fake.last_romanized_name
        )
    elif part == "given":
        draw = fake.first_name_female if sex == FEMALE else fake.first_name_male
    else:
        draw = fake.last_name_female if sex == FEMALE else fake.last_name_male
    return [str(draw()).strip() for _ in range(count)]


@cache
def _arabic_names() -> dict[str, list[list[str]]]:
    path = resources.files("palermo.simulate") / "data" / "arabic_names.yaml"
    data: dict[str, list[list[str]]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=512)
def name_pool(citizenship: str, part: str, sex: str) -> NamePool:
    """The pool of names of a citizenship, ``part`` ("given" or "family") and ``sex``."""
    profile = citizenships()[citizenship]
    if profile.script == ARABIC:
        key = "family" if part == "family" else f"given_{sex}"
        entries = _arabic_names()[key]
        return _pool(
            [e[0] for e in entries],
            [e[1] for e in entries],
            [tuple(x for x in dict.fromkeys(e[2:]) if x != e[1]) for e in entries],
        )
    natives: list[str] = []
    for locale in profile.locales:
        natives += _faker_names(
            locale,
            part,
            sex,
            stable_seed("names", citizenship, locale, part, sex),
            POOL_DRAWS,
        )
    spelt = {name: spellings(name, profile.script) for name in dict.fromkeys(natives)}
    if profile.script == PINYIN and part == "given":
        spelt = {name: (name,) for name in spelt}  # older spellings kept for surnames
    return _pool(
        natives, [spelt[n][0] for n in natives], [spelt[n][1:] for n in natives]
    )


def _pool(
    native: list[str], passport: list[str], variants: list[tuple[str, ...]]
) -> NamePool:
    variant_array = np.empty(len(variants), dtype=object)
    variant_array[:] = variants
    return NamePool(
        np.asarray(native, dtype=object),
        np.asarray(passport, dtype=object),
        variant_array,
    )


@dataclass(frozen=True)
class DrawnNames:
    """Names of a group of people, one entry per person."""

    given_native: np.ndarray
    family_native: np.ndarray
    given: np.ndarray
    family: np.ndarray
    given_variants: np.ndarray
    family_variants: np.ndarray


def draw_names(
    citizenship: np.ndarray, sex: np.ndarray, rng: np.random.Generator
) -> DrawnNames:
    """Names for people of the given citizenships and sexes (vectorised per group)."""
    n = len(citizenship)
    out = {
        key: np.empty(n, dtype=object)
        for key in (
            "given_native",
            "family_native",
            "given",
            "family",
            "given_variants",
            "family_variants",
        )
    }
    # Group people by (citizenship, sex) with integer keys: comparing object arrays
    # once per group would be slow at a million people.
    codes, code_index = np.unique(citizenship.astype(str), return_inverse=True)
    key = code_index * 2 + (sex == MALE)
    order = np.argsort(key, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(key[order]) != 0])
    ends = np.r_[starts[1:], n]
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        rows = order[start:end]
        group = int(key[rows[0]])
        code, person_sex = str(codes[group // 2]), (MALE if group % 2 else FEMALE)
        for part in ("given", "family"):
            pool = name_pool(code, part, person_sex)
            picks = rng.integers(0, len(pool.native), rows.size)
            out[f"{part}_native"][rows] = pool.native[picks]
            out[part][rows] = pool.passport[picks]
            out[f"{part}_variants"][rows] = pool.variants[picks]
    return DrawnNames(**out)


__all__ = ["FEMALE", "MALE", "DrawnNames", "NamePool", "draw_names", "name_pool"]
