"""The direction of the arrows: the web depends on the core, never the reverse."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_core_never_imports_django() -> None:
    offenders = [
        str(path.relative_to(SRC))
        for path in (SRC / "palermo").rglob("*.py")
        if any(
            name.split(".")[0] in {"django", "palermo_web", "ninja"}
            for name in _imported_modules(path)
        )
    ]
    assert offenders == []


def test_the_standard_imports_no_sibling_package() -> None:
    siblings = {
        "palermo.intake",
        "palermo.linkage",
        "palermo.estimate",
        "palermo.tables",
        "palermo.screening",
        "palermo.referral",
        "palermo.report",
        "palermo.simulate",
        "palermo.cli",
    }
    offenders = [
        str(path.relative_to(SRC))
        for path in (SRC / "palermo" / "standard").rglob("*.py")
        if any(
            name == s or name.startswith(s + ".")
            for name in _imported_modules(path)
            for s in siblings
        )
    ]
    assert offenders == []


def test_importing_the_core_loads_no_django() -> None:
    code = "import sys, palermo, palermo.cli; print('django' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
