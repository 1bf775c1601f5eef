"""The common data standard: code lists, record schemas, and their exports.

Imported by every other package; imports none of them.
"""

from palermo.standard.codelists import (
    EU_MEMBER_STATES,
    NOT_APPLICABLE,
    RESERVED_CODES,
    STATELESS,
    UNKNOWN,
    Code,
    CodeList,
    citizenship_group,
    codelist_ids,
    fold,
    load_codelist,
)
from palermo.standard.schema import (
    ENCODED_FILTERS,
    ENCODED_TOKENS,
    MULTI_SEPARATOR,
    STANDARD_VERSION,
    Field,
    FieldType,
    Kind,
    encoded_identity_columns,
    field_of,
    fields_of,
    identity_fields,
    required_fields,
)

__all__ = [
    "EU_MEMBER_STATES",
    "MULTI_SEPARATOR",
    "NOT_APPLICABLE",
    "RESERVED_CODES",
    "STANDARD_VERSION",
    "STATELESS",
    "UNKNOWN",
    "Code",
    "CodeList",
    "Field",
    "FieldType",
    "Kind",
    "citizenship_group",
    "codelist_ids",
    "field_of",
    "fields_of",
    "fold",
    "identity_fields",
    "encoded_identity_columns",
    "ENCODED_FILTERS",
    "ENCODED_TOKENS",
    "load_codelist",
    "required_fields",
]
