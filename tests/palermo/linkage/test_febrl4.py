"""FEBRL4, the standard benchmark (5,000 + 5,000 records, known links): F1 >= 0.99.

For reference on the same data: Splink 5 with a standard model 0.998, recordlinkage
(ECM) 0.999, clkhash + anonlink 0.9998 (tests/data/febrl4/README.md).
"""

from __future__ import annotations

import pytest

from palermo.linkage import LinkageConfig, encode_records, link_records, new_key
from tests.palermo.linkage.febrl import load_febrl4


@pytest.mark.parametrize("mode", ["plain", "encoded"])
def test_febrl4_is_linked_with_f1_of_at_least_0_99(mode: str) -> None:
    tables, truth = load_febrl4()
    if mode == "encoded":
        key = new_key()
        tables = [encode_records(t, key) for t in tables]
    result = link_records(tables, LinkageConfig(), truth=truth)
    quality = result.report["quality"]
    assert quality["f1"] >= 0.99, quality
