"""Record schemas of the common data standard: victims, suspects, proceedings.

A schema is a tuple of :class:`Field`. Identity fields (names, date of birth, place of
birth, document number) exist only for linkage: they are pseudonymised at source, never
tabulated, never echoed in messages or logs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

STANDARD_VERSION = "1.0"

# Separator of multi-valued coded fields (forms of exploitation) in flat files.
MULTI_SEPARATOR = ";"


class Kind(StrEnum):
    """The three record kinds a source organisation submits."""

    VICTIMS = "victims"
    SUSPECTS = "suspects"
    PROCEEDINGS = "proceedings"


class FieldType(StrEnum):
    STRING = "string"
    CODE = "code"  # one code from a code list
    CODES = "codes"  # several codes from a code list (multi-valued)
    DATE = "date"  # ISO 8601 calendar date
    INTEGER = "integer"
    NUMBER = "number"


@dataclass(frozen=True)
class Field:
    """One field of a record kind.

    Attributes:
        name: the standard column name.
        type: how values are written and checked.
        en, fr: what the field means, for templates and documentation.
        codelist: the code list id of CODE/CODES fields.
        required: a record without it is rejected.
        identity: used only for linkage; never shown, logged or tabulated.
        minimum, maximum: bounds that are errors when crossed.
        warn_above: a value above it is plausible but suspicious (a warning).
    """

    name: str
    type: FieldType
    en: str
    fr: str
    codelist: str | None = None
    required: bool = False
    identity: bool = False
    minimum: float | None = None
    maximum: float | None = None
    warn_above: float | None = None


F = FieldType

_COMMON_HEAD = (
    Field(
        "source_record_id",
        F.STRING,
        "The organisation's own id of this record; unique within a submission.",
        "Identifiant de l'enregistrement propre à l'organisation ; unique dans une soumission.",
        required=True,
    ),
    Field(
        "organisation_id",
        F.STRING,
        "Id of the registering organisation.",
        "Identifiant de l'organisation qui enregistre.",
        required=True,
    ),
    Field(
        "organisation_type",
        F.CODE,
        "Type of the registering organisation.",
        "Type de l'organisation qui enregistre.",
        codelist="organisation_type",
        required=True,
    ),
)

VICTIM_FIELDS: tuple[Field, ...] = (
    *_COMMON_HEAD,
    Field(
        "registration_date",
        F.DATE,
        "Date the person was registered as a victim.",
        "Date d'enregistrement de la personne comme victime.",
        required=True,
    ),
    Field(
        "status",
        F.CODE,
        "Presumed or formally identified victim.",
        "Victime présumée ou formellement identifiée.",
        codelist="victim_status",
        required=True,
    ),
    Field(
        "given_names",
        F.STRING,
        "Given names (identity: linkage only).",
        "Prénoms (identité : appariement uniquement).",
        identity=True,
    ),
    Field(
        "family_names",
        F.STRING,
        "Family names (identity: linkage only).",
        "Noms de famille (identité : appariement uniquement).",
        identity=True,
    ),
    Field(
        "date_of_birth",
        F.DATE,
        "Date of birth (identity: linkage only).",
        "Date de naissance (identité : appariement uniquement).",
        identity=True,
    ),
    Field(
        "birth_year",
        F.INTEGER,
        "Year of birth, when the full date is not known.",
        "Année de naissance, si la date complète est inconnue.",
        minimum=1900,
        maximum=2100,
    ),
    Field(
        "place_of_birth",
        F.STRING,
        "Place of birth (identity: linkage only).",
        "Lieu de naissance (identité : appariement uniquement).",
        identity=True,
    ),
    Field(
        "document_number",
        F.STRING,
        "Identity or travel document number (identity: linkage only).",
        "Numéro de document d'identité ou de voyage (identité : appariement uniquement).",
        identity=True,
    ),
    Field("sex", F.CODE, "Sex.", "Sexe.", codelist="sex"),
    Field(
        "age",
        F.INTEGER,
        "Age in years at registration.",
        "Âge en années à l'enregistrement.",
        minimum=0,
        maximum=120,
        warn_above=100,
    ),
    Field(
        "child",
        F.CODE,
        "Whether under 18 at the time of exploitation.",
        "Mineur (moins de 18 ans) au moment de l'exploitation.",
        codelist="yes_no",
    ),
    Field(
        "citizenship",
        F.CODE,
        "Citizenship (ISO 3166-1 alpha-2, stateless or unknown).",
        "Nationalité (ISO 3166-1 alpha-2, apatride ou inconnue).",
        codelist="country",
    ),
    Field(
        "forms_of_exploitation",
        F.CODES,
        "Forms of exploitation (several allowed, separated by ';').",
        "Formes d'exploitation (plusieurs possibles, séparées par « ; »).",
        codelist="exploitation",
    ),
    Field(
        "country_of_exploitation",
        F.CODE,
        "Country where the exploitation took place.",
        "Pays où l'exploitation a eu lieu.",
        codelist="country",
    ),
    Field(
        "recruitment_country",
        F.CODE,
        "Country where the person was recruited.",
        "Pays où la personne a été recrutée.",
        codelist="country",
    ),
    Field(
        "assistance_received",
        F.CODE,
        "Whether the person received assistance and support.",
        "La personne a-t-elle reçu assistance et soutien.",
        codelist="yes_no",
    ),
    Field(
        "reflection_period",
        F.CODE,
        "Recovery and reflection period (Directive 2004/81/EC, Art. 6).",
        "Délai de rétablissement et de réflexion (directive 2004/81/CE, art. 6).",
        codelist="reflection_period",
    ),
    Field(
        "residence_permit",
        F.CODE,
        "Residence permit under Directive 2004/81/EC.",
        "Titre de séjour au titre de la directive 2004/81/CE.",
        codelist="residence_permit",
    ),
    Field(
        "cooperation",
        F.CODE,
        "Whether the person cooperates with the authorities.",
        "La personne coopère-t-elle avec les autorités.",
        codelist="yes_no",
    ),
    Field(
        "unaccompanied_minor",
        F.CODE,
        "Unaccompanied minor.",
        "Mineur non accompagné.",
        codelist="yes_no",
    ),
    Field(
        "guardian_appointed",
        F.CODE,
        "Whether a guardian was appointed (children).",
        "Un tuteur a-t-il été désigné (enfants).",
        codelist="yes_no",
    ),
    Field(
        "referral_source",
        F.CODE,
        "Who referred the person.",
        "Qui a orienté la personne.",
        codelist="referral_source",
    ),
)

SUSPECT_FIELDS: tuple[Field, ...] = (
    *_COMMON_HEAD,
    Field(
        "record_date",
        F.DATE,
        "Date of the record (suspicion, charge or judgment).",
        "Date de l'enregistrement (soupçon, mise en accusation ou jugement).",
        required=True,
    ),
    Field(
        "stage",
        F.CODE,
        "Stage in the criminal-justice system.",
        "Stade de la procédure pénale.",
        codelist="suspect_stage",
        required=True,
    ),
    Field(
        "proceeding_id",
        F.STRING,
        "Id of the related proceeding.",
        "Identifiant de la procédure liée.",
    ),
    Field("sex", F.CODE, "Sex.", "Sexe.", codelist="sex"),
    Field(
        "age",
        F.INTEGER,
        "Age in years.",
        "Âge en années.",
        minimum=0,
        maximum=120,
        warn_above=100,
    ),
    Field(
        "citizenship",
        F.CODE,
        "Citizenship (ISO 3166-1 alpha-2).",
        "Nationalité (ISO 3166-1 alpha-2).",
        codelist="country",
    ),
    Field(
        "forms_of_exploitation",
        F.CODES,
        "Forms of exploitation (several allowed, separated by ';').",
        "Formes d'exploitation (plusieurs possibles, séparées par « ; »).",
        codelist="exploitation",
    ),
    Field(
        "role",
        F.CODE,
        "Role in the trafficking.",
        "Rôle dans la traite.",
        codelist="suspect_role",
    ),
    Field(
        "knowing_use",
        F.CODE,
        "Knowing use of services exacted from a victim (Directive Art. 18a).",
        "Utilisation en connaissance de cause des services d'une victime (directive, art. 18 bis).",
        codelist="yes_no",
    ),
    Field(
        "sentence_type",
        F.CODE,
        "Type of sentence (convicted only).",
        "Type de peine (condamnés uniquement).",
        codelist="sentence_type",
    ),
    Field(
        "sentence_months",
        F.INTEGER,
        "Length of custodial sentence in months (convicted only).",
        "Durée de la peine privative de liberté en mois (condamnés uniquement).",
        minimum=0,
        maximum=1200,
        warn_above=600,
    ),
)

PROCEEDING_FIELDS: tuple[Field, ...] = (
    *_COMMON_HEAD,
    Field(
        "proceeding_type",
        F.CODE,
        "Investigation, prosecution or trial.",
        "Enquête, poursuite ou procès.",
        codelist="proceeding_type",
        required=True,
    ),
    Field(
        "start_date",
        F.DATE,
        "Date the proceeding started.",
        "Date d'ouverture de la procédure.",
        required=True,
    ),
    Field(
        "end_date",
        F.DATE,
        "Date the proceeding ended.",
        "Date de clôture de la procédure.",
    ),
    Field(
        "joint_investigation_team",
        F.CODE,
        "A joint investigation team was set up.",
        "Une équipe commune d'enquête a été créée.",
        codelist="yes_no",
    ),
    Field(
        "europol_involved",
        F.CODE,
        "Europol was involved.",
        "Europol a été associé.",
        codelist="yes_no",
    ),
    Field(
        "eurojust_involved",
        F.CODE,
        "Eurojust was involved.",
        "Eurojust a été associé.",
        codelist="yes_no",
    ),
    Field(
        "suspects_count",
        F.INTEGER,
        "Number of suspects in the proceeding.",
        "Nombre de suspects dans la procédure.",
        minimum=0,
        maximum=10000,
        warn_above=500,
    ),
    Field(
        "victims_count",
        F.INTEGER,
        "Number of victims in the proceeding.",
        "Nombre de victimes dans la procédure.",
        minimum=0,
        maximum=100000,
        warn_above=5000,
    ),
    Field(
        "assets_frozen_eur",
        F.NUMBER,
        "Assets frozen, in euros.",
        "Avoirs gelés, en euros.",
        minimum=0,
    ),
    Field(
        "assets_confiscated_eur",
        F.NUMBER,
        "Assets confiscated, in euros.",
        "Avoirs confisqués, en euros.",
        minimum=0,
    ),
    Field(
        "compensation_awarded_eur",
        F.NUMBER,
        "Compensation awarded to victims, in euros.",
        "Indemnisation accordée aux victimes, en euros.",
        minimum=0,
    ),
    Field(
        "compensation_paid_eur",
        F.NUMBER,
        "Compensation actually paid to victims, in euros.",
        "Indemnisation effectivement versée aux victimes, en euros.",
        minimum=0,
    ),
)

_SCHEMAS = {
    Kind.VICTIMS: VICTIM_FIELDS,
    Kind.SUSPECTS: SUSPECT_FIELDS,
    Kind.PROCEEDINGS: PROCEEDING_FIELDS,
}


def fields_of(kind: Kind | str) -> tuple[Field, ...]:
    """The fields of a record kind, in standard column order."""
    return _SCHEMAS[Kind(kind)]


def field_of(kind: Kind | str, name: str) -> Field:
    """One field of a kind by name; KeyError if the standard has no such field."""
    for candidate in fields_of(kind):
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def identity_fields(kind: Kind | str) -> tuple[str, ...]:
    """Names of the identity fields of a kind (never shown, logged or tabulated)."""
    return tuple(f.name for f in fields_of(kind) if f.identity)


# The columns ``palermo encode`` puts in place of the identity fields: keyed
# Bloom-filter encodings (binary) and keyed tokens (64-bit integers). A file may carry
# them instead of the plain fields; intake passes them through untouched.
ENCODED_FILTERS = (
    "given_names_bloom",
    "family_names_bloom",
    "place_of_birth_bloom",
    "document_number_bloom",
)
ENCODED_TOKENS = (
    "date_of_birth_token",
    "date_of_birth_day_token",
    "date_of_birth_month_token",
    "date_of_birth_year_token",
    "document_number_token",
)


def encoded_identity_columns(kind: Kind | str) -> tuple[str, ...]:
    """The keyed encodings a file of ``kind`` may carry instead of identity fields."""
    return (*ENCODED_FILTERS, *ENCODED_TOKENS) if identity_fields(kind) else ()


def required_fields(kind: Kind | str) -> tuple[str, ...]:
    """Names of the fields every record of a kind must have."""
    return tuple(f.name for f in fields_of(kind) if f.required)
