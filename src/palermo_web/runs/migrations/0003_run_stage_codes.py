"""Runs stored before stage outcomes became codes kept English sentences ("177 records",
"persons linked"); this rewrites them as the codes the run page says in the reader's
language, once, so that the page reads one format only. Anything else stays as stored.
"""

import re
from typing import Any

from django.db import migrations

SENTENCES = {
    "persons linked": "linked",
    "tables written": "tables",
    "estimate written": "estimate",
    "dashboard stored": "dashboard",
    "skipped": "skipped",
}
RECORDS = re.compile(r"^(\d+) records$")
NO_ESTIMATE = re.compile(r"^no estimate: (.*)$", re.DOTALL)


def as_codes(entry: dict[str, Any]) -> dict[str, Any]:
    """One stored stage entry with a code as its outcome."""
    outcome = str(entry.get("outcome") or "")
    stage = {"stage": entry.get("stage", "")}
    if outcome in SENTENCES:
        return {**stage, "outcome": SENTENCES[outcome]}
    if match := RECORDS.match(outcome):
        return {**stage, "outcome": "records", "count": int(match.group(1))}
    if match := NO_ESTIMATE.match(outcome):
        return {**stage, "outcome": "no_estimate", "reason": match.group(1)}
    return entry


def forwards(apps: Any, schema_editor: Any) -> None:
    Run = apps.get_model("runs", "Run")
    for run in Run.objects.exclude(stages=[]).only("pk", "stages").iterator():
        stages = [as_codes(entry) for entry in run.stages]
        if stages != run.stages:
            Run.objects.filter(pk=run.pk).update(stages=stages)


class Migration(migrations.Migration):
    dependencies = [("runs", "0002_link_threshold_and_clerical_decisions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
