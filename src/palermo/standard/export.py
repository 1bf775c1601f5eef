"""The standard as a Frictionless data package: Table Schemas and code-list tables.

``export_datapackage(folder)`` writes::

    datapackage.json            the package: one resource per kind and per code list
    schemas/<kind>.json         a Table Schema per record kind (enums, constraints)
    data/<kind>.csv             an example record of each kind, valid against its schema
    codelists/<id>.csv          each code list with its labels, synonyms and provenance

so that any tool that speaks Frictionless (``frictionless validate``, the Open Data
Institute's CSV tools, R's frictionless package) can check a file against the standard
without Palermo. The Table Schemas say what the standard says, with two limits of the
format: a multi-valued field is a string with a pattern over its codes, and reserved
codes (unknown, not applicable) are part of every enum.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from palermo.standard.codelists import (
    RESERVED_CODES,
    RESERVED_LABELS,
    codelist_ids,
    load_codelist,
)
from palermo.standard.schema import (
    MULTI_SEPARATOR,
    STANDARD_VERSION,
    Field,
    FieldType,
    Kind,
    fields_of,
)

_TYPES = {
    FieldType.STRING: "string",
    FieldType.CODE: "string",
    FieldType.CODES: "string",
    FieldType.DATE: "date",
    FieldType.INTEGER: "integer",
    FieldType.NUMBER: "number",
}

_KIND_TEXT = {
    Kind.VICTIMS: (
        "Victim records: one registration of a presumed or identified victim of "
        "trafficking by one organisation.",
        "Enregistrements de victimes : un enregistrement d'une victime présumée ou "
        "identifiée de la traite par une organisation.",
    ),
    Kind.SUSPECTS: (
        "Suspect and offender records: suspected, prosecuted and convicted "
        "traffickers.",
        "Enregistrements de suspects et d'auteurs : trafiquants soupçonnés, poursuivis "
        "et condamnés.",
    ),
    Kind.PROCEEDINGS: (
        "Proceeding records: investigations, prosecutions and trials, with assets and "
        "compensation.",
        "Enregistrements de procédures : enquêtes, poursuites et procès, avec avoirs et "
        "indemnisation.",
    ),
}

# One example record per kind, valid against its schema; identity fields left empty.
EXAMPLES: dict[Kind, dict[str, str]] = {
    Kind.VICTIMS: {
        "source_record_id": "2024-0001",
        "organisation_id": "ngo-example",
        "organisation_type": "ngo",
        "registration_date": "2024-03-01",
        "status": "presumed",
        "birth_year": "1999",
        "sex": "female",
        "age": "24",
        "child": "no",
        "citizenship": "RO",
        "forms_of_exploitation": "sexual;labour",
        "country_of_exploitation": "FR",
        "recruitment_country": "RO",
        "assistance_received": "yes",
        "reflection_period": "granted",
        "residence_permit": "granted",
        "cooperation": "yes",
        "unaccompanied_minor": "not_applicable",
        "guardian_appointed": "not_applicable",
        "referral_source": "police",
    },
    Kind.SUSPECTS: {
        "source_record_id": "S-2024-17",
        "organisation_id": "court-example",
        "organisation_type": "court",
        "record_date": "2024-06-12",
        "stage": "convicted",
        "proceeding_id": "P-2023-4",
        "sex": "male",
        "age": "41",
        "citizenship": "unknown",
        "forms_of_exploitation": "sexual",
        "role": "organiser",
        "knowing_use": "no",
        "sentence_type": "prison",
        "sentence_months": "60",
    },
    Kind.PROCEEDINGS: {
        "source_record_id": "P-2023-4",
        "organisation_id": "prosecution-example",
        "organisation_type": "prosecution",
        "proceeding_type": "prosecution",
        "start_date": "2023-02-01",
        "end_date": "2024-06-12",
        "joint_investigation_team": "yes",
        "europol_involved": "yes",
        "eurojust_involved": "no",
        "suspects_count": "3",
        "victims_count": "7",
        "assets_frozen_eur": "150000",
        "assets_confiscated_eur": "90000.50",
        "compensation_awarded_eur": "40000",
        "compensation_paid_eur": "0",
    },
}


def table_schema(kind: Kind | str) -> dict[str, Any]:
    """The Frictionless Table Schema of a record kind."""
    kind = Kind(kind)
    return {
        "fields": [_field(f) for f in fields_of(kind)],
        "primaryKey": ["source_record_id"],
        "missingValues": [""],
    }


def _field(field: Field) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "name": field.name,
        "type": _TYPES[field.type],
        "description": field.en,
        # Extension properties: the French text, and the identity marker that tells a
        # reader this column is for linkage only and must never be shown.
        "palermo:description_fr": field.fr,
        "palermo:identity": field.identity,
    }
    if field.type is FieldType.DATE:
        descriptor["format"] = "%Y-%m-%d"
    constraints: dict[str, Any] = {}
    if field.required:
        constraints["required"] = True
    if field.codelist is not None:
        codes = [*load_codelist(field.codelist).values, *RESERVED_CODES]
        descriptor["palermo:codelist"] = field.codelist
        if field.type is FieldType.CODE:
            constraints["enum"] = codes
        else:
            one = "(?:" + "|".join(re.escape(c) for c in codes) + ")"
            sep = re.escape(MULTI_SEPARATOR)
            constraints["pattern"] = f"{one}(?:{sep}{one})*"
    if field.minimum is not None:
        constraints["minimum"] = _number(field)(field.minimum)
    if field.maximum is not None:
        constraints["maximum"] = _number(field)(field.maximum)
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def _number(field: Field) -> type[int] | type[float]:
    return int if field.type is FieldType.INTEGER else float


def export_datapackage(folder: str | Path) -> Path:
    """Write the standard as a Frictionless data package; returns datapackage.json."""
    folder = Path(folder)
    for sub in ("schemas", "data", "codelists"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    resources: list[dict[str, Any]] = []
    for kind in Kind:
        schema_path = folder / "schemas" / f"{kind.value}.json"
        schema_path.write_text(
            json.dumps(table_schema(kind), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
        names = [f.name for f in fields_of(kind)]
        _write_csv(
            folder / "data" / f"{kind.value}.csv",
            names,
            [[EXAMPLES[kind].get(n, "") for n in names]],
        )
        en, fr = _KIND_TEXT[kind]
        resources.append(
            {
                "name": kind.value,
                "type": "table",
                "path": f"data/{kind.value}.csv",
                "scheme": "file",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": f"schemas/{kind.value}.json",
                "description": en,
                "palermo:description_fr": fr,
            }
        )
    for list_id in codelist_ids():
        resources.append(_codelist_resource(folder, list_id))
    package = {
        "name": "palermo-standard",
        "title": "Palermo common data standard on trafficking in human beings",
        "version": STANDARD_VERSION,
        "description": (
            "Record kinds and code lists that source organisations report in. "
            "Empty means unknown; the reserved codes unknown and not_applicable are "
            "allowed in every coded field."
        ),
        "licenses": [
            {
                "name": "EUPL-1.2",
                "path": "https://eupl.eu/1.2/en/",
                "title": "European Union Public Licence 1.2",
            }
        ],
        "resources": resources,
    }
    target = folder / "datapackage.json"
    target.write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return target


def _codelist_resource(folder: Path, list_id: str) -> dict[str, Any]:
    codelist = load_codelist(list_id)
    extras = sorted({k for c in codelist.codes for k in c.extra})
    header = ["code", "en", "fr", "synonyms", *extras]
    rows = [
        [
            c.code,
            c.en,
            c.fr,
            "|".join(c.synonyms),
            *(c.extra.get(k, "") for k in extras),
        ]
        for c in codelist.codes
    ]
    rows += [
        [
            code,
            RESERVED_LABELS[code]["en"],
            RESERVED_LABELS[code]["fr"],
            "",
            *[""] * len(extras),
        ]
        for code in RESERVED_CODES
    ]
    _write_csv(folder / "codelists" / f"{list_id}.csv", header, rows)
    return {
        "name": f"codelist-{list_id.replace('_', '-')}",
        "type": "table",
        "path": f"codelists/{list_id}.csv",
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "version": codelist.version,
        "sources": [{"title": codelist.source}],
        "schema": {
            "fields": [
                {
                    "name": "code",
                    "type": "string",
                    "constraints": {"required": True, "unique": True},
                },
                {"name": "en", "type": "string", "constraints": {"required": True}},
                {"name": "fr", "type": "string", "constraints": {"required": True}},
                {"name": "synonyms", "type": "string", "description": "separated by |"},
                *({"name": k, "type": "string"} for k in extras),
            ],
            "primaryKey": ["code"],
            "missingValues": [""],
        },
    }


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
