"""The direction of the arrows: the web depends on the core, never the reverse."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


# Core modules that may open the hub, only inside a function body: the CLI commands
# that work on stored state and the pipeline's stages over the hub. Importing them must
# still load no Django (last test).
HUB_SEAMS = {
    "palermo/cli/hub.py",
    "palermo/cli/web.py",
    "palermo/cli/cases.py",
    "palermo/cli/tables.py",
    "palermo/pipeline/hub.py",
}
WEB = {"django", "palermo_web", "ninja"}


def _imports(path: Path) -> list[tuple[str, bool]]:
    """Every absolute import of a module, and whether it sits inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.Import):
            found.extend((alias.name, in_function) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, in_function))
        inside = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for child in ast.iter_child_nodes(node):
            visit(child, inside)

    visit(tree, False)
    return found


def _imported_modules(path: Path) -> set[str]:
    return {name for name, _ in _imports(path)}


def test_the_core_never_imports_django() -> None:
    offenders = []
    for path in (SRC / "palermo").rglob("*.py"):
        relative = path.relative_to(SRC).as_posix()
        for name, in_function in _imports(path):
            top = name.split(".")[0]
            lazy_hub = top == "palermo_web" and in_function and relative in HUB_SEAMS
            if top in WEB and not lazy_hub:
                offenders.append(f"{relative}: {name}")
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
    code = (
        "import sys, palermo, palermo.cli, palermo.pipeline; "
        "print(any(m in sys.modules for m in ('django', 'palermo_web')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
