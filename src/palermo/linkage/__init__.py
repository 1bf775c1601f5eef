"""Record linkage: keyed encodings at source, Splink models, persons and capture histories.

Sources encode identity fields with a shared secret (``encode_records``); the linkage
unit links encoded (or, for an authority's own records, plain) files into persons
(``link_records``) and writes the persons table, the record map, the pairs for
clerical review and a report (``write_outputs``).

Names load on first use: Splink and DuckDB are heavy, and the hub's intake only needs
``is_encoded`` and ``plain_identity_columns``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from palermo.linkage.blocking import BlockingConfig, CandidatePairs, candidate_pairs
    from palermo.linkage.clusters import cluster_records
    from palermo.linkage.encode import (
        EncodingConfig,
        encode_records,
        encoding_of,
        is_encoded,
        plain_identity_columns,
    )
    from palermo.linkage.keys import LinkageKey, new_key, read_key, write_key
    from palermo.linkage.link import LinkageConfig, LinkageResult, link_records
    from palermo.linkage.outputs import write_outputs
    from palermo.linkage.persons import capture_histories, persons_table, record_map
    from palermo.linkage.prepare import LinkInput, prepare
    from palermo.linkage.quality import (
        PairwiseQuality,
        blocking_recall,
        pairwise_quality,
    )
    from palermo.linkage.review import ClericalDecisions, review_pairs

_WHERE = {
    "BlockingConfig": "blocking",
    "CandidatePairs": "blocking",
    "candidate_pairs": "blocking",
    "cluster_records": "clusters",
    "EncodingConfig": "encode",
    "encode_records": "encode",
    "encoding_of": "encode",
    "is_encoded": "encode",
    "plain_identity_columns": "encode",
    "LinkageKey": "keys",
    "new_key": "keys",
    "read_key": "keys",
    "write_key": "keys",
    "LinkageConfig": "link",
    "LinkageResult": "link",
    "link_records": "link",
    "write_outputs": "outputs",
    "capture_histories": "persons",
    "persons_table": "persons",
    "record_map": "persons",
    "LinkInput": "prepare",
    "prepare": "prepare",
    "PairwiseQuality": "quality",
    "blocking_recall": "quality",
    "pairwise_quality": "quality",
    "ClericalDecisions": "review",
    "review_pairs": "review",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'palermo.linkage' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"palermo.linkage.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "BlockingConfig",
    "CandidatePairs",
    "ClericalDecisions",
    "EncodingConfig",
    "LinkInput",
    "LinkageConfig",
    "LinkageKey",
    "LinkageResult",
    "PairwiseQuality",
    "blocking_recall",
    "candidate_pairs",
    "capture_histories",
    "cluster_records",
    "encode_records",
    "encoding_of",
    "is_encoded",
    "link_records",
    "new_key",
    "pairwise_quality",
    "persons_table",
    "plain_identity_columns",
    "prepare",
    "read_key",
    "record_map",
    "review_pairs",
    "write_key",
    "write_outputs",
]
