"""The encode stage: sources replace identity fields by keyed encodings before sending.

This is the privacy model's first step (``docs/adr/0011``): the source organisations share
a linkage key that the hub never holds, and each encodes its victim records with it, so
that no name, date of birth or document number leaves the source. The demo plays the
sources: it writes the key beside their files, never under the hub's folder.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from palermo.pipeline.base import Progress, StageResult, quiet


def encode_stage(
    simulation: Any,
    out_dir: Path,
    *,
    progress: Progress = quiet,
) -> StageResult:
    """Encode every source's victim file with one new shared linkage key.

    Each file is read and validated through intake with its source's mapping, as
    ``palermo encode FILE --mapping MAP`` does, then written as an encoded Parquet file
    of the standard fields, ready for the hub's normal intake.

    Args:
        simulation: the :class:`palermo.simulate.SimulationResult` whose sources encode.
        out_dir: the sources' side: ``linkage.key`` and ``<organisation>.victims.parquet``.
        progress: called as files are encoded.

    Returns:
        The stage result; ``details["files"]`` maps each organisation to its encoded
        victims file.
    """
    import pyarrow.parquet as pq

    from palermo.linkage import encode_records, new_key, write_key
    from palermo.linkage.files import read_standard_table
    from palermo.standard import Kind

    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    key = new_key()
    write_key(key, out_dir / "linkage.key", overwrite=True)
    sources = [f for f in simulation.files if f.kind == Kind.VICTIMS.value]
    files: dict[str, Path] = {}
    records = 0
    for done, source in enumerate(sources):
        progress("encode", done, len(sources))
        mapping = simulation.out_dir / source.mapping if source.mapping else None
        table = read_standard_table(
            simulation.out_dir / source.path, Kind.VICTIMS, mapping
        )
        encoded = encode_records(table, key, kind=Kind.VICTIMS)
        files[source.organisation_id] = (
            out_dir / f"{source.organisation_id}.victims.parquet"
        )
        pq.write_table(encoded, files[source.organisation_id])
        records += encoded.num_rows
    progress("encode", len(sources), len(sources))
    return StageResult(
        stage="encode",
        folder=out_dir,
        summary={
            "sources": len(files),
            "victim records encoded": records,
            "key fingerprint": key.fingerprint,
            "identity fields left in clear": "none",
        },
        seconds=time.perf_counter() - started,
        details={"files": files, "key": out_dir / "linkage.key"},
    )
