"""One Splink model definition for both modes.

The comparisons, their levels, the training procedure and the blocking are the same in
encoded and plain mode; only how a name similarity is computed differs:

- encoded: the Dice coefficient of two Bloom filters, ``2|A & B| / (|A| + |B|)``,
  written as SQL over the filters' 64-bit words (``bit_count`` of the AND);
- plain: the Jaro-Winkler similarity of the normalised names.

The thresholds of "agrees" and "is close" are set per mode so that they mean the same:
a name recorded identically, and a name with about one typo. Every m and u probability
is estimated from the data (u by random sampling, m by expectation maximisation); none
is set by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator

from palermo.linkage.prepare import STEMS

# Similarity that counts as "agrees" and "is close", per mode. Encoded filters carry
# randomised-response noise, so two encodings of one name score about 0.985, one typo
# about 0.88 and unrelated names about 0.64.
THRESHOLDS = {
    "encoded": {"agree": 0.94, "close": 0.82, "similar": 0.79},
    "plain": {"agree": 0.97, "close": 0.88, "similar": 0.80},
}

_JARO_WINKLER = {"duckdb": "jaro_winkler_similarity", "spark": "jaro_winkler"}


@dataclass(frozen=True)
class ModelShape:
    """What the SQL of a model needs to know about the prepared input.

    Attributes:
        mode: "encoded" or "plain".
        dialect: Splink SQL dialect ("duckdb" or "spark").
        filter_bits: length of each Bloom filter in bits (encoded mode).
    """

    mode: str
    dialect: str = "duckdb"
    filter_bits: int = 1024

    @property
    def words(self) -> tuple[str, int]:
        """Column infix and count of the words a filter is stored in.

        DuckDB counts bits of 128-bit HUGEINTs (half the calls of 64-bit words);
        Spark has no 128-bit integer, so it gets 64-bit BIGINTs.
        """
        if self.dialect == "duckdb":
            return "h", self.filter_bits // 128
        return "w", self.filter_bits // 64


def similarity(shape: ModelShape, left: str, right: str) -> str:
    """SQL for the similarity of field stem ``left`` (l) and ``right`` (r), in [0, 1]."""
    if shape.mode == "encoded":
        infix, count = shape.words
        if infix == "h":
            # bit_count of a HUGEINT is a SMALLINT: the sum (at most 1024) fits.
            terms = [f"bit_count({left}_h{i}_l & {right}_h{i}_r)" for i in range(count)]
        else:
            # bit_count of a BIGINT may be a small type: cast before adding.
            terms = [
                f"cast(bit_count({left}_w{i}_l & {right}_w{i}_r) as int)"
                for i in range(count)
            ]
        return f"(2.0 * ({' + '.join(terms)}) / ({left}_n_l + {right}_n_r))"
    function = _JARO_WINKLER[shape.dialect]
    return f"{function}({left}_l, {right}_r)"


def _present(shape: ModelShape, stem: str, side: str) -> str:
    column = f"{stem}_n" if shape.mode == "encoded" else stem
    return f"{column}_{side} is not null"


def _null_level(sql: str) -> cll.CustomLevel:
    level = cll.CustomLevel(sql, label_for_charts="missing")
    level.configure(is_null_level=True)
    return level


def _swapped(shape: ModelShape) -> str:
    # Close, not only agreeing: a swap often comes with a typo or another spelling.
    t = THRESHOLDS[shape.mode]["close"]
    g, f = STEMS["given_names"], STEMS["family_names"]
    return f"{similarity(shape, g, f)} >= {t} and {similarity(shape, f, g)} >= {t}"


def name_comparison(
    shape: ModelShape, stem: str, description: str, weighs_swap: bool = True
) -> cl.CustomComparison:
    """One name field: agrees, close (about one typo), swapped, or different.

    "Swapped" is a pair whose given name is the other's family name and back (sources
    put the two in different orders); without it such a pair would count as two
    disagreements. A swap is one event seen by both name comparisons, so only one
    (``weighs_swap``) weighs it; the other's swapped level is neutral (m = u, fixed).
    Counting it twice gave a swap more weight than two agreeing names, enough to link
    namesakes born on different dates. Agreement on a common name counts for less than
    on a rare one (term-frequency adjustment on ``<stem>_key``, a fingerprint of the
    name).
    """
    t = THRESHOLDS[shape.mode]
    sim = similarity(shape, stem, stem)
    missing = f"not {_present(shape, stem, 'l')} or not {_present(shape, stem, 'r')}"
    agrees = cll.CustomLevel(f"{sim} >= {t['agree']}", "agrees")
    # The base is this level's own u (the names are compared by similarity, not by
    # equality); frequent names lower the weight, rare ones do not raise it much.
    agrees.configure(
        tf_adjustment_column=f"{stem}_key",
        tf_adjustment_weight=1.0,
        tf_minimum_u_value=0.001,
        disable_tf_exact_match_detection=True,
    )
    swapped = cll.CustomLevel(_swapped(shape), "given and family swapped")
    if not weighs_swap:
        swapped = _neutral(swapped)
    return cl.CustomComparison(
        comparison_levels=[
            _null_level(missing),
            agrees,
            cll.CustomLevel(f"{sim} >= {t['close']}", "close"),
            swapped,
            # Another spelling of a name written in another script (Youssef and
            # Yusuf), two slips, or a related name: weak evidence, but not the
            # strong disagreement of two unrelated names.
            cll.CustomLevel(f"{sim} >= {t['similar']}", "similar"),
            cll.ElseLevel(),
        ],
        output_column_name=f"{stem}_names",
        comparison_description=description,
    )


def date_of_birth_comparison() -> cl.CustomComparison:
    """Date of birth by its parts: exact, day/month swapped, two parts of three, the
    year with a placeholder date, the year alone."""
    exact = cll.CustomLevel("dob_l = dob_r", "same date")
    exact.configure(tf_adjustment_column="dob")
    return cl.CustomComparison(
        comparison_levels=[
            _null_level("dob_l is null or dob_r is null"),
            exact,
            cll.CustomLevel(
                "dob_day_l = dob_month_r and dob_month_l = dob_day_r "
                "and dob_year_l = dob_year_r",
                "day and month swapped",
            ),
            cll.CustomLevel(
                "dob_day_l = dob_day_r and dob_month_l = dob_month_r",
                "day and month agree",
            ),
            cll.CustomLevel(
                "dob_year_l = dob_year_r and dob_month_l = dob_month_r",
                "year and month agree",
            ),
            cll.CustomLevel(
                "dob_year_l = dob_year_r and dob_day_l = dob_day_r",
                "year and day agree",
            ),
            # A 1 January placeholder for an unknown day and month keeps the year. Day
            # and month share their keyed tokens, so "day = month" is seen in both
            # modes; 1 January accounts for most such dates, and a placeholder against
            # a real date in the same year is much stronger evidence than the year
            # alone (most random pairs born in one year have no placeholder).
            cll.CustomLevel(
                "dob_year_l = dob_year_r "
                "and (dob_day_l = dob_month_l or dob_day_r = dob_month_r)",
                "year agrees, a placeholder date",
            ),
            cll.CustomLevel("dob_year_l = dob_year_r", "year agrees"),
            cll.ElseLevel(),
        ],
        output_column_name="date_of_birth",
        comparison_description="date of birth",
    )


def birth_year_comparison() -> cl.CustomComparison:
    """Year of birth (given or estimated from age) where a date of birth is missing.

    When both records have a date of birth the date comparison already weighs the
    year, so this comparison stays neutral (counting it twice would overstate it).
    """
    return cl.CustomComparison(
        comparison_levels=[
            _null_level(
                "birth_year_l is null or birth_year_r is null "
                "or (dob_l is not null and dob_r is not null)"
            ),
            cll.CustomLevel("birth_year_l = birth_year_r", "same year"),
            cll.CustomLevel("abs(birth_year_l - birth_year_r) <= 1", "one year apart"),
            cll.CustomLevel("abs(birth_year_l - birth_year_r) <= 3", "within 3 years"),
            cll.ElseLevel(),
        ],
        output_column_name="birth_year",
        comparison_description="year of birth when the date is missing",
    )


def _exact(column: str, description: str) -> cl.CustomComparison:
    return cl.CustomComparison(
        comparison_levels=[
            _null_level(f"{column}_l is null or {column}_r is null"),
            cll.CustomLevel(f"{column}_l = {column}_r", "same"),
            cll.ElseLevel(),
        ],
        output_column_name=column,
        comparison_description=description,
    )


def _neutral(level: cll.CustomLevel) -> cll.CustomLevel:
    """A level that weighs nothing either way (m = u, fixed: not trained)."""
    level.configure(
        m_probability=0.5,
        u_probability=0.5,
        fix_m_probability=True,
        fix_u_probability=True,
    )
    return level


def citizenship_comparison(shape: ModelShape) -> cl.CustomComparison:
    """Citizenship: the same, or different.

    When both names agree the same citizenship adds nothing: namesakes are mostly of
    one community, so their citizenships agree as a true pair's do (the comparisons
    are not independent there). Counting it anyway linked namesakes born in the same
    year.
    """
    names = _names_agree(shape)
    same = "citizenship_l = citizenship_r"
    return cl.CustomComparison(
        comparison_levels=[
            _null_level("citizenship_l is null or citizenship_r is null"),
            _neutral(cll.CustomLevel(f"{same} and {names}", "same, names agree")),
            cll.CustomLevel(same, "same"),
            cll.ElseLevel(),
        ],
        output_column_name="citizenship",
        comparison_description="citizenship",
    )


def place_comparison(shape: ModelShape) -> cl.CustomComparison:
    """Place of birth by name similarity."""
    t = THRESHOLDS[shape.mode]
    place = STEMS["place_of_birth"]
    sim = similarity(shape, place, place)
    missing = f"not {_present(shape, place, 'l')} or not {_present(shape, place, 'r')}"
    return cl.CustomComparison(
        comparison_levels=[
            _null_level(missing),
            cll.CustomLevel(f"{sim} >= {t['agree']}", "agrees"),
            cll.CustomLevel(f"{sim} >= {t['close']}", "close"),
            cll.ElseLevel(),
        ],
        output_column_name="place_of_birth",
        comparison_description="place of birth",
    )


def document_comparison(shape: ModelShape) -> cl.CustomComparison:
    """Document number: exact token, or close (a typo)."""
    t = THRESHOLDS[shape.mode]
    if shape.mode == "encoded":
        stem = STEMS["document_number"]
        close = f"{similarity(shape, stem, stem)} >= {t['close']}"
    else:
        close = f"{_JARO_WINKLER[shape.dialect]}(doc_l, doc_r) >= {t['close']}"
    return cl.CustomComparison(
        comparison_levels=[
            _null_level("doc_l is null or doc_r is null"),
            cll.CustomLevel("doc_l = doc_r", "same number"),
            cll.CustomLevel(close, "close"),
            cll.ElseLevel(),
        ],
        output_column_name="document_number",
        comparison_description="identity or travel document number",
    )


def forms_comparison() -> cl.CustomComparison:
    """Forms of exploitation: the same set, an overlap, or none in common."""
    return cl.CustomComparison(
        comparison_levels=[
            _null_level("forms_l is null or forms_r is null"),
            cll.CustomLevel("forms_l = forms_r", "same forms"),
            cll.CustomLevel("(forms_l & forms_r) <> 0", "overlap"),
            cll.ElseLevel(),
        ],
        output_column_name="forms_of_exploitation",
        comparison_description="forms of exploitation",
    )


def registration_comparison() -> cl.CustomComparison:
    """How far apart the two registrations are."""
    gap = "abs(registration_day_l - registration_day_r)"
    return cl.CustomComparison(
        comparison_levels=[
            _null_level("registration_day_l is null or registration_day_r is null"),
            cll.CustomLevel(f"{gap} <= 30", "within 30 days"),
            cll.CustomLevel(f"{gap} <= 180", "within 180 days"),
            cll.ElseLevel(),
        ],
        output_column_name="registration_date",
        comparison_description="registration dates",
    )


COMPARISONS: tuple[Callable[[ModelShape], cl.CustomComparison], ...] = (
    lambda shape: name_comparison(shape, STEMS["given_names"], "given names"),
    lambda shape: name_comparison(
        shape, STEMS["family_names"], "family names", weighs_swap=False
    ),
    lambda shape: date_of_birth_comparison(),
    lambda shape: birth_year_comparison(),
    lambda shape: _exact("sex", "sex"),
    citizenship_comparison,
    place_comparison,
    document_comparison,
    lambda shape: forms_comparison(),
    lambda shape: registration_comparison(),
)


def settings(
    shape: ModelShape, probability_two_random_records_match: float = 1e-4
) -> SettingsCreator:
    """The Splink settings of the linkage model for one mode and SQL dialect.

    Candidate pairs come from ``blocking.py`` (registered with the linker), so the
    settings carry no blocking rules of their own.
    """
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[make(shape) for make in COMPARISONS],
        blocking_rules_to_generate_predictions=[],
        probability_two_random_records_match=probability_two_random_records_match,
        retain_matching_columns=False,
        # Keeps the comparison levels (gamma_*) that clerical review shows.
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=[],
        em_convergence=0.001,
        max_iterations=20,
    )


def floor_m_probabilities(comparisons: Iterable[Any], floor: float) -> list[str]:
    """Raise every trained m below ``floor`` to it, and renormalise each comparison.

    EM drives the m of a level that true pairs never reach in the training data (two
    citizenships, two sets of forms of exploitation) to almost 0, a match weight of
    -35 or less: one recording error in one statistical field would then veto a pair
    that agrees on names and date of birth. Flooring m says instead that such an error
    is rare, not impossible (a floor of 0.002 caps the penalty at about -9 when most
    random pairs disagree). The other levels of the comparison give up the mass in
    proportion to their m, so the levels still sum to 1.

    Returns:
        "comparison: level" of each level that was raised.
    """
    raised: list[str] = []
    for comparison in comparisons:
        levels = [
            level
            for level in comparison.comparison_levels
            if not level.is_null_level
            and level.m_probability is not None
            and not getattr(level, "_fix_m_probability", False)
        ]
        low: set[int] = set()
        while True:
            newly = {
                i
                for i, level in enumerate(levels)
                if i not in low and float(level.m_probability) < floor
            }
            if not newly:
                break
            low |= newly
            rest = sum(
                float(lv.m_probability) for i, lv in enumerate(levels) if i not in low
            )
            spare = 1.0 - floor * len(low)
            if rest <= 0 or spare <= 0:
                break
            for i, level in enumerate(levels):
                level.m_probability = (
                    floor if i in low else float(level.m_probability) * spare / rest
                )
        raised += [
            f"{comparison.output_column_name}: {levels[i].label_for_charts}"
            for i in sorted(low)
        ]
    return raised


def _names_agree(shape: ModelShape) -> str:
    t = THRESHOLDS[shape.mode]["agree"]
    return " and ".join(
        f"{similarity(shape, stem, stem)} >= {t}"
        for stem in (STEMS["given_names"], STEMS["family_names"])
    )


def names_agree_sql(shape: ModelShape) -> str:
    """SQL (l./r. form) that is true when both names agree: for deterministic rules."""
    return re.sub(r"\b(\w+)_([lr])\b", r"\2.\1", _names_agree(shape))
