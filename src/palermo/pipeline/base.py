"""What every stage returns, and how it reports progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Progress = Callable[[str, int, int], None]


DEMO_SEED = 2025


@dataclass(frozen=True)
class StageResult:
    """What one stage produced.

    Attributes:
        stage: the stage's name (also the name of its output folder in a demo).
        folder: where its outputs are.
        summary: a few headline figures, in order, for the final summary.
        seconds: wall time of the stage.
        details: anything later stages need (paths, ids), not shown.
    """

    stage: str
    folder: Path
    summary: dict[str, Any]
    seconds: float
    details: dict[str, Any] = field(default_factory=dict)


def quiet(stage: str, done: int, total: int) -> None:
    """The default progress callback: nothing to show."""
