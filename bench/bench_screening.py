"""How fast screening assesses answers: a hub screens one person at a time, a batch
re-assessment after a rules change screens every stored screening again.

Run: PYTHONPATH=src python bench/bench_screening.py [N]
Prints the time per assessment, the throughput, and the peak memory of N assessments
of random present/absent/unknown answers against the adults' labour list.
"""

from __future__ import annotations

import random
import sys
import time
import tracemalloc

from palermo.screening import Answer, assess, load_profile


def main(n: int = 5_000) -> None:
    ids = [i.id for i in load_profile("adult_labour").indicators]
    rng = random.Random(2009)
    answer_sets = [{i: rng.choice(list(Answer)) for i in ids} for _ in range(n)]
    # Load the data files once, outside the timing.
    assess(answer_sets[0], "adult_labour")
    started = time.perf_counter()
    outcomes = [assess(a, "adult_labour").outcome for a in answer_sets]
    elapsed = time.perf_counter() - started
    # Memory is traced in a second pass: tracing slows the first one down.
    tracemalloc.start()
    for answers in answer_sets[:500]:
        assess(answers, "adult_labour")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"assessments: {n}")
    print(
        f"time: {elapsed:.2f} s ({elapsed / n * 1e3:.2f} ms each, {n / elapsed:,.0f}/s)"
    )
    print(f"peak memory (500 assessments): {peak / 1e6:.1f} MB")
    print("outcomes:", {o.value: outcomes.count(o) for o in set(outcomes)})


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5_000)
