"""Printable prompt sheets for screening without a computer (EN/FR).

A sheet is one self-contained HTML file (no external CSS, fonts or scripts) with print
CSS for A4: the indicators of a profile, or of a short form, by dimension, with a
present / absent / unknown box for each, the decision rule in words, and the source of
the list. It has no field for a name or any other identity data: a case reference only.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from palermo.errors import InputError
from palermo.screening.forms import ShortForm, load_form, referral_advice
from palermo.screening.indicators import (
    STRENGTH_LABELS,
    load_dimensions,
    require_profile,
)
from palermo.screening.rules import ScreeningConfig, load_rules

LANGUAGES = ("en", "fr")

UI: dict[str, dict[str, str]] = {
    "en": {
        "title": "Screening prompt sheet",
        "profile": "Indicator list",
        "adult_labour": "Adults — labour exploitation",
        "child_labour": "Children (under 18) — labour exploitation",
        "adult_sexual": "Adults — sexual exploitation",
        "child_sexual": "Children (under 18) — sexual exploitation",
        "date": "Date",
        "place": "Place",
        "organisation": "Organisation of the screener",
        "case_reference": "Case reference (no name)",
        "interpreter": "Interpreter used",
        "yes_no": "yes / no",
        "indicator": "Indicator",
        "strength": "Strength",
        "present": "Present",
        "absent": "Absent",
        "unknown": "Unknown",
        "how_to_answer": (
            "Mark each indicator present, absent or unknown. Unknown is not absent: "
            "leave a box unknown when it was not asked or not answered."
        ),
        "dimension_rule": "A dimension is positive when its present indicators include at least:",
        "combination_rule": "The person is a presumed victim when:",
        "adult_rule": (
            "a recruitment dimension (1, 2 or 3) is positive AND the exploitation "
            "dimension (4) is positive AND coercion (5) or abuse of vulnerability (6) "
            "at destination is positive"
        ),
        "or": "or",
        "what_next": "What to do next",
        "not_legal": (
            "This sheet supports screening. Its result is a presumption for referral, "
            "never a legal determination: formal identification rests with the "
            "competent authority. A person under 18, or whose age is uncertain, is "
            "treated as a child and referred without needing consent."
        ),
        "source": "Source",
        "data_version": "Data version",
        "rules_version": "Rules version",
        "verification": "Verification of the transcription",
        "translation": "Translation",
        "short_form": "Short form",
        "colon": ":",
        "verification_secondary": "from a secondary source, not yet checked against the ILO text",
    },
    "fr": {
        "title": "Fiche d'entretien pour la pré-identification",
        "profile": "Liste d'indicateurs",
        "adult_labour": "Adultes — exploitation par le travail",
        "child_labour": "Enfants (moins de 18 ans) — exploitation par le travail",
        "adult_sexual": "Adultes — exploitation sexuelle",
        "child_sexual": "Enfants (moins de 18 ans) — exploitation sexuelle",
        "date": "Date",
        "place": "Lieu",
        "organisation": "Organisation de l'évaluateur",
        "case_reference": "Référence du dossier (sans nom)",
        "interpreter": "Recours à un interprète",
        "yes_no": "oui / non",
        "indicator": "Indicateur",
        "strength": "Force",
        "present": "Présent",
        "absent": "Absent",
        "unknown": "Inconnu",
        "how_to_answer": (
            "Cochez pour chaque indicateur présent, absent ou inconnu. Inconnu n'est pas "
            "absent : cochez inconnu quand la question n'a pas été posée ou n'a pas eu "
            "de réponse."
        ),
        "dimension_rule": (
            "Une dimension est positive quand ses indicateurs présents comptent au moins :"
        ),
        "combination_rule": "La personne est une victime présumée quand :",
        "adult_rule": (
            "une dimension de recrutement (1, 2 ou 3) est positive ET la dimension "
            "d'exploitation (4) est positive ET la contrainte (5) ou l'abus de "
            "vulnérabilité (6) à destination est positive"
        ),
        "or": "ou",
        "what_next": "Et ensuite",
        "not_legal": (
            "Cette fiche aide à la pré-identification. Son résultat est une présomption "
            "qui justifie une orientation, jamais une décision juridique : "
            "l'identification formelle relève de l'autorité compétente. Une personne de "
            "moins de 18 ans, ou dont l'âge est incertain, est traitée comme un enfant "
            "et orientée sans que son consentement soit requis."
        ),
        "source": "Source",
        "data_version": "Version des données",
        "rules_version": "Version des règles",
        "verification": "Vérification de la transcription",
        "translation": "Traduction",
        "short_form": "Formulaire abrégé",
        "colon": " :",
        "verification_secondary": (
            "d'après une source secondaire, pas encore vérifiée sur le texte de l'OIT"
        ),
    },
}


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("palermo.screening", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def sheet_context(
    profile: str,
    lang: str = "en",
    form: str | ShortForm | None = None,
    config: ScreeningConfig | None = None,
) -> dict[str, Any]:
    """Everything the sheet template shows, as plain data (also handy for the hub)."""
    if lang not in LANGUAGES:
        raise InputError(f"unknown language {lang!r}; expected en or fr")
    prof = require_profile(profile)
    short = load_form(form) if isinstance(form, str) else form
    indicators = short.indicators_for(prof) if short else prof.indicators
    rules = load_rules()
    config = config or ScreeningConfig()
    if prof.population == "adult":
        combination = UI[lang]["adult_rule"]
    else:
        combination = rules.child_labels[config.child_rule or rules.child_default][lang]
    dimensions = []
    for dim in load_dimensions():
        rows = [
            {
                "id": i.id,
                "label": i.label(lang),
                "strength": i.strength.value,
                "strength_label": STRENGTH_LABELS[i.strength][lang],
            }
            for i in indicators
            if i.dimension == dim.id
        ]
        if rows:
            dimensions.append(
                {
                    "id": dim.id,
                    "number": dim.id[1:],
                    "label": dim.label(lang),
                    "prompt": dim.prompt(lang),
                    "indicators": rows,
                }
            )
    return {
        "lang": lang,
        "ui": UI[lang],
        "profile": prof.provenance() | {"label": UI[lang][prof.id]},
        "form": None
        if short is None
        else {"id": short.id, "title": short.title(lang), "intro": short.intro(lang)},
        "referral_advice": referral_advice(lang) if short else None,
        "dimensions": dimensions,
        "clauses": [c.describe(lang) for c in rules.dimension_rule],
        "combination": combination,
        "rules_version": rules.data_version,
    }


def render_sheet(
    profile: str,
    lang: str = "en",
    form: str | ShortForm | None = None,
    config: ScreeningConfig | None = None,
) -> str:
    """A printable, self-contained HTML prompt sheet.

    Args:
        profile: ``adult_labour``, ``child-labour``...
        lang: ``en`` or ``fr`` (French labels are an unofficial translation).
        form: a short form id (``border_guard``, ``consular``) to print only its
            indicators; None prints the whole list.
        config: the child rule to explain on child sheets.

    Raises:
        IndicatorListMissing: the profile's list is not transcribed.
        InputError: unknown language, profile or form.
    """
    context = sheet_context(profile, lang, form, config)
    return _environment().get_template("sheet.html.j2").render(**context)
