"""What `palermo serve` prepares before it answers its first request."""

from __future__ import annotations

import gc

from palermo_web.commands import _settle


def test_the_server_freezes_what_it_has_loaded_out_of_garbage_collection() -> None:
    try:
        _settle()
        # What was alive then is never traversed again by the collector's full passes.
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
