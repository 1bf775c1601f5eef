"""The command starts at once: heavy libraries load only in the commands that use them."""

from __future__ import annotations

import subprocess
import sys

# SciPy and statsmodels (estimation), DuckDB (tables, intake), Splink (linkage) and
# pandas take seconds to import; `palermo --help` or `palermo standard show` needs none.
HEAVY = ("statsmodels", "scipy", "duckdb", "splink", "pandas")


def test_importing_the_cli_loads_no_heavy_library() -> None:
    code = (
        "import sys, palermo.cli; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
