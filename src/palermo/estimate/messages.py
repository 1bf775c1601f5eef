"""Plain-words explanations, in English and French, of what the estimator decided.

Each notice has a stable code (for machines and tests), and a text in each language
written for a reader who is not a statistician.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LANGUAGES = ("en", "fr")

_TEXTS: dict[str, dict[str, str]] = {
    # Why a term is not in the model.
    "not_significant": {
        "en": "{term}: {observed:g} on both {a} and {b} against {expected:.1f} expected "
        "without this link; the difference is within chance (p = {p:.2g}, not below "
        "{threshold:g}), so it was left out.",
        "fr": "{term} : {observed:g} sur {a} et {b} à la fois, contre {expected:.1f} "
        "attendues sans ce lien ; l'écart reste dans le hasard (p = {p:.2g}, pas "
        "inférieur à {threshold:g}), il n'a donc pas été retenu.",
    },
    "no_estimate": {
        "en": "{term}: adding the link between {a} and {b} would leave the data unable "
        "to fix the number missed (the maximum likelihood estimate would not exist).",
        "fr": "{term} : ajouter le lien entre {a} et {b} empêcherait les données de "
        "déterminer le nombre de personnes manquées (l'estimateur du maximum de "
        "vraisemblance n'existerait pas).",
    },
    "not_identifiable": {
        "en": "{term}: adding the link between {a} and {b} would make the model "
        "ambiguous: different values would fit the data equally well (not "
        "identifiable).",
        "fr": "{term} : ajouter le lien entre {a} et {b} rendrait le modèle ambigu : "
        "des valeurs différentes s'ajusteraient aussi bien aux données (non "
        "identifiable).",
    },
    "no_estimate_not_identifiable": {
        "en": "{term}: adding the link between {a} and {b} would leave no estimate and "
        "make the model ambiguous.",
        "fr": "{term} : ajouter le lien entre {a} et {b} ne laisserait aucune "
        "estimation et rendrait le modèle ambigu.",
    },
    "independence_assumed": {
        "en": "{term}: left out because the model takes every list as independent of "
        "the others (method main).",
        "fr": "{term} : écarté car le modèle suppose toutes les listes indépendantes "
        "(méthode main).",
    },
    "not_in_best_model": {
        "en": "{term}: not in the model with the lowest {criterion}.",
        "fr": "{term} : absent du modèle au plus faible {criterion}.",
    },
    # A term in the model fixed at minus infinity.
    "never_overlap": {
        "en": "{term}: nobody is on both {a} and {b}, and the model expects people "
        "there, so the link is fixed at minus infinity: the model takes it that "
        "nobody can be on both lists (as SparseMSE does).",
        "fr": "{term} : personne ne figure à la fois sur {a} et {b} alors que le modèle "
        "y attend des personnes ; le lien est donc fixé à moins l'infini : le modèle "
        "considère que personne ne peut être sur les deux listes (comme SparseMSE).",
    },
    # Statistical doubts (also raised as StatisticalWarning).
    "sparse_overlap": {
        "en": "Only {overlap:,} of the {observed:,} people are on more than one list. The "
        "number missed is inferred from these overlaps, so the estimate rests on very "
        "few people: read it as an order of magnitude.",
        "fr": "Seules {overlap:,} des {observed:,} personnes figurent sur plus d'une liste. "
        "Le nombre de personnes manquées se déduit de ces recoupements : "
        "l'estimation repose sur très peu de personnes, à lire comme un ordre de "
        "grandeur.",
    },
    "model_dependence": {
        "en": "The estimate depends strongly on which links between lists are modelled: "
        "reasonable models give from {low:,.0f} to {high:,.0f}. Report this range "
        "alongside the estimate.",
        "fr": "L'estimation dépend fortement des liens entre listes retenus : des "
        "modèles raisonnables donnent de {low:,.0f} à {high:,.0f}. Publiez cette "
        "fourchette avec l'estimation.",
    },
    "large_dark_figure": {
        "en": "The estimate ({estimate:,.0f}) is more than {ratio:g} times the number "
        "observed ({observed:,}): most of the total is inferred, not seen.",
        "fr": "L'estimation ({estimate:,.0f}) dépasse {ratio:g} fois le nombre observé "
        "({observed:,}) : l'essentiel du total est déduit, non observé.",
    },
    "bootstrap_failures": {
        "en": "{failures} of {n_boot} bootstrap samples gave no estimate; they count "
        "as above every other value in the interval.",
        "fr": "{failures} des {n_boot} échantillons bootstrap n'ont donné aucune "
        "estimation ; ils comptent comme supérieurs à toute autre valeur.",
    },
    "no_upper_limit": {
        "en": "The profile likelihood does not fall below the cut-off however large the "
        "total: the data set no upper limit.",
        "fr": "La vraisemblance profilée ne passe pas sous le seuil, si grand que soit "
        "le total : les données ne fixent aucune borne supérieure.",
    },
    "sparse_stratum": {
        "en": "Stratum {stratum} is too sparse to estimate on its own ({reason}); it "
        "was pooled with the other sparse strata.",
        "fr": "La strate {stratum} est trop clairsemée pour être estimée seule "
        "({reason}) ; elle a été regroupée avec les autres strates clairsemées.",
    },
    # The method's caveat, on every estimate (not a doubt about these data).
    "downward_bias": {
        "en": "The model allows for the links between lists it includes, and for no "
        "others. Victims who are easy to find for one organisation are often easy to "
        "find for the others too, and organisations refer victims to each other: such "
        "positive dependence beyond the model makes the estimate, and its interval, too "
        "low. Read the total as a lower bound rather than a range certain to hold the "
        "truth.",
        "fr": "Le modèle tient compte des liens entre listes qu'il inclut, et d'aucun "
        "autre. Les victimes faciles à repérer pour une organisation le sont souvent "
        "pour les autres, et les organisations s'orientent des victimes : cette "
        "dépendance positive hors du modèle rend l'estimation, et son intervalle, trop "
        "basses. Lisez le total comme une borne inférieure plutôt que comme une "
        "fourchette sûre de contenir la vérité.",
    },
    "sparse_strata_merged": {
        "en": "Even together, the sparse strata ({strata}) are too sparse to estimate; "
        "their people were estimated with the largest stratum, {stratum}.",
        "fr": "Même regroupées, les strates clairsemées ({strata}) le sont trop pour "
        "être estimées ; leurs personnes ont été estimées avec la plus grande strate, "
        "{stratum}.",
    },
}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _French:
    """A number that formats the French way: 12 345,6 (narrow space, decimal comma)."""

    def __init__(self, value: float) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        text = format(self.value, spec)
        return text.replace(",", "\u202f").replace(".", ",")


@dataclass(frozen=True)
class Notice:
    """A decision or doubt, explained.

    Attributes:
        code: Stable identifier (``not_significant``, ``sparse_overlap``...).
        values: The figures the explanation quotes.
    """

    code: str
    values: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: str = "en") -> str:
        """The explanation in ``lang`` (``"en"`` or ``"fr"``)."""
        if lang == "fr":
            template = _TEXTS[self.code]["fr"]
            values = {k: _French(v) if _is_number(v) else v for k, v in self.values}
            return template.format(**values)
        return _TEXTS[self.code]["en"].format(**dict(self.values))

    def to_dict(self) -> dict[str, Any]:
        """Code, figures and both texts, for JSON."""
        return {
            "code": self.code,
            **{key: value for key, value in self.values},
            "en": self.text("en"),
            "fr": self.text("fr"),
        }


def notice(code: str, **values: Any) -> Notice:
    """Build a notice; unknown codes fail at once rather than at rendering."""
    if code not in _TEXTS:
        raise KeyError(code)
    return Notice(code, tuple(values.items()))
