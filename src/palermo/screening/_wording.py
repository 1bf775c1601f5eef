"""How a screening result reads, in English and French.

The words matter: the indicators give a presumption for referral, never a legal
finding, and "indicators not met" must not read as "not a victim".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from palermo.screening.indicators import STRENGTH_LABELS, Indicator

if TYPE_CHECKING:
    from palermo.screening.decision import ScreeningResult

ASK_AT_MOST = 8

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "presumed_victim": "presumed victim — indicators met: {met}",
        "inconclusive": (
            "inconclusive — the indicators are not met on what is known, but would be "
            "if the unknown answers were present"
        ),
        "indicators_not_met": (
            "indicators not met — even if every unknown answer were present, the "
            "combination rule is not met. This is not a finding that the person is not "
            "a victim: refer them if there are other grounds for concern"
        ),
        "if_unknowns": "If the unknown answers were present: {outcome}.",
        "ask": "Ask about: {items}.",
        "more": "(and {n} more)",
        "rule": "rule {clause}: {words}",
        "not_legal": (
            "Screening result, not a legal determination: formal identification rests "
            "with the competent authority."
        ),
    },
    "fr": {
        "presumed_victim": "victime présumée — indicateurs réunis : {met}",
        "inconclusive": (
            "non concluant — les indicateurs ne sont pas réunis sur ce qui est connu, "
            "mais le seraient si les réponses inconnues étaient « présent »"
        ),
        "indicators_not_met": (
            "indicateurs non réunis — même si toutes les réponses inconnues étaient "
            "« présent », la règle de combinaison ne serait pas remplie. Cela ne "
            "signifie pas que la personne n'est pas une victime : orientez-la s'il existe "
            "d'autres motifs d'inquiétude"
        ),
        "if_unknowns": "Si les réponses inconnues étaient « présent » : {outcome}.",
        "ask": "À demander : {items}.",
        "more": "(et {n} autres)",
        "rule": "règle {clause} : {words}",
        "not_legal": (
            "Résultat de pré-identification, et non décision juridique : "
            "l'identification formelle relève de l'autorité compétente."
        ),
    },
}

OUTCOME_NAMES = {
    "en": {
        "presumed_victim": "presumed victim",
        "inconclusive": "inconclusive",
        "indicators_not_met": "indicators not met",
    },
    "fr": {
        "presumed_victim": "victime présumée",
        "inconclusive": "non concluant",
        "indicators_not_met": "indicateurs non réunis",
    },
}


def _lang(lang: str) -> str:
    return "fr" if lang == "fr" else "en"


def indicator_words(indicator: Indicator, lang: str) -> str:
    """ "Label (strength)" in ``lang``."""
    strength = STRENGTH_LABELS[indicator.strength][_lang(lang)]
    return f"{indicator.label(lang)} ({strength})"


def summarise(result: ScreeningResult, lang: str = "en") -> str:
    """The outcome of ``result`` in words, with the indicators that decided it."""
    from palermo.screening.decision import Outcome
    from palermo.screening.rules import load_rules

    text = TEXT[_lang(lang)]
    names = OUTCOME_NAMES[_lang(lang)]
    rules = load_rules()
    if result.outcome is Outcome.PRESUMED_VICTIM:
        parts = []
        for dim in result.decisive:
            clause = rules.clause(dim.clause) if dim.clause else None
            rule = (
                text["rule"].format(clause=clause.id, words=clause.describe(lang))
                if clause
                else ""
            )
            items = "; ".join(indicator_words(i, lang) for i in dim.present)
            parts.append(f"{dim.dimension.label(lang)} [{rule}]: {items}")
        lines = [text["presumed_victim"].format(met=" | ".join(parts))]
    else:
        lines = [text[result.outcome.value]]
        if result.outcome is Outcome.INCONCLUSIVE:
            lines.append(
                text["if_unknowns"].format(
                    outcome=names[result.outcome_if_unknowns_present.value]
                )
            )
            # The full list is in result.to_ask; a sentence that names every unknown
            # would not be read, so it names the most telling ones.
            shown = result.to_ask[:ASK_AT_MOST]
            items = "; ".join(indicator_words(i, lang) for i in shown)
            if len(result.to_ask) > len(shown):
                items += " " + text["more"].format(n=len(result.to_ask) - len(shown))
            lines.append(text["ask"].format(items=items))
    lines.append(text["not_legal"])
    sentence = " ".join(line if line.endswith(".") else line + "." for line in lines)
    return sentence[0].upper() + sentence[1:]
