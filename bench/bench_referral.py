"""How fast the referral core answers the questions a caseworker's screen and a
national evaluation ask: the deadlines of one case, and decision times over all cases.

Run: PYTHONPATH=src python bench/bench_referral.py [N]
Builds N case histories (referral, first decision 0-15 days later) on the French
calendar, then times case_deadlines over every case and decision_times over all of
them, and prints time and peak memory.
"""

from __future__ import annotations

import random
import sys
import time
import tracemalloc
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from palermo.referral import (
    AgeStatus,
    CaseState,
    Role,
    case_deadlines,
    decision_times,
    minimum_config,
    open_case,
    transition,
)


def main(n: int = 20_000) -> None:
    config = minimum_config("FR", "Europe/Paris")
    zone = ZoneInfo("Europe/Paris")
    rng = random.Random(2005)
    started = time.perf_counter()
    histories = []
    for _ in range(n):
        at = datetime(2024, 1, 1, 9, tzinfo=zone) + timedelta(
            hours=rng.randrange(24 * 700)
        )
        case = open_case(at, Role.FIRST_RESPONDER, AgeStatus.CHILD)
        case = transition(case, CaseState.REFERRED, at, Role.FIRST_RESPONDER)
        case = transition(
            case, CaseState.FIRST_DECISION_PENDING, at, Role.COMPETENT_AUTHORITY
        )
        decided = at + timedelta(days=rng.randrange(16), hours=rng.randrange(8))
        histories.append(
            transition(
                case,
                CaseState.REASONABLE_GROUNDS_POSITIVE,
                decided,
                Role.COMPETENT_AUTHORITY,
            )
        )
    built = time.perf_counter() - started
    started = time.perf_counter()
    for history in histories:
        case_deadlines(history, config)
    per_case = time.perf_counter() - started
    started = time.perf_counter()
    times = decision_times(histories, config)
    evaluation = time.perf_counter() - started
    # Memory is traced in a second, smaller pass: tracing slows the timed one down.
    tracemalloc.start()
    decision_times(histories[:2_000], config)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"cases: {n} (built in {built:.2f} s)")
    print(f"case_deadlines: {per_case:.2f} s ({per_case / n * 1e6:.0f} µs a case)")
    print(f"decision_times over all cases: {evaluation:.2f} s")
    print(f"peak memory (decision_times over 2,000 cases): {peak / 1e6:.1f} MB")
    print(
        f"median days {times.median_days}, within target {times.share_within_target:.1%}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
