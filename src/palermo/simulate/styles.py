"""How each simulated organisation writes its files: format, columns and vocabulary.

No two organisations send the same layout. The police export a Windows spreadsheet
(CSV in cp1252 with ';'), the NGO keeps an Excel workbook in English with its own
exploitation codes, the labour inspectorate's system answers in JSON with ISO 5218 sex
codes, the border guard writes passport-style capitals and ISO alpha-3 nationalities,
social services use French labels in a tab-separated file. Each style also yields the
mapping file (``palermo.intake``'s YAML) that brings it to the standard.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from palermo.standard import Kind

# Ways a style writes the codes of a field: the standard code, the code list's English
# or French label, the ISO alpha-3 code (countries), or its own table {code: value}.
CODE = "code"
EN = "en"
FR = "fr"
ALPHA3 = "alpha3"
Vocabulary = str | dict[str, str]

# How names are written: as given, family name in capitals (French administrative
# habit), or everything in capitals (as in a passport's machine-readable zone).
AS_IS = "as_is"
UPPER_FAMILY = "upper_family"
UPPER = "upper"


@dataclass(frozen=True)
class FileStyle:
    """One organisation's file layout for one record kind.

    Attributes:
        format: "csv", "xlsx" or "json".
        columns: standard field -> the organisation's column name, in file order.
        vocabulary: per coded field, how its codes are written (see module constants).
        record_id: format of the organisation's record ids ({year}, {seq}).
        encoding, delimiter, line_end: CSV details.
        date_format: strftime format of dates in CSV and JSON (XLSX has real dates).
        multi_separator: separator of several codes in one cell (JSON uses lists).
        sheet: XLSX sheet name.
        unknown, not_applicable: how the organisation writes the reserved codes.
        names: how names are written (module constants).
    """

    format: str
    columns: dict[str, str]
    record_id: str
    vocabulary: dict[str, Vocabulary] = field(default_factory=dict)
    encoding: str = "utf-8"
    delimiter: str = ","
    line_end: str = "\n"
    date_format: str = "%Y-%m-%d"
    multi_separator: str = ";"
    sheet: str | None = None
    unknown: str = ""
    not_applicable: str = ""
    names: str = AS_IS

    @property
    def extension(self) -> str:
        """File extension of the format."""
        return self.format


_YES_NO_FR: dict[str, str] = {"yes": "Oui", "no": "Non"}
_YES_NO_EN: dict[str, str] = {"yes": "Y", "no": "N"}

# The NGO's own exploitation codes, as in its case-management workbook.
_NGO_FORMS = {
    "sexual": "SE",
    "labour": "LE",
    "begging": "FB",
    "criminal_activities": "FC",
    "servitude": "DS",
    "forced_marriage": "FM",
    "slavery": "SL",
    "illegal_adoption": "IA",
    "surrogacy": "SU",
    "organ_removal": "OR",
    "other": "OT",
}
_INSPECTION_FORMS = {
    "sexual": "SEXUAL_EXPLOITATION",
    "labour": "FORCED_LABOUR",
    "begging": "FORCED_BEGGING",
    "criminal_activities": "FORCED_CRIMINALITY",
    "servitude": "DOMESTIC_SERVITUDE",
    "forced_marriage": "FORCED_MARRIAGE",
    "slavery": "SLAVERY",
    "illegal_adoption": "ILLEGAL_ADOPTION",
    "surrogacy": "SURROGACY",
    "organ_removal": "ORGAN_REMOVAL",
    "other": "OTHER",
}

VICTIM_STYLES: dict[str, FileStyle] = {
    "police": FileStyle(
        format="csv",
        encoding="cp1252",
        delimiter=";",
        line_end="\r\n",
        date_format="%d/%m/%Y",
        multi_separator="|",
        record_id="PN-{year}-{seq:06d}",
        names=UPPER_FAMILY,
        columns={
            "source_record_id": "N° procédure",
            "registration_date": "Date enregistrement",
            "status": "Statut",
            "family_names": "NOM",
            "given_names": "Prénom(s)",
            "date_of_birth": "Date de naissance",
            "place_of_birth": "Lieu de naissance",
            "document_number": "N° pièce d'identité",
            "sex": "Sexe",
            "age": "Âge",
            "citizenship": "Nationalité",
            "forms_of_exploitation": "Forme(s) d'exploitation",
            "country_of_exploitation": "Pays d'exploitation",
            "cooperation": "Coopération",
            "referral_source": "Origine du signalement",
        },
        vocabulary={
            "status": FR,
            "sex": {"female": "F", "male": "H"},
            "citizenship": FR,
            "forms_of_exploitation": FR,
            "country_of_exploitation": FR,
            "cooperation": _YES_NO_FR,
            "referral_source": FR,
        },
        unknown="Inconnu",
        not_applicable="Sans objet",
    ),
    "ngo": FileStyle(
        format="xlsx",
        sheet="Beneficiaries",
        multi_separator=",",
        record_id="ACC{year}/{seq:05d}",
        columns={
            "source_record_id": "Case ID",
            "registration_date": "Intake date",
            "status": "Status",
            "given_names": "First name",
            "family_names": "Surname",
            "date_of_birth": "DOB",
            "birth_year": "YOB",
            "sex": "Gender",
            "age": "Age",
            "child": "Minor",
            "citizenship": "Nationality",
            "forms_of_exploitation": "Exploitation type",
            "unaccompanied_minor": "Unaccompanied",
            "assistance_received": "Assistance provided",
            "referral_source": "Referred by",
        },
        vocabulary={
            "status": {
                "presumed": "Potential victim",
                "identified": "Confirmed victim",
            },
            "sex": EN,
            "child": _YES_NO_EN,
            "citizenship": EN,
            "forms_of_exploitation": _NGO_FORMS,
            "unaccompanied_minor": _YES_NO_EN,
            "assistance_received": _YES_NO_EN,
            "referral_source": EN,
        },
        unknown="N/K",
        not_applicable="N/A",
    ),
    "labour_inspectorate": FileStyle(
        format="json",
        record_id="LI-{year}-{seq:05d}",
        columns={
            "source_record_id": "ref",
            "registration_date": "opened",
            "status": "status",
            "family_names": "surname",
            "given_names": "forename",
            "date_of_birth": "birth_date",
            "document_number": "document_no",
            "sex": "sex",
            "age": "age",
            "citizenship": "nationality",
            "forms_of_exploitation": "forms",
            "recruitment_country": "recruited_in",
            "assistance_received": "assisted",
            "referral_source": "referred_by",
        },
        vocabulary={
            "status": {"presumed": "P", "identified": "I"},
            "sex": {"male": "1", "female": "2"},  # ISO/IEC 5218
            "citizenship": CODE,
            "forms_of_exploitation": _INSPECTION_FORMS,
            "recruitment_country": CODE,
            "assistance_received": _YES_NO_EN,
            "referral_source": CODE,
        },
        not_applicable="NA",
    ),
    "border_guard": FileStyle(
        format="csv",
        record_id="BG{year}{seq:07d}",
        names=UPPER,
        columns={
            "source_record_id": "RECORD_NO",
            "registration_date": "DATE",
            "status": "STATUS",
            "family_names": "SURNAME",
            "given_names": "GIVEN_NAMES",
            "date_of_birth": "DATE_OF_BIRTH",
            "place_of_birth": "PLACE_OF_BIRTH",
            "document_number": "TRAVEL_DOC_NO",
            "sex": "SEX",
            "child": "CHILD",
            "citizenship": "NATIONALITY",
            "forms_of_exploitation": "EXPLOITATION",
            "recruitment_country": "RECRUITMENT_COUNTRY",
            "unaccompanied_minor": "UNACCOMPANIED",
            "referral_source": "REFERRAL",
        },
        vocabulary={
            "status": {"presumed": "PRESUMED", "identified": "IDENTIFIED"},
            "sex": {"female": "F", "male": "M"},
            "child": _YES_NO_EN,
            "citizenship": ALPHA3,
            "forms_of_exploitation": EN,
            "recruitment_country": ALPHA3,
            "unaccompanied_minor": _YES_NO_EN,
            "referral_source": EN,
        },
        unknown="UNK",
        not_applicable="N/A",
    ),
    "social_services": FileStyle(
        format="csv",
        encoding="utf-8-sig",
        delimiter="\t",
        date_format="%d.%m.%Y",
        record_id="SS-{year}-{seq:05d}",
        columns={
            "source_record_id": "Référence",
            "registration_date": "Date de prise en charge",
            "status": "Statut",
            "family_names": "Nom de famille",
            "given_names": "Prénom",
            "date_of_birth": "Né(e) le",
            "birth_year": "Année de naissance",
            "sex": "Sexe",
            "age": "Âge",
            "child": "Mineur",
            "citizenship": "Nationalité",
            "forms_of_exploitation": "Type d'exploitation",
            "guardian_appointed": "Tuteur désigné",
            "unaccompanied_minor": "Mineur non accompagné",
            "assistance_received": "Accompagnement",
            "referral_source": "Orienté par",
        },
        vocabulary={
            "status": {"presumed": "VP", "identified": "VI"},
            "sex": FR,
            "child": _YES_NO_FR,
            "citizenship": FR,
            "forms_of_exploitation": FR,
            "guardian_appointed": _YES_NO_FR,
            "unaccompanied_minor": _YES_NO_FR,
            "assistance_received": _YES_NO_FR,
            "referral_source": FR,
        },
        unknown="ND",
        not_applicable="Sans objet",
    ),
    "immigration": FileStyle(
        format="csv",
        date_format="%m/%d/%Y",  # a US-made case system: month first
        record_id="IMM/{year}/{seq:06d}",
        columns={
            "source_record_id": "File number",
            "registration_date": "Registered",
            "status": "Victim status",
            "family_names": "Last name",
            "given_names": "First name",
            "date_of_birth": "Birth date",
            "place_of_birth": "Birthplace",
            "document_number": "Passport",
            "sex": "Sex",
            "citizenship": "Citizenship",
            "reflection_period": "Reflection period",
            "residence_permit": "Residence permit",
            "cooperation": "Cooperates",
        },
        vocabulary={
            "status": EN,
            "sex": EN,
            "citizenship": EN,
            "reflection_period": EN,
            "residence_permit": EN,
            "cooperation": EN,
        },
        unknown="Unknown",
        not_applicable="Not applicable",
    ),
    "health": FileStyle(
        format="json",
        date_format="%Y-%m-%d",
        record_id="H{year}{seq:06d}",
        columns={
            "source_record_id": "id_patient",
            "registration_date": "date_admission",
            "status": "statut",
            "family_names": "nom",
            "given_names": "prenom",
            "date_of_birth": "date_naissance",
            "sex": "sexe",
            "age": "age",
            "citizenship": "nationalite",
            "forms_of_exploitation": "exploitation",
            "referral_source": "adresse_par",
        },
        vocabulary={
            "status": FR,
            "sex": {"female": "F", "male": "M"},
            "citizenship": FR,
            "forms_of_exploitation": FR,
            "referral_source": FR,
        },
        unknown="inconnu",
        not_applicable="sans objet",
    ),
    "shelter": FileStyle(
        format="csv",
        delimiter=";",
        date_format="%d/%m/%Y",
        multi_separator="/",
        record_id="HEB-{seq:04d}-{year}",
        columns={
            "source_record_id": "Dossier",
            "registration_date": "Arrivée",
            "status": "Statut",
            "family_names": "Nom",
            "given_names": "Prénom",
            "date_of_birth": "Naissance",
            "sex": "Sexe",
            "child": "Enfant",
            "citizenship": "Nationalité",
            "forms_of_exploitation": "Exploitation",
            "assistance_received": "Hébergée",
        },
        vocabulary={
            "status": FR,
            "sex": FR,
            "child": _YES_NO_FR,
            "citizenship": FR,
            "forms_of_exploitation": FR,
            "assistance_received": _YES_NO_FR,
        },
        unknown="?",
        not_applicable="Sans objet",
    ),
}

_STAGE_FR = {
    "suspected": "Mis en cause",
    "prosecuted": "Poursuivi",
    "convicted": "Condamné",
}

SUSPECT_STYLES: dict[str, FileStyle] = {
    "police": FileStyle(
        format="csv",
        encoding="cp1252",
        delimiter=";",
        line_end="\r\n",
        date_format="%d/%m/%Y",
        multi_separator="|",
        record_id="MEC-{year}-{seq:06d}",
        columns={
            "source_record_id": "N° mis en cause",
            "record_date": "Date",
            "stage": "Stade",
            "proceeding_id": "N° procédure",
            "sex": "Sexe",
            "age": "Âge",
            "citizenship": "Nationalité",
            "forms_of_exploitation": "Forme(s) d'exploitation",
            "role": "Rôle",
            "knowing_use": "Usage en connaissance de cause",
        },
        vocabulary={
            "stage": _STAGE_FR,
            "sex": {"female": "F", "male": "H"},
            "citizenship": FR,
            "forms_of_exploitation": FR,
            "role": FR,
            "knowing_use": _YES_NO_FR,
        },
        unknown="Inconnu",
    ),
    "prosecution": FileStyle(
        format="xlsx",
        sheet="Defendants",
        record_id="DEF{year}-{seq:05d}",
        columns={
            "source_record_id": "Defendant ID",
            "record_date": "Charge date",
            "stage": "Stage",
            "proceeding_id": "Case no.",
            "sex": "Sex",
            "age": "Age",
            "citizenship": "Citizenship",
            "forms_of_exploitation": "Exploitation",
            "role": "Role",
        },
        vocabulary={
            "stage": EN,
            "sex": EN,
            "citizenship": EN,
            "forms_of_exploitation": EN,
            "role": EN,
        },
        unknown="Unknown",
    ),
    "court": FileStyle(
        format="json",
        record_id="J{year}-{seq:05d}",
        columns={
            "source_record_id": "id_condamne",
            "record_date": "date_jugement",
            "stage": "stade",
            "proceeding_id": "affaire",
            "sex": "sexe",
            "age": "age",
            "citizenship": "nationalite",
            "role": "role",
            "sentence_type": "peine",
            "sentence_months": "duree_mois",
        },
        vocabulary={
            "stage": FR,
            "sex": FR,
            "citizenship": FR,
            "role": FR,
            "sentence_type": {
                "prison": "EMP",
                "suspended": "SURSIS",
                "fine": "AMENDE",
                "other": "AUTRE",
            },
        },
        unknown="inconnu",
        not_applicable="sans objet",
    ),
}

PROCEEDING_STYLES: dict[str, FileStyle] = {
    "police": FileStyle(
        format="csv",
        encoding="cp1252",
        delimiter=";",
        line_end="\r\n",
        date_format="%d/%m/%Y",
        record_id="PROC-{year}-{seq:05d}",
        columns={
            "source_record_id": "N° procédure",
            "proceeding_type": "Type",
            "start_date": "Ouverture",
            "end_date": "Clôture",
            "joint_investigation_team": "ECE",
            "europol_involved": "Europol",
            "eurojust_involved": "Eurojust",
            "suspects_count": "Nb mis en cause",
            "victims_count": "Nb victimes",
            "assets_frozen_eur": "Avoirs gelés (EUR)",
        },
        vocabulary={
            "proceeding_type": FR,
            "joint_investigation_team": _YES_NO_FR,
            "europol_involved": _YES_NO_FR,
            "eurojust_involved": _YES_NO_FR,
        },
    ),
    "prosecution": FileStyle(
        format="xlsx",
        sheet="Cases",
        record_id="PR/{year}/{seq:05d}",
        columns={
            "source_record_id": "Case no.",
            "proceeding_type": "Type",
            "start_date": "Opened",
            "end_date": "Closed",
            "joint_investigation_team": "JIT",
            "europol_involved": "Europol",
            "eurojust_involved": "Eurojust",
            "suspects_count": "Defendants",
            "victims_count": "Victims",
            "assets_frozen_eur": "Assets frozen (EUR)",
        },
        vocabulary={
            "proceeding_type": EN,
            "joint_investigation_team": _YES_NO_EN,
            "europol_involved": _YES_NO_EN,
            "eurojust_involved": _YES_NO_EN,
        },
    ),
    "court": FileStyle(
        format="json",
        record_id="RG-{year}-{seq:05d}",
        columns={
            "source_record_id": "affaire",
            "proceeding_type": "type",
            "start_date": "date_ouverture",
            "end_date": "date_jugement",
            "suspects_count": "nb_prevenus",
            "victims_count": "nb_victimes",
            "assets_confiscated_eur": "avoirs_confisques_eur",
            "compensation_awarded_eur": "indemnisation_accordee_eur",
            "compensation_paid_eur": "indemnisation_versee_eur",
        },
        vocabulary={"proceeding_type": FR},
    ),
}

STYLES: dict[Kind, dict[str, FileStyle]] = {
    Kind.VICTIMS: VICTIM_STYLES,
    Kind.SUSPECTS: SUSPECT_STYLES,
    Kind.PROCEEDINGS: PROCEEDING_STYLES,
}


def style_for(kind: Kind, name: str) -> FileStyle:
    """The file style ``name`` for a record kind (KeyError if there is none)."""
    return STYLES[kind][name]


__all__ = [
    "ALPHA3",
    "AS_IS",
    "CODE",
    "EN",
    "FR",
    "STYLES",
    "UPPER",
    "UPPER_FAMILY",
    "FileStyle",
    "style_for",
]
