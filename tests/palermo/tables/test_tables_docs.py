"""The tables reference in docs/ lists every table the code produces."""

from __future__ import annotations

from pathlib import Path

from palermo.tables.dims import proceeding_specs, trafficker_specs, victim_specs
from palermo.tables.rates import RATE_SPECS, SHARES_SPEC

DOC = Path(__file__).resolve().parents[3] / "docs" / "tables.md"


def test_every_table_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    specs = [
        *victim_specs(["2023", "2024"]),
        *trafficker_specs(),
        *proceeding_specs(),
        *RATE_SPECS,
        SHARES_SPEC,
    ]
    missing = [s.id for s in specs if f"`{s.id}`" not in text]
    assert missing == []
