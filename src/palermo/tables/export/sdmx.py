"""SDMX-CSV 2.0 files, one per table, and the SDMX-ML structures that describe them.

``DIR/sdmx/structure.xml`` holds the code lists, data structure definitions and
dataflows (SDMX-ML 2.1, written with ``sdmx1``); ``DIR/sdmx/<table>.csv`` holds the
observations in SDMX-CSV 2.0 (``STRUCTURE``, ``STRUCTURE_ID``, ``ACTION`` then the
dimensions, ``OBS_VALUE`` and the attributes).

Observation states follow Eurostat's flags (since the 2025 flag reform):

=================  ===========  ==========  ===========
state              OBS_VALUE    OBS_STATUS  CONF_STATUS
=================  ===========  ==========  ===========
value              the number
true zero          ``0``
suppressed         ``NaN``                  ``C``
not available      ``NaN``      ``:``
not applicable     ``NaN``      ``m``
=================  ===========  ==========  ===========

``NaN`` is SDMX-CSV 2.0's "intentionally missing" number. Primary and secondary
suppressions are both flagged ``C``: telling them apart would tell an attacker which
withheld cells are the small ones.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from palermo.errors import MissingExtra
from palermo.tables.dims import DATAFLOW_DIMS, TIME, dimension
from palermo.tables.model import CellStatus, Dataflow, Table

VERSION = "1.0"
ATTRIBUTES = ("OBS_STATUS", "CONF_STATUS", "COMMENT_OBS")

FLAGS: dict[CellStatus, tuple[str, str]] = {
    CellStatus.VALUE: ("", ""),
    CellStatus.ZERO: ("", ""),
    CellStatus.SUPPRESSED: ("", "C"),
    CellStatus.NOT_AVAILABLE: (":", ""),
    CellStatus.NOT_APPLICABLE: ("m", ""),
}
STATES: dict[tuple[str, str], CellStatus] = {
    (":", ""): CellStatus.NOT_AVAILABLE,
    ("m", ""): CellStatus.NOT_APPLICABLE,
    ("", "C"): CellStatus.SUPPRESSED,
}

_FLOW_NAMES = {
    Dataflow.VICTIMS: (
        "Registered victims of trafficking in human beings",
        "Victimes enregistrées de la traite des êtres humains",
    ),
    Dataflow.TRAFFICKERS: (
        "Suspected, prosecuted and convicted traffickers",
        "Trafiquants suspectés, poursuivis et condamnés",
    ),
    Dataflow.PROCEEDINGS: (
        "Proceedings for trafficking in human beings",
        "Procédures pour traite des êtres humains",
    ),
}
_STRUCTURAL = {
    "FREQ": ("Frequency", "Fréquence", {"A": ("Annual", "Annuel")}),
    "UNIT": (
        "Unit of measure",
        "Unité de mesure",
        {
            "NR": ("Number", "Nombre"),
            "P_HTHAB": ("Per 100,000 inhabitants", "Pour 100 000 habitants"),
            "PC": ("Percentage", "Pourcentage"),
        },
    ),
    "COUNTING": (
        "Counting rule",
        "Règle de comptage",
        {
            "PERS": ("Each person once", "Chaque personne une fois"),
            "PERS_FORM": ("Each person once per form", "Une fois par forme"),
            "PERS_ORG": (
                "Each person once per organisation type",
                "Une fois par type d'organisation",
            ),
            "PERS_ORG_FORM": (
                "Each person once per organisation type and form",
                "Une fois par type d'organisation et par forme",
            ),
            "PROC": ("Each proceeding once", "Chaque procédure une fois"),
        },
    ),
    "GEO": ("Geopolitical entity (reporting)", "Entité géopolitique (déclarante)", {}),
}
_EXTRA_LABELS = {
    "EU27_2020": (
        "EU citizens (including the reporting country)",
        "Citoyens de l'UE (y compris le pays déclarant)",
    ),
}


def structure_id(flow: Dataflow, agency: str) -> str:
    """``AGENCY:FLOW(VERSION)``, the STRUCTURE_ID of SDMX-CSV 2.0."""
    return f"{agency}:{flow.value}({VERSION})"


def _sdmx() -> Any:
    try:
        import sdmx
    except ImportError as error:  # pragma: no cover - exercised without the extra
        raise MissingExtra("sdmx1", "exports") from error
    return sdmx


def _label(dim: str, code: str, lang: str) -> str:
    if code in _EXTRA_LABELS:
        return _EXTRA_LABELS[code][0 if lang == "en" else 1]
    if dim in _STRUCTURAL:
        names = _STRUCTURAL[dim][2]
        if code in names:
            return names[code][0 if lang == "en" else 1]
        return code
    return dimension(dim).label(code, lang) if dim != TIME else code


def build_structures(tables: Sequence[Table], agency: str) -> Any:
    """An ``sdmx1`` StructureMessage: code lists, DSDs and dataflows for ``tables``."""
    sdmx = _sdmx()
    from sdmx.message import StructureMessage
    from sdmx.model import common, v21

    maintainer = common.Agency(id=agency)
    message = StructureMessage()
    used: dict[Dataflow, dict[str, set[str]]] = {}
    for table in tables:
        codes = used.setdefault(table.spec.dataflow, {})
        for cell in table.cells:
            for dim in DATAFLOW_DIMS[table.spec.dataflow]:
                codes.setdefault(dim, set()).add(str(cell[dim]))
    for flow, codes in used.items():
        dsd = v21.DataStructureDefinition(
            id=flow.value, maintainer=maintainer, version=VERSION
        )
        for position, dim in enumerate(DATAFLOW_DIMS[flow]):
            if dim == TIME:
                dsd.dimensions.getdefault(dim, cls=common.TimeDimension, order=position)
                continue
            codelist = common.Codelist(
                id=f"CL_{flow.value}_{dim}", maintainer=maintainer, version=VERSION
            )
            for code in sorted(codes.get(dim, set())):
                codelist.append(
                    common.Code(
                        id=code,
                        name={
                            "en": _label(dim, code, "en"),
                            "fr": _label(dim, code, "fr"),
                        },
                    )
                )
            message.add(codelist)
            dsd.dimensions.getdefault(
                dim,
                local_representation=common.Representation(enumerated=codelist),
                order=position,
            )
        dsd.measures.getdefault("OBS_VALUE")
        for attribute in ATTRIBUTES:
            dsd.attributes.getdefault(attribute)
        en, fr = _FLOW_NAMES[flow]
        dsd.name = common.InternationalString({"en": en, "fr": fr})
        message.add(dsd)
        message.add(
            v21.DataflowDefinition(
                id=flow.value,
                maintainer=maintainer,
                version=VERSION,
                structure=dsd,
                name={"en": en, "fr": fr},
            )
        )
    del sdmx
    return message


def obs_value(cell: dict[str, Any]) -> str:
    """The OBS_VALUE text of a cell."""
    if cell["status"] in (CellStatus.VALUE, CellStatus.ZERO):
        value = cell["value"]
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return "NaN"


def write_sdmx(
    tables: Sequence[Table], directory: str | Path, agency: str = "PALERMO"
) -> list[Path]:
    """Write ``structure.xml`` and one SDMX-CSV 2.0 file per table into ``directory``."""
    sdmx = _sdmx()
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    structure = out / "structure.xml"
    structure.write_bytes(
        sdmx.to_xml(build_structures(tables, agency), pretty_print=True)
    )
    written = [structure]
    for table in tables:
        flow = table.spec.dataflow
        dims = DATAFLOW_DIMS[flow]
        path = out / f"{table.spec.id}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(
                ["STRUCTURE", "STRUCTURE_ID", "ACTION", *dims, "OBS_VALUE", *ATTRIBUTES]
            )
            for cell in table.cells:
                status, confidential = FLAGS[CellStatus(cell["status"])]
                writer.writerow(
                    [
                        "dataflow",
                        structure_id(flow, agency),
                        "R",
                        *(cell[d] for d in dims),
                        obs_value(cell),
                        status,
                        confidential,
                        cell.get("note", ""),
                    ]
                )
        written.append(path)
    return written


def read_sdmx(directory: str | Path, table_id: str) -> list[dict[str, Any]]:
    """Read one table back with ``sdmx1``: one dict per observation.

    Each dict has the dimension values, ``value`` (float or None) and ``status``
    (:class:`CellStatus`) recovered from the flags.
    """
    sdmx = _sdmx()
    folder = Path(directory)
    structures = sdmx.read_sdmx(folder / "structure.xml")
    path = folder / f"{table_id}.csv"
    with path.open(encoding="utf-8") as handle:
        flow_id = (
            next(csv.reader([handle.readlines()[1]]))[1].split(":")[1].split("(")[0]
        )
    message = sdmx.read_sdmx(path, structure=structures.dataflow[flow_id])
    rows = []
    for dataset in message.data:
        for obs in dataset.obs:
            attributes = {k: str(v.value) for k, v in obs.attached_attribute.items()}
            flags = (
                attributes.get("OBS_STATUS", ""),
                attributes.get("CONF_STATUS", ""),
            )
            text = str(obs.value)
            value = None if text in ("NaN", "") else float(text)
            if value is not None:
                status = CellStatus.ZERO if value == 0 else CellStatus.VALUE
            else:
                status = STATES[flags]
            row: dict[str, Any] = {
                k: str(v.value) for k, v in obs.dimension.values.items()
            }
            row.update(value=value, status=status)
            rows.append(row)
    return rows


__all__ = [
    "FLAGS",
    "build_structures",
    "obs_value",
    "read_sdmx",
    "structure_id",
    "write_sdmx",
]
