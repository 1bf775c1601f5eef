"""Does the maximum likelihood estimate exist, and is it identifiable?

A log-linear model fitted to sparse capture data can fail in two ways (Chan, Silverman &
Vincent 2021, following Fienberg & Rinaldo 2012):

* **No estimate** (code 1): no table with every cell strictly positive has the same
  totals (the sufficient statistics) as the data, so the likelihood keeps rising as some
  parameters run off to infinity and the dark figure with them. It is decided by a linear
  program: maximise ``s`` subject to ``A x = t``, ``x >= s``, ``x >= 0``, where ``A``
  maps cells to the model's totals and ``t = A n``; the estimate exists exactly when the
  optimum ``s`` is above zero.
* **Not identifiable** (code 2): the design has fewer independent columns than
  parameters, so different parameter values give the same fit.

Terms whose lists never overlap are handled first, as SparseMSE does: their parameter is
fixed at minus infinity and the cells containing them leave the problem. The code is
1 + 2 when both fail, 0 when the model is fine, as SparseMSE's ``checkident`` returns.

Existence depends only on which cells are non-zero, so results are cached by that
pattern and the model; the bootstrap meets the same patterns again and again.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.linalg.lapack import dpstrf
from scipy.optimize import linprog

from palermo.estimate.model import (
    FloatArray,
    Term,
    build_design,
    full_design,
    term_column,
)

OK = 0
NO_ESTIMATE = 1
NOT_IDENTIFIABLE = 2

# Above HiGHS's feasibility tolerance (1e-7) and far below any genuine optimum: with
# integer totals a positive optimum is a fraction with a small denominator.
_POSITIVE = 1e-6
_CACHE_LIMIT = 200_000
_cache: dict[tuple[bytes, frozenset[Term]], ExistenceCheck] = {}


@dataclass(frozen=True)
class ExistenceCheck:
    """The outcome of the checks on one model.

    Attributes:
        code: 0 fine, 1 no estimate, 2 not identifiable, 3 both (SparseMSE's codes).
        infinite_terms: Terms fixed at minus infinity because their lists never overlap.
    """

    code: int
    infinite_terms: tuple[Term, ...]

    @property
    def exists(self) -> bool:
        """Whether the (extended) maximum likelihood estimate exists."""
        return not self.code & NO_ESTIMATE

    @property
    def identifiable(self) -> bool:
        """Whether the parameters are identifiable from the data."""
        return not self.code & NOT_IDENTIFIABLE


def _problem(
    counts: FloatArray, terms: tuple[Term, ...]
) -> tuple[FloatArray, FloatArray, tuple[Term, ...]]:
    design = build_design(counts, terms)
    if not design.empty_lists:
        return design.matrix, design.counts, design.infinite_terms
    # As SparseMSE does, a list that saw nobody keeps its main effect and its cells
    # here; its zero total then forces those cells to zero, so no estimate exists.
    n_lists = counts.shape[0].bit_length()
    kept = np.ones(counts.shape[0], dtype=bool)
    for term in design.infinite_terms:
        kept &= term_column(n_lists, term) == 0
    parts = [full_design(n_lists)[:, : 1 + n_lists]]
    parts.extend(term_column(n_lists, term)[:, None] for term in design.finite_terms)
    return np.hstack(parts)[kept], counts[kept], design.infinite_terms


def _has_positive_table(design: FloatArray, counts: FloatArray) -> bool:
    if np.all(counts > 0):
        return True  # the data themselves are such a table
    n_cells = design.shape[0]
    totals = design.T @ counts
    if np.any(totals == 0):
        return False  # a total of zero forces its cells to zero
    objective = np.zeros(n_cells + 1)
    objective[-1] = -1.0
    equalities = np.hstack([design.T, np.zeros((design.shape[1], 1))])
    inequalities = np.hstack([-np.eye(n_cells), np.ones((n_cells, 1))])
    solution = linprog(
        objective,
        A_ub=inequalities,
        b_ub=np.zeros(n_cells),
        A_eq=equalities,
        b_eq=totals,
        bounds=(0, None),
        method="highs",
    )
    return bool(solution.status == 0 and -solution.fun > _POSITIVE)


def _no_estimate_by_null_space(
    design: FloatArray, counts: FloatArray
) -> tuple[bool | None, bool]:
    """Decide existence without a linear program when that is quick.

    By the theorem of the alternative, a strictly positive table with the data's
    totals exists unless some direction ``d`` of the parameters leaves every non-zero
    cell unchanged (``X_S d = 0``) and raises zero cells only (``X_Z d >= 0``, not all
    0). Such a ``d`` lies in the null space of ``X_S``: when that is trivial the
    estimate exists, and when it is one-dimensional it is a matter of signs.

    Returns:
        ``(no_estimate, identifiable)``: ``no_estimate`` is ``None`` when a linear
        program must decide; ``identifiable`` is true when ``X_S`` alone has full
        rank (otherwise it is left to the caller to check).
    """
    support = counts > 0
    on_support = design[support]
    gram = on_support.T @ on_support
    # A pivoted Cholesky factorisation reveals full rank ten times faster than an SVD;
    # the SVD is needed only when the rank falls short.
    if dpstrf(gram, tol=1e-10 * gram.diagonal().max(initial=1.0))[2] == gram.shape[0]:
        return False, True
    _, singular, right = np.linalg.svd(on_support, full_matrices=True)
    tolerance = singular.max(initial=0.0) * max(on_support.shape) * 1e-12
    rank = int((singular > tolerance).sum())
    if rank == design.shape[1]:
        return False, True
    if design.shape[1] - rank > 1:
        return None, False
    raised = design[~support] @ right[-1]
    raised[np.abs(raised) < 1e-9] = 0.0
    if not raised.any():
        return False, False
    return bool(np.all(raised >= 0) or np.all(raised <= 0)), False


def check_model(
    counts: FloatArray, terms: tuple[Term, ...], method: str = "fast"
) -> ExistenceCheck:
    """Check existence and identifiability of the model with ``terms`` on ``counts``.

    Args:
        counts: Counts of every cell in canonical order (zeros included).
        terms: The model's interaction terms.
        method: ``"fast"`` settles the common cases through the null space of the
            design on the non-zero cells and solves the linear program otherwise;
            ``"lp"`` always solves SparseMSE's linear program. Both give the same
            answer (the tests check it).

    Returns:
        The check, with SparseMSE's error code.
    """
    key = ((counts > 0).tobytes(), frozenset(terms))
    cached = _cache.get(key) if method == "fast" else None
    if cached is not None:
        return cached
    design, kept_counts, infinite = _problem(counts, terms)
    no_estimate, identifiable = (
        _no_estimate_by_null_space(design, kept_counts)
        if method == "fast"
        else (None, False)
    )
    if no_estimate is None:
        no_estimate = not _has_positive_table(design, kept_counts)
    code = NO_ESTIMATE if no_estimate else OK
    # Full rank on the non-zero cells implies full rank on all of them.
    if not identifiable and np.linalg.matrix_rank(design) < design.shape[1]:
        code |= NOT_IDENTIFIABLE
    check = ExistenceCheck(code=code, infinite_terms=infinite)
    if method == "fast":
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[key] = check
    return check


def non_overlapping_pairs(counts: FloatArray) -> tuple[Term, ...]:
    """Pairs of lists that share nobody."""
    n_lists = int(np.log2(counts.shape[0] + 1))
    return tuple(
        pair
        for pair in combinations(range(n_lists), 2)
        if float(counts @ term_column(n_lists, pair)) == 0.0
    )


def count_triples(counts: FloatArray) -> int:
    """Number of triples of lists whose three pairs all overlap.

    When it is zero the model with every pair is not identifiable.
    """
    n_lists = int(np.log2(counts.shape[0] + 1))
    empty = set(non_overlapping_pairs(counts))
    return sum(
        1
        for triple in combinations(range(n_lists), 3)
        if not any(pair in empty for pair in combinations(triple, 2))
    )


def models_without_estimate(
    counts: FloatArray, max_models: int = 1 << 16
) -> list[tuple[Term, ...]]:
    """Every pairwise model whose maximum likelihood estimate does not exist.

    SparseMSE's ``checkallmodels``: if the estimate exists for a model it still exists
    when an overlapping pair is removed, so only the 2^M models with every overlapping
    pair and a subset of the M non-overlapping pairs need a linear program, with a
    search below those that fail.

    Args:
        counts: Counts of every cell in canonical order.
        max_models: Refuse (``ValueError``) when 2^M exceeds this.

    Returns:
        The failing models, each as its tuple of pairs.
    """
    n_lists = int(np.log2(counts.shape[0] + 1))
    empty = non_overlapping_pairs(counts)
    overlapping = tuple(p for p in combinations(range(n_lists), 2) if p not in empty)
    if (1 << len(empty)) > max_models:
        raise ValueError(f"{1 << len(empty)} top-level models to check")
    failing: list[tuple[Term, ...]] = []
    for size in range(len(empty) + 1):
        for chosen in combinations(empty, size):
            top = (*overlapping, *chosen)
            if check_model(counts, top).exists:
                continue
            failing.append(top)
            # Branch search: drop overlapping pairs; once it exists, so do all below.
            frontier: list[tuple[int, ...]] = [(i,) for i in range(len(overlapping))]
            while frontier:
                dropped = frontier.pop(0)
                model = tuple(
                    p for i, p in enumerate(overlapping) if i not in dropped
                ) + tuple(chosen)
                if check_model(counts, model).exists:
                    continue
                failing.append(model)
                frontier.extend(
                    (*dropped, j) for j in range(dropped[-1] + 1, len(overlapping))
                )
    return failing
