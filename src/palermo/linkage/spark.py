"""A local Spark session for ``--engine spark`` when no cluster session is given.

On a real cluster the caller passes its own SparkSession to ``link_records``; this one
runs Spark in this process's machine (``local[2]``), with Splink's similarity UDFs.
"""

from __future__ import annotations

import os
import sys
import tempfile
from typing import Any

from palermo.errors import MissingExtra


def local_session(cores: int = 2, memory: str = "2g") -> Any:
    """A local SparkSession with Splink's UDF jar and a checkpoint directory."""
    try:
        from pyspark.sql import SparkSession
        from splink.backends.spark import similarity_jar_location
    except ImportError as error:  # pragma: no cover - depends on the extra
        raise MissingExtra("pyspark", "spark") from error
    # Spark's Python workers must be this interpreter (with pyarrow and Splink), not
    # whatever ``python3`` comes first on the PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("palermo-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", memory)
        .config("spark.sql.shuffle.partitions", str(4 * cores))
        .config("spark.default.parallelism", str(4 * cores))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.ansi.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="palermo-spark-"))
    return session
