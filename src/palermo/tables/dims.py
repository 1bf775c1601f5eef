"""The dimensions of the three dataflows, their codes and the table catalogue.

Codes are Eurostat's where Eurostat has them (citizenship ``NAT`` /
``EU27_2020_FOR`` / ``NEU27_2020_FOR``, age ``Y_LT18`` / ``Y_GE18``, forms of
exploitation ``SEX`` / ``LAB`` / ``OTH``) and the SDMX global ones otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from palermo.standard import load_codelist
from palermo.tables.model import Code, Dataflow, Dimension, TableSpec

TIME = "TIME_PERIOD"


def _from_codelist(list_id: str, codes: dict[str, str]) -> tuple[Code, ...]:
    """SDMX codes with the standard code list's labels (``standard code -> SDMX id``)."""
    codelist = load_codelist(list_id)
    return tuple(
        Code(sdmx_id, codelist.label(code, "en"), codelist.label(code, "fr"))
        for code, sdmx_id in codes.items()
    )


SEX_CODES = {"female": "F", "male": "M", "other": "OTH"}
STATUS_CODES = {"identified": "IDENT", "presumed": "PRES"}
STAGE_CODES = {"suspected": "SUSP", "prosecuted": "PROS", "convicted": "CONV"}
PROCEEDING_CODES = {"investigation": "INV", "prosecution": "PROS", "trial": "TRIAL"}
CITIZEN_CODES = {
    "reporting_country": "NAT",
    "other_eu": "EU27_2020_FOR",
    "non_eu": "NEU27_2020_FOR",
}
EXPLOIT_GROUPS = ("SEX", "LAB", "OTH")
MULTIPLE_FORMS = "MULTI"


def organisation_codes() -> dict[str, str]:
    """Standard organisation type -> SDMX code (the code in capitals)."""
    return {c.code: c.code.upper() for c in load_codelist("organisation_type").codes}


def exploitation_groups() -> dict[str, str]:
    """Standard form of exploitation -> Eurostat group (SEX, LAB, OTH)."""
    return {c.code: c.extra["eurostat"] for c in load_codelist("exploitation").codes}


@cache
def dimensions() -> dict[str, Dimension]:
    """Every breakdown dimension by its name in table specs."""
    groups = (
        Code("SEX", "Sexual exploitation", "Exploitation sexuelle"),
        Code("LAB", "Forced labour or services", "Travail ou services forcés"),
        Code("OTH", "Other forms", "Autres formes"),
    )
    citizen = (
        Code("NAT", "Reporting country", "Pays déclarant"),
        Code("EU27_2020_FOR", "Other EU Member State", "Autre État membre de l'UE"),
        Code("NEU27_2020_FOR", "Non-EU country", "Pays tiers à l'UE"),
    )
    age = (
        Code("Y_LT18", "Child (under 18)", "Enfant (moins de 18 ans)"),
        Code("Y_GE18", "Adult (18 or over)", "Adulte (18 ans ou plus)"),
    )
    dims = [
        Dimension(
            "STATUS",
            "Registration status",
            "Statut d'enregistrement",
            _from_codelist("victim_status", STATUS_CODES),
            always_unknown=False,
        ),
        Dimension("SEX", "Sex", "Sexe", _from_codelist("sex", SEX_CODES)),
        Dimension("AGE", "Age group", "Groupe d'âge", age),
        Dimension("CITIZEN", "Citizenship", "Nationalité", citizen),
        Dimension(
            "EXPLOIT",
            "Form of exploitation",
            "Forme d'exploitation",
            groups,
            multi=True,
        ),
        Dimension(
            "EXPLOIT",
            "Form of exploitation (each person once)",
            "Forme d'exploitation (chaque personne une fois)",
            (*groups, Code(MULTIPLE_FORMS, "Several forms", "Plusieurs formes")),
        ),
        Dimension(
            "REG_ORG",
            "Registering organisation type",
            "Type d'organisation qui enregistre",
            _from_codelist("organisation_type", organisation_codes()),
            multi=True,
            always_unknown=False,
        ),
        Dimension(
            "LEG_STAT",
            "Legal status",
            "Statut juridique",
            _from_codelist("suspect_stage", STAGE_CODES),
            has_total=False,
            always_unknown=False,
        ),
        Dimension(
            "PROC_TYPE",
            "Type of proceeding",
            "Type de procédure",
            _from_codelist("proceeding_type", PROCEEDING_CODES),
            always_unknown=False,
        ),
    ]
    names = [
        "STATUS",
        "SEX",
        "AGE",
        "CITIZEN",
        "EXPLOIT",
        "EXPLOIT_ONCE",
        "REG_ORG",
        "LEG_STAT",
        "PROC_TYPE",
    ]
    return dict(zip(names, dims, strict=True))


def time_dimension(periods: Sequence[str]) -> Dimension:
    """The reference period as a breakdown (trend tables); years do not add up."""
    return Dimension(
        TIME,
        "Reference period",
        "Période de référence",
        tuple(Code(p, p, p) for p in periods),
        has_total=False,
        always_unknown=False,
    )


def dimension(name: str, periods: Sequence[str] = ()) -> Dimension:
    """The dimension called ``name`` in table specs."""
    if name == TIME:
        return time_dimension(periods)
    return dimensions()[name]


# The key columns of each dataflow, in SDMX order. COUNTING says how persons with
# several forms or organisation types are counted in that cell; UNIT separates
# counts from rates and shares.
DATAFLOW_DIMS: dict[Dataflow, tuple[str, ...]] = {
    Dataflow.VICTIMS: (
        "FREQ",
        "GEO",
        "STATUS",
        "SEX",
        "AGE",
        "CITIZEN",
        "EXPLOIT",
        "REG_ORG",
        "COUNTING",
        "UNIT",
        TIME,
    ),
    Dataflow.TRAFFICKERS: (
        "FREQ",
        "GEO",
        "LEG_STAT",
        "SEX",
        "CITIZEN",
        "COUNTING",
        "UNIT",
        TIME,
    ),
    Dataflow.PROCEEDINGS: ("FREQ", "GEO", "PROC_TYPE", "COUNTING", "UNIT", TIME),
}

_PER_FORM_EN = (
    "A person with several forms of exploitation is counted once under each form; "
    "the total counts each person once, so the forms add up to more than the total."
)
_PER_FORM_FR = (
    "Une personne exploitée sous plusieurs formes est comptée sous chacune ; le total "
    "compte chaque personne une fois, la somme des formes dépasse donc le total."
)
_PER_ORG_EN = (
    "A person registered by several types of organisation is counted once under "
    "each type; the total counts each person once."
)
_PER_ORG_FR = (
    "Une personne enregistrée par plusieurs types d'organisation est comptée sous "
    "chacun ; le total compte chaque personne une fois."
)
_ONCE_EN = (
    "Each person is counted once: a person with forms from several groups is "
    "counted under 'Several forms', so the rows add up to the total."
)
_ONCE_FR = (
    "Chaque personne est comptée une fois : une personne exploitée sous des formes "
    "de plusieurs groupes figure sous « Plusieurs formes », les lignes s'additionnent."
)
_RECORDS_EN = (
    "Suspects are counted once per legal status as the sources report them; a "
    "person may be suspected, prosecuted and convicted, so the statuses do not add up."
)
_RECORDS_FR = (
    "Les suspects sont comptés une fois par statut juridique, tels que les sources les "
    "déclarent ; une même personne peut être suspectée, poursuivie et condamnée."
)


def victim_specs(periods: Sequence[str] = ()) -> list[TableSpec]:
    """The victim tables: Eurostat's breakdowns, by status and by organisation type."""
    v = Dataflow.VICTIMS
    specs = [
        TableSpec(
            "victims_by_sex",
            v,
            ("SEX", "STATUS"),
            "Registered victims by sex and registration status",
            "Victimes enregistrées par sexe et statut d'enregistrement",
        ),
        TableSpec(
            "victims_by_age",
            v,
            ("AGE", "STATUS"),
            "Registered victims by age group and registration status",
            "Victimes enregistrées par groupe d'âge et statut d'enregistrement",
        ),
        TableSpec(
            "victims_by_sex_age",
            v,
            ("SEX", "AGE"),
            "Registered victims by sex and age group",
            "Victimes enregistrées par sexe et groupe d'âge",
        ),
        TableSpec(
            "victims_by_citizenship",
            v,
            ("CITIZEN", "STATUS"),
            "Registered victims by citizenship and registration status",
            "Victimes enregistrées par nationalité et statut d'enregistrement",
        ),
        TableSpec(
            "victims_by_form",
            v,
            ("EXPLOIT", "STATUS"),
            "Registered victims by form of exploitation and registration status",
            "Victimes enregistrées par forme d'exploitation et statut d'enregistrement",
            counting_en=_PER_FORM_EN,
            counting_fr=_PER_FORM_FR,
        ),
        TableSpec(
            "victims_by_form_once",
            v,
            ("EXPLOIT_ONCE", "STATUS"),
            "Registered victims by form of exploitation (each person once) and "
            "registration status",
            "Victimes enregistrées par forme d'exploitation (chaque personne une fois) "
            "et statut d'enregistrement",
            counting_en=_ONCE_EN,
            counting_fr=_ONCE_FR,
        ),
    ]
    for dim, slug, en, fr in (
        ("SEX", "sex", "sex", "sexe"),
        ("AGE", "age", "age group", "groupe d'âge"),
        ("CITIZEN", "citizenship", "citizenship", "nationalité"),
        ("EXPLOIT", "form", "form of exploitation", "forme d'exploitation"),
    ):
        counting_en = _PER_ORG_EN + (" " + _PER_FORM_EN if dim == "EXPLOIT" else "")
        counting_fr = _PER_ORG_FR + (" " + _PER_FORM_FR if dim == "EXPLOIT" else "")
        specs.append(
            TableSpec(
                f"victims_by_organisation_{slug}",
                v,
                ("REG_ORG", dim),
                f"Registered victims by registering organisation type and {en}",
                f"Victimes enregistrées par type d'organisation et {fr}",
                counting_en=counting_en,
                counting_fr=counting_fr,
            )
        )
    if len(periods) > 1:
        specs += [
            TableSpec(
                "victims_trend_by_status",
                v,
                (TIME, "STATUS"),
                "Registered victims by year and registration status",
                "Victimes enregistrées par année et statut d'enregistrement",
            ),
            TableSpec(
                "victims_trend_by_sex",
                v,
                (TIME, "SEX"),
                "Registered victims by year and sex",
                "Victimes enregistrées par année et sexe",
            ),
        ]
    return specs


def trafficker_specs() -> list[TableSpec]:
    """Suspected, prosecuted and convicted traffickers by sex and by citizenship."""
    t = Dataflow.TRAFFICKERS
    return [
        TableSpec(
            "traffickers_by_sex",
            t,
            ("SEX", "LEG_STAT"),
            "Suspected, prosecuted and convicted traffickers by sex",
            "Trafiquants suspectés, poursuivis et condamnés par sexe",
            counting_en=_RECORDS_EN,
            counting_fr=_RECORDS_FR,
        ),
        TableSpec(
            "traffickers_by_citizenship",
            t,
            ("CITIZEN", "LEG_STAT"),
            "Suspected, prosecuted and convicted traffickers by citizenship",
            "Trafiquants suspectés, poursuivis et condamnés par nationalité",
            counting_en=_RECORDS_EN,
            counting_fr=_RECORDS_FR,
        ),
    ]


def proceeding_specs() -> list[TableSpec]:
    """Proceedings by type (counts of proceedings, not of persons)."""
    return [
        TableSpec(
            "proceedings_by_type",
            Dataflow.PROCEEDINGS,
            ("PROC_TYPE",),
            "Proceedings by type",
            "Procédures par type",
            counting_en="Each proceeding is counted once.",
            counting_fr="Chaque procédure est comptée une fois.",
        )
    ]


__all__ = [
    "DATAFLOW_DIMS",
    "EXPLOIT_GROUPS",
    "MULTIPLE_FORMS",
    "TIME",
    "dimension",
    "dimensions",
    "exploitation_groups",
    "organisation_codes",
    "proceeding_specs",
    "time_dimension",
    "trafficker_specs",
    "victim_specs",
]
