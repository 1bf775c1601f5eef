"""End-to-end stages shared by the CLI, the web hub and ``palermo demo``.

Each stage is one small function in its own module that does one step of the main job
and returns a :class:`StageResult` saying where its outputs are and what it produced.
``run_demo`` (``demo.py``) is nothing but the list of stages in order. Stages import
their heavy libraries inside their bodies, so importing this package stays cheap; the
hub stage is the only one that opens the hub (Django).
"""

from palermo.pipeline.base import DEMO_SEED, Progress, StageResult
from palermo.pipeline.demo import run_demo
from palermo.pipeline.encoding import encode_stage
from palermo.pipeline.estimation import estimate_stage
from palermo.pipeline.hub import hub_stage, hub_victim_records
from palermo.pipeline.linkage import link_stage
from palermo.pipeline.reporting import (
    demo_report,
    hub_home,
    hub_persons,
    hub_run_directory,
    report_stage,
)
from palermo.pipeline.simulation import simulate_stage
from palermo.pipeline.tabulation import TablesOutputs, tables_stage

__all__ = [
    "DEMO_SEED",
    "Progress",
    "StageResult",
    "TablesOutputs",
    "demo_report",
    "encode_stage",
    "estimate_stage",
    "hub_stage",
    "hub_victim_records",
    "link_stage",
    "hub_home",
    "hub_persons",
    "hub_run_directory",
    "report_stage",
    "run_demo",
    "simulate_stage",
    "tables_stage",
]
