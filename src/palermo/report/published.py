"""The published tables as the report reads them: cells with their states and labels.

The report reads what ``palermo tables`` published — the Frictionless data package
(``datapackage.json`` and ``data/<table>.csv``) and the code labels of the SDMX
structure (``sdmx/structure.xml``) — never the persons behind it, so that every count
it shows is a count the tables publish, withheld where they withhold it.
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from palermo.errors import InputError
from palermo.report.i18n import catalogue

TOTAL = "_T"
UNKNOWN = "_U"
NOT_APPLICABLE = "_Z"
TIME = "TIME_PERIOD"
PACKAGE = "datapackage.json"

# The states of a published cell (the ``status`` column of the package).
VALUE = "value"
ZERO = "zero"
SUPPRESSED = "suppressed"
NOT_AVAILABLE = "not_available"
NOT_APPLICABLE_STATUS = "not_applicable"
STATES = (VALUE, ZERO, SUPPRESSED, NOT_AVAILABLE, NOT_APPLICABLE_STATUS)

_SDMX_NS = {
    "str": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure",
    "com": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common",
}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Cell:
    """One published number: its key, value (None unless published) and state."""

    key: Mapping[str, str]
    value: float | None
    status: str
    note: str = ""

    @property
    def is_published(self) -> bool:
        """A value or a true zero: a number the reader may see."""
        return self.status in (VALUE, ZERO) and self.value is not None

    @property
    def is_suppressed(self) -> bool:
        """Withheld for confidentiality."""
        return self.status == SUPPRESSED


@dataclass(frozen=True)
class PublishedTable:
    """One table of the package.

    Attributes:
        id: the table id (``victims_by_sex``).
        dataflow: ``THB_VICT``, ``THB_TRAF`` or ``THB_PROC``.
        dims: the dimensions broken down, rows first.
        key_columns: every key column of the dataflow, in file order.
        unit: ``NR`` (persons), ``P_HTHAB`` (per 100,000) or ``PC`` (percent).
        title_en, title_fr, counting_en, counting_fr: its title and counting rule.
        derived: rates and shares derived from counts.
        cells: the cells, in file order.
    """

    id: str
    dataflow: str
    dims: tuple[str, ...]
    key_columns: tuple[str, ...]
    unit: str
    title_en: str
    title_fr: str
    counting_en: str
    counting_fr: str
    derived: bool
    cells: tuple[Cell, ...]

    def title(self, lang: str) -> str:
        """The title in ``lang``."""
        return self.title_fr if lang == "fr" else self.title_en

    def counting(self, lang: str) -> str:
        """The counting rule in ``lang``."""
        return self.counting_fr if lang == "fr" else self.counting_en

    def column(self, dim: str) -> str:
        """The key column of a breakdown dimension.

        Usually the same name; a variant of a dimension (``EXPLOIT_ONCE``, each person
        once) is published in its base column (``EXPLOIT``).
        """
        if dim in self.key_columns:
            return dim
        for column in self.key_columns:
            if dim.startswith(column + "_"):
                return column
        raise KeyError(f"table {self.id} has no column for the dimension {dim}")

    def find(self, **key: str) -> Cell | None:
        """The cell with ``key``; broken-down dimensions not named are the total.

        ``find(SEX="F")`` in ``victims_by_sex`` is the female total over every
        registration status. Keys name dimensions (``EXPLOIT_ONCE``) or key columns.
        Returns None when the table has no such cell.
        """
        wanted = {self.column(dim): TOTAL for dim in self.dims}
        wanted |= {self.column(dim): code for dim, code in key.items()}
        for cell in self.cells:
            if all(cell.key.get(dim) == code for dim, code in wanted.items()):
                return cell
        return None

    def codes(self, dim: str) -> list[str]:
        """The codes of ``dim`` that occur in the table, in file order."""
        column = self.column(dim)
        seen: dict[str, None] = {}
        for cell in self.cells:
            seen.setdefault(cell.key[column], None)
        return list(seen)

    def __iter__(self) -> Iterator[Cell]:
        return iter(self.cells)


@dataclass
class Labels:
    """Code labels in English and French, as the SDMX structure publishes them."""

    names: dict[tuple[str, str, str], dict[str, str]] = field(default_factory=dict)

    def label(self, dataflow: str, dim: str, code: str, lang: str) -> str | None:
        """The label of ``code`` of ``dim`` in ``dataflow``, or None if unknown."""
        names = self.names.get((dataflow, dim, code))
        if not names:
            return None
        return names.get(lang) or names.get("en")


def read_labels(structure: Path) -> Labels:
    """Code labels from ``sdmx/structure.xml`` (code lists ``CL_<flow>_<dim>``)."""
    labels = Labels()
    if not structure.is_file():
        return labels
    try:
        root = ET.parse(structure).getroot()
    except ET.ParseError as error:
        raise InputError(f"{structure} is not readable SDMX-ML: {error}") from error
    for codelist in root.iterfind(".//str:Codelist", _SDMX_NS):
        list_id = codelist.get("id", "")
        if not list_id.startswith("CL_"):
            continue
        for flow in ("THB_VICT", "THB_TRAF", "THB_PROC"):
            prefix = f"CL_{flow}_"
            if list_id.startswith(prefix):
                dim = list_id[len(prefix) :]
                break
        else:
            continue
        for code in codelist.iterfind("str:Code", _SDMX_NS):
            names = {
                name.get(_XML_LANG, "en"): (name.text or "").strip()
                for name in code.iterfind("com:Name", _SDMX_NS)
            }
            labels.names[(flow, dim, code.get("id", ""))] = names
    return labels


def _number(text: str, counts: bool, where: str) -> float | None:
    if text == "":
        return None
    try:
        return float(int(text)) if counts else float(text)
    except ValueError as error:
        raise InputError(f"{where}: expected a number, got {text!r}") from error


def _read_cells(path: Path, key_columns: tuple[str, ...], counts: bool) -> list[Cell]:
    if not path.is_file():
        raise InputError(f"the data package names {path.name}, which is missing")
    cells = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [
            c
            for c in (*key_columns, "value", "status")
            if c not in (reader.fieldnames or [])
        ]
        if missing:
            raise InputError(f"{path.name}: missing column(s) {', '.join(missing)}")
        for line, row in enumerate(reader, start=2):
            status = row["status"]
            if status not in STATES:
                raise InputError(
                    f"{path.name}, line {line}, column status: expected one of "
                    f"{', '.join(STATES)}, got {status!r}"
                )
            value = _number(
                row["value"], counts, f"{path.name}, line {line}, column value"
            )
            if status in (VALUE, ZERO) and value is None:
                raise InputError(
                    f"{path.name}, line {line}: status {status} without a value"
                )
            cells.append(
                Cell(
                    key={c: row[c] for c in key_columns},
                    value=value if status in (VALUE, ZERO) else None,
                    status=status,
                    note=row.get("note") or "",
                )
            )
    return cells


def _table(folder: Path, resource: Mapping[str, Any]) -> PublishedTable:
    spec = resource.get("palermo", {}).get("table")
    if not isinstance(spec, Mapping):
        raise InputError(
            f"{PACKAGE}: resource {resource.get('name')!r} has no table specification "
            "(palermo.table); was it written by `palermo tables`?"
        )
    fields = resource.get("schema", {}).get("fields", [])
    key_columns = tuple(
        str(f["name"]) for f in fields if f["name"] not in ("value", "status", "note")
    )
    unit = str(spec.get("unit", "NR"))
    cells = _read_cells(folder / str(resource["path"]), key_columns, unit == "NR")
    return PublishedTable(
        id=str(spec["id"]),
        dataflow=str(spec["dataflow"]),
        dims=tuple(str(d) for d in spec["dims"]),
        key_columns=key_columns,
        unit=unit,
        title_en=str(spec.get("en", spec["id"])),
        title_fr=str(spec.get("fr", spec["id"])),
        counting_en=str(spec.get("counting_en", "")),
        counting_fr=str(spec.get("counting_fr", "")),
        derived=bool(spec.get("derived", False)),
        cells=tuple(cells),
    )


@dataclass
class Publication:
    """Everything ``palermo tables`` published for one reference period.

    Attributes:
        directory: the tables output folder.
        descriptor: ``datapackage.json`` (provenance under ``palermo``).
        tables: the tables by id, in package order.
        labels: code labels from the SDMX structure.
    """

    directory: Path
    descriptor: dict[str, Any]
    tables: dict[str, PublishedTable]
    labels: Labels

    @property
    def provenance(self) -> dict[str, Any]:
        """The package's ``palermo`` property: software, settings, inputs."""
        value = self.descriptor.get("palermo", {})
        return value if isinstance(value, dict) else {}

    @property
    def period(self) -> str:
        """The reference period the tables describe."""
        return str(self.provenance.get("reference_period", ""))

    @property
    def reporting_country(self) -> str:
        """ISO 3166-1 alpha-2 code of the reporting country."""
        return str(self.provenance.get("reporting_country", ""))

    def table(self, table_id: str) -> PublishedTable | None:
        """One table by id, or None when it was not published."""
        return self.tables.get(table_id)

    def label(self, table: PublishedTable, dim: str, code: str, lang: str) -> str:
        """The published label of a code.

        Where the structure has none, the report's catalogue may (``code_<dim>_<code>``);
        failing both, the code itself.
        """
        column = table.column(dim)
        found = self.labels.label(table.dataflow, column, code, lang)
        if found and found != code:
            return found
        names = catalogue().get(f"code_{column}_{code}")
        return names[lang] if names else code


def read_publication(directory: str | Path) -> Publication:
    """Read the data package and SDMX labels that ``palermo tables`` wrote.

    Raises:
        InputError: there is no package, or a file in it does not read.
    """
    folder = Path(directory)
    path = folder / PACKAGE
    if not path.is_file():
        raise InputError(
            f"no {PACKAGE} in {folder}: is it the output of `palermo tables`?"
        )
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{path} is not readable JSON: {error}") from error
    tables = {}
    for resource in descriptor.get("resources", []):
        table = _table(folder, resource)
        tables[table.id] = table
    return Publication(
        folder, descriptor, tables, read_labels(folder / "sdmx" / "structure.xml")
    )


__all__ = [
    "NOT_APPLICABLE",
    "NOT_APPLICABLE_STATUS",
    "NOT_AVAILABLE",
    "PACKAGE",
    "STATES",
    "SUPPRESSED",
    "TIME",
    "TOTAL",
    "UNKNOWN",
    "VALUE",
    "ZERO",
    "Cell",
    "Labels",
    "Publication",
    "PublishedTable",
    "read_labels",
    "read_publication",
]
