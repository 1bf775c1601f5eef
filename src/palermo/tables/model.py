"""What a published table is: dimensions, codes, table specifications and cell states.

Every published number is a *cell* identified by its full key in one dataflow: the
value of every dimension of that dataflow, with ``_T`` where a dimension is not broken
down. Two tables that publish the same key publish the same number, which is how
disclosure control sees the margins that tables share.

Codes follow the SDMX global conventions used by Eurostat: ``_T`` total, ``_U``
unknown, ``_Z`` not applicable. Citizenship and age codes are Eurostat's.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

TOTAL = "_T"
UNKNOWN_CODE = "_U"
NOT_APPLICABLE_CODE = "_Z"


class CellStatus(StrEnum):
    """The state of a published cell; never collapsed into one another.

    ``value`` is a positive count or a rate; ``zero`` a true zero (we know there are
    none); ``suppressed`` is withheld for confidentiality; ``not_available`` means the
    data were not collected (Eurostat ``:``); ``not_applicable`` means the figure
    cannot exist (Eurostat ``m``), such as a rate for people of unknown sex.
    """

    VALUE = "value"
    ZERO = "zero"
    SUPPRESSED = "suppressed"
    NOT_AVAILABLE = "not_available"
    NOT_APPLICABLE = "not_applicable"


class Dataflow(StrEnum):
    """The three dataflows the tables belong to."""

    VICTIMS = "THB_VICT"
    TRAFFICKERS = "THB_TRAF"
    PROCEEDINGS = "THB_PROC"


@dataclass(frozen=True)
class Code:
    """One code of a dimension with its English and French labels."""

    id: str
    en: str
    fr: str


@dataclass(frozen=True)
class Dimension:
    """A dimension of a dataflow.

    Attributes:
        id: the SDMX id (``SEX``, ``CITIZEN``...).
        en, fr: the dimension's name.
        codes: the categories, without the total.
        multi: a person may fall in several categories (forms of exploitation,
            registering organisation types); tables count the person once per
            category and once in the total.
        has_total: categories add up (or, when ``multi``, are bounded by) a ``_T``.
        always_unknown: the ``_U`` row is shown even when nobody is in it (fields
            that may be missing); otherwise it appears only when someone is.
    """

    id: str
    en: str
    fr: str
    codes: tuple[Code, ...]
    multi: bool = False
    has_total: bool = True
    always_unknown: bool = True

    def label(self, code: str, lang: str = "en") -> str:
        """The label of ``code`` in ``lang``."""
        for candidate in (*self.codes, *_SPECIAL_CODES):
            if candidate.id == code:
                return candidate.fr if lang == "fr" else candidate.en
        return code

    @property
    def code_ids(self) -> tuple[str, ...]:
        """The category ids, in order."""
        return tuple(c.id for c in self.codes)


_SPECIAL_CODES = (
    Code(TOTAL, "Total", "Total"),
    Code(UNKNOWN_CODE, "Unknown", "Inconnu"),
    Code(NOT_APPLICABLE_CODE, "Not applicable", "Sans objet"),
)


@dataclass(frozen=True)
class TableSpec:
    """One published table.

    Attributes:
        id: file and sheet name (``victims_by_sex``).
        dataflow: the dataflow its cells belong to.
        dims: the dimensions broken down, in display order (rows, then columns).
        en, fr: the title.
        unit: ``NR`` (number of persons), ``P_HTHAB`` (per 100,000 inhabitants) or
            ``PC`` (percentage).
        counting: how a person with several values of a multi-valued dimension
            is counted, in words (English, French).
        derived: rates and shares computed from counts; they are withheld
            whenever a count they derive from is, and take no part in the
            suppression problem themselves.
    """

    id: str
    dataflow: Dataflow
    dims: tuple[str, ...]
    en: str
    fr: str
    unit: str = "NR"
    counting_en: str = "Each person is counted once."
    counting_fr: str = "Chaque personne est comptée une fois."
    derived: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable form (written into the data package)."""
        data = asdict(self)
        data["dataflow"] = self.dataflow.value
        data["dims"] = list(self.dims)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TableSpec:
        """The inverse of :meth:`to_dict`."""
        values = dict(data)
        values["dataflow"] = Dataflow(values["dataflow"])
        values["dims"] = tuple(values["dims"])
        return cls(**values)


@dataclass
class Table:
    """A computed table: its spec and its cells.

    ``cells`` is a list of dicts with one key per dimension of the dataflow (``_T``
    where not broken down), plus ``value`` (int, float or None) and ``status``
    (:class:`CellStatus`). Cells keep their true values until disclosure control
    replaces suppressed ones by None.
    """

    spec: TableSpec
    cells: list[dict[str, Any]] = field(default_factory=list)


__all__ = [
    "NOT_APPLICABLE_CODE",
    "TOTAL",
    "UNKNOWN_CODE",
    "CellStatus",
    "Code",
    "Dataflow",
    "Dimension",
    "Table",
    "TableSpec",
]
