"""Intake: read source files, map their vocabularies to the standard, validate them.

``read_records(path, kind, mapping)`` is the one call most users need: it reads a CSV,
XLSX, JSON or Parquet file (the content decides, not the extension), applies the
source organisation's mapping, checks every rule and returns the report with, when
valid, the normalised table.
"""

from palermo.intake.issues import (
    ISSUE_KINDS,
    Issue,
    IssueCode,
    Severity,
    ValidationReport,
)
from palermo.intake.mapping import FileHints, Mapping, load_mapping, mapping_from_dict
from palermo.intake.readers import RawTable, UnreadableFile, read_raw
from palermo.intake.rules import RULES, Rule
from palermo.intake.suggest import Suggestion, suggest_mapping
from palermo.intake.validate import IntakeResult, read_records, validate_raw

__all__ = [
    "ISSUE_KINDS",
    "RULES",
    "FileHints",
    "IntakeResult",
    "Issue",
    "IssueCode",
    "Mapping",
    "RawTable",
    "Rule",
    "Severity",
    "Suggestion",
    "UnreadableFile",
    "ValidationReport",
    "load_mapping",
    "mapping_from_dict",
    "read_raw",
    "read_records",
    "suggest_mapping",
    "validate_raw",
]
