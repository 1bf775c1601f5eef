"""What validation reports: issues with stable codes, and the report that collects them.

Every issue code is a member of :class:`IssueCode` and is documented in
``docs/reference/issue-codes.md`` (a test keeps the two in step). Messages say what was
expected; they never contain a value: the value travels in its own field, and is left
out (``None``) for identity fields, so that no name, date of birth or document number
reaches a log, a screen or an API response through a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """An error rejects the file; a warning is worth a look but does not."""

    ERROR = "error"
    WARNING = "warning"


class IssueCode(StrEnum):
    """Stable issue codes. Never rename one: other systems filter on them."""

    # The file as a whole.
    FILE_EMPTY = "file.empty"
    FILE_HEADER_ONLY = "file.header_only"
    FILE_ENCODING = "file.encoding"
    FILE_FORMAT_MISMATCH = "file.format_mismatch"
    FILE_MAPPING_FORMAT_MISMATCH = "file.mapping_format_mismatch"
    FILE_UNSUPPORTED_FORMAT = "file.unsupported_format"
    FILE_UNREADABLE = "file.unreadable"
    FILE_SEVERAL_SHEETS = "file.several_sheets"
    FILE_SHEET_NOT_FOUND = "file.sheet_not_found"
    FILE_MERGED_HEADER = "file.merged_header"
    FILE_JSON_SHAPE = "file.json_shape"
    FILE_MALFORMED_ROW = "file.malformed_row"
    # Columns.
    COLUMN_DUPLICATE = "column.duplicate"
    COLUMN_UNNAMED = "column.unnamed"
    COLUMN_MISSING = "column.missing"
    COLUMN_UNKNOWN = "column.unknown"
    COLUMN_MAPPED_TWICE = "column.mapped_twice"
    COLUMN_CONSTANT_CONFLICT = "column.constant_conflict"
    # One value.
    VALUE_REQUIRED = "value.required"
    VALUE_UNKNOWN_CODE = "value.unknown_code"
    VALUE_INVALID_DATE = "value.invalid_date"
    VALUE_FUTURE_DATE = "value.future_date"
    VALUE_DATE_TOO_EARLY = "value.date_too_early"
    VALUE_INVALID_INTEGER = "value.invalid_integer"
    VALUE_INVALID_NUMBER = "value.invalid_number"
    VALUE_BELOW_MINIMUM = "value.below_minimum"
    VALUE_ABOVE_MAXIMUM = "value.above_maximum"
    VALUE_IMPLAUSIBLE = "value.implausible"
    # Several values of one record, or several records.
    RECORD_DUPLICATE_ID = "record.duplicate_id"
    RECORD_REGISTRATION_BEFORE_BIRTH = "record.registration_before_birth"
    RECORD_CHILD_FLAG_CONTRADICTS_AGE = "record.child_flag_contradicts_age"
    RECORD_CHILD_FLAG_ADULT_AGE = "record.child_flag_adult_age"
    RECORD_AGE_CONTRADICTS_BIRTH = "record.age_contradicts_birth"
    RECORD_END_BEFORE_START = "record.end_before_start"
    RECORD_PAID_EXCEEDS_AWARDED = "record.paid_exceeds_awarded"
    # The report itself.
    REPORT_TRUNCATED = "report.truncated"


@dataclass(frozen=True)
class IssueKind:
    """What an issue code means: its severity and its message in English and French.

    The messages are ``str.format`` templates over named parameters (``column``,
    ``expected``, ...). They never take the value itself.
    """

    severity: Severity
    en: str
    fr: str


E, W = Severity.ERROR, Severity.WARNING
C = IssueCode

ISSUE_KINDS: dict[IssueCode, IssueKind] = {
    C.FILE_EMPTY: IssueKind(
        E, "The file holds no records.", "Le fichier ne contient aucun enregistrement."
    ),
    C.FILE_HEADER_ONLY: IssueKind(
        E,
        "The file has a header but no records.",
        "Le fichier a une ligne d'en-tête mais aucun enregistrement.",
    ),
    C.FILE_ENCODING: IssueKind(
        E,
        "The text cannot be decoded{detail}; save the file as UTF-8, or give "
        "file.encoding in the mapping.",
        "Le texte ne peut pas être décodé{detail} ; enregistrez le fichier en UTF-8 "
        "ou indiquez file.encoding dans la correspondance.",
    ),
    C.FILE_FORMAT_MISMATCH: IssueKind(
        E,
        "The file is named as {declared} but its content is {found}.",
        "Le fichier porte le nom d'un fichier {declared} mais son contenu est {found}.",
    ),
    C.FILE_MAPPING_FORMAT_MISMATCH: IssueKind(
        E,
        "The mapping expects {declared} (file.format) but the file's content is "
        "{found}; fix file.format or send the file the mapping describes.",
        "La correspondance attend un fichier {declared} (file.format) mais le contenu "
        "du fichier est {found} ; corrigez file.format ou envoyez le fichier décrit.",
    ),
    C.FILE_UNSUPPORTED_FORMAT: IssueKind(
        E,
        "The content is {found}, which cannot be read; use CSV, XLSX, JSON or Parquet.",
        "Le contenu est {found}, illisible ici ; utilisez CSV, XLSX, JSON ou Parquet.",
    ),
    C.FILE_UNREADABLE: IssueKind(
        E,
        "The {format} file cannot be read: {detail}.",
        "Le fichier {format} est illisible : {detail}.",
    ),
    C.FILE_SEVERAL_SHEETS: IssueKind(
        E,
        "The workbook has several sheets with data ({sheets}); name the one to read "
        "with file.sheet in the mapping.",
        "Le classeur a plusieurs feuilles avec des données ({sheets}) ; indiquez "
        "laquelle lire avec file.sheet dans la correspondance.",
    ),
    C.FILE_SHEET_NOT_FOUND: IssueKind(
        E,
        "The workbook has no sheet named {sheet} (its sheets: {sheets}).",
        "Le classeur n'a pas de feuille nommée {sheet} (ses feuilles : {sheets}).",
    ),
    C.FILE_MERGED_HEADER: IssueKind(
        E,
        "Header cells {cells} are merged; give every column its own header cell.",
        "Les cellules d'en-tête {cells} sont fusionnées ; donnez à chaque colonne sa "
        "propre cellule d'en-tête.",
    ),
    C.FILE_JSON_SHAPE: IssueKind(
        E,
        "The JSON document is {found}; expected a list of objects or "
        '{{"records": [...]}}.',
        "Le document JSON est {found} ; attendu : une liste d'objets ou "
        '{{"records": [...]}}.',
    ),
    C.FILE_MALFORMED_ROW: IssueKind(
        E,
        "The row has {found} fields where the header has {expected}.",
        "La ligne a {found} champs alors que l'en-tête en a {expected}.",
    ),
    C.COLUMN_DUPLICATE: IssueKind(
        E,
        "Column {column} appears more than once in the header.",
        "La colonne {column} figure plusieurs fois dans l'en-tête.",
    ),
    C.COLUMN_UNNAMED: IssueKind(
        E,
        "Column {position} holds data but has no name in the header.",
        "La colonne {position} contient des données mais n'a pas de nom dans l'en-tête.",
    ),
    C.COLUMN_MISSING: IssueKind(
        E,
        "Required field {field} is missing: add the column, map one of yours to it "
        "(mapping columns), or give it as a constant.",
        "Le champ obligatoire {field} manque : ajoutez la colonne, faites-y "
        "correspondre une des vôtres (columns) ou donnez-le en constante.",
    ),
    C.COLUMN_UNKNOWN: IssueKind(
        E,
        "Column {column} is not a field of the {kind} standard; map it to a field "
        "(mapping columns) or list it under ignore.",
        "La colonne {column} n'est pas un champ du standard {kind} ; faites-la "
        "correspondre à un champ (columns) ou listez-la sous ignore.",
    ),
    C.COLUMN_MAPPED_TWICE: IssueKind(
        E,
        "Columns {columns} all map to field {field}; keep one.",
        "Les colonnes {columns} correspondent toutes au champ {field} ; gardez-en une.",
    ),
    C.COLUMN_CONSTANT_CONFLICT: IssueKind(
        E,
        "Field {field} is both a column of the file and a constant of the mapping.",
        "Le champ {field} est à la fois une colonne du fichier et une constante de la "
        "correspondance.",
    ),
    C.VALUE_REQUIRED: IssueKind(
        E,
        "{column}: a value is required.",
        "{column} : une valeur est obligatoire.",
    ),
    C.VALUE_UNKNOWN_CODE: IssueKind(
        E,
        "{column}: not a code of the list {codelist}; expected {expected}, or a "
        "translation under values in the mapping.",
        "{column} : pas un code de la liste {codelist} ; attendu : {expected}, ou une "
        "traduction sous values dans la correspondance.",
    ),
    C.VALUE_INVALID_DATE: IssueKind(
        E,
        "{column}: not a valid date; expected {expected}.",
        "{column} : date invalide ; attendu : {expected}.",
    ),
    C.VALUE_FUTURE_DATE: IssueKind(
        E,
        "{column}: the date is in the future (after {today}).",
        "{column} : la date est dans le futur (après le {today}).",
    ),
    C.VALUE_DATE_TOO_EARLY: IssueKind(
        E,
        "{column}: the date is before {earliest}.",
        "{column} : la date est antérieure au {earliest}.",
    ),
    C.VALUE_INVALID_INTEGER: IssueKind(
        E,
        "{column}: not a whole number.",
        "{column} : pas un nombre entier.",
    ),
    C.VALUE_INVALID_NUMBER: IssueKind(
        E,
        "{column}: not a number (use a point as decimal separator, no thousands "
        "separator).",
        "{column} : pas un nombre (point comme séparateur décimal, sans séparateur "
        "de milliers).",
    ),
    C.VALUE_BELOW_MINIMUM: IssueKind(
        E,
        "{column}: below the minimum {minimum}.",
        "{column} : inférieur au minimum {minimum}.",
    ),
    C.VALUE_ABOVE_MAXIMUM: IssueKind(
        E,
        "{column}: above the maximum {maximum}.",
        "{column} : supérieur au maximum {maximum}.",
    ),
    C.VALUE_IMPLAUSIBLE: IssueKind(
        W,
        "{column}: above {limit}; possible but unusual, please check.",
        "{column} : supérieur à {limit} ; possible mais inhabituel, à vérifier.",
    ),
    C.RECORD_DUPLICATE_ID: IssueKind(
        E,
        "{column}: the same id as row {first_row}; ids must be unique in a file.",
        "{column} : même identifiant qu'à la ligne {first_row} ; les identifiants "
        "doivent être uniques dans un fichier.",
    ),
    C.RECORD_REGISTRATION_BEFORE_BIRTH: IssueKind(
        E,
        "{column}: registration is dated before the person's birth.",
        "{column} : l'enregistrement est daté d'avant la naissance de la personne.",
    ),
    C.RECORD_CHILD_FLAG_CONTRADICTS_AGE: IssueKind(
        E,
        "{column}: says not a child, but the age at registration is under 18.",
        "{column} : indique « pas mineur », mais l'âge à l'enregistrement est "
        "inférieur à 18 ans.",
    ),
    C.RECORD_CHILD_FLAG_ADULT_AGE: IssueKind(
        W,
        "{column}: says a child, but the age at registration is 18 or more; right "
        "only if the exploitation began before 18.",
        "{column} : indique « mineur », mais l'âge à l'enregistrement est d'au moins "
        "18 ans ; exact seulement si l'exploitation a commencé avant 18 ans.",
    ),
    C.RECORD_AGE_CONTRADICTS_BIRTH: IssueKind(
        W,
        "{column}: the age differs by more than a year from the age the birth date "
        "or year gives at registration.",
        "{column} : l'âge diffère de plus d'un an de celui que donne la date ou "
        "l'année de naissance à l'enregistrement.",
    ),
    C.RECORD_END_BEFORE_START: IssueKind(
        E,
        "{column}: the end date is before the start date.",
        "{column} : la date de clôture est antérieure à la date d'ouverture.",
    ),
    C.RECORD_PAID_EXCEEDS_AWARDED: IssueKind(
        W,
        "{column}: more compensation paid than awarded.",
        "{column} : indemnisation versée supérieure à celle accordée.",
    ),
    C.REPORT_TRUNCATED: IssueKind(
        W,
        "{column}: {count} more rows have issue {issue}; only the first {shown} are "
        "listed.",
        "{column} : {count} autres lignes ont le problème {issue} ; seules les "
        "{shown} premières sont listées.",
    ),
}


@dataclass(frozen=True)
class Issue:
    """One problem found in a file.

    Attributes:
        row: the row as the user sees it in their file (CSV and XLSX: the header is
            row 1, so the first record is row 2; JSON and Parquet: the first record is
            row 1), or None for a problem of the whole file or a whole column.
        column: the column as named in the user's file (or the standard field when
            the file has no such column), or None.
        value: the offending value as found, or None when there is none or when the
            column is an identity field (identity values are never echoed).
        code: the stable issue code.
        severity: error (the file is rejected) or warning.
        message: what is wrong and what was expected; never contains the value.
    """

    row: int | None
    column: str | None
    value: str | None
    code: IssueCode
    severity: Severity
    message: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by the CLI, the upload page and the API."""
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "code": self.code.value,
            "severity": self.severity.value,
            "message": self.message,
        }


def make_issue(
    code: IssueCode,
    *,
    row: int | None = None,
    column: str | None = None,
    value: str | None = None,
    lang: str = "en",
    **params: Any,
) -> Issue:
    """Build an issue with the message of its code in ``lang`` ("en" or "fr")."""
    kind = ISSUE_KINDS[code]
    template = kind.fr if lang == "fr" else kind.en
    message = template.format(column=column, **params)
    return Issue(row, column, value, code, kind.severity, message)


@dataclass(frozen=True)
class ValidationReport:
    """Every issue found in one file, errors and warnings together.

    Attributes:
        rows: the number of records read (blank rows are not records).
        issues: sorted by row; file- and column-level issues (row None) first.
    """

    rows: int
    issues: tuple[Issue, ...]

    @property
    def is_valid(self) -> bool:
        """True when no issue is an error (warnings do not reject a file)."""
        return not any(i.severity is Severity.ERROR for i in self.issues)

    @property
    def errors(self) -> tuple[Issue, ...]:
        """The issues that reject the file."""
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """The issues that do not reject the file."""
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)

    def codes(self) -> set[str]:
        """The distinct issue codes in the report (handy in tests and summaries)."""
        return {i.code.value for i in self.issues}

    def to_dict(self) -> dict[str, Any]:
        """``{"valid", "rows", "issues": [...]}``, the shape of ``--json`` and the API."""
        return {
            "valid": self.is_valid,
            "rows": self.rows,
            "issues": [i.to_dict() for i in self.issues],
        }


def sort_issues(issues: list[Issue]) -> tuple[Issue, ...]:
    """Whole-file and whole-column issues first, then by row, keeping rule order."""
    return tuple(
        sorted(issues, key=lambda i: -1 if i.row is None else i.row)  # stable
    )
