"""Log-linear models over capture histories: cells, terms and design matrices.

A capture history is a non-empty set of lists; the 2^K - 1 of them are the *cells*, kept
in one canonical order (by number of lists, then lexicographically, list 1 first, as the
shared reference data and SparseMSE order them). A *term* is a set of two or more lists
whose interaction the model includes. The log of a cell's expected count is the
intercept plus the main effect of each list in the cell plus every included term that is
a subset of the cell; the intercept is the log of the expected number of people seen by
no list, the dark figure.

A term whose lists never share anybody (its observed total is zero) has its maximum
likelihood value at minus infinity. As SparseMSE does, such a term is fitted by dropping
every cell that contains it and leaving its column out; the same holds for a list that
saw nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

Term = tuple[int, ...]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

MAX_LISTS = 12


@lru_cache(maxsize=16)
def cells_of(n_lists: int) -> tuple[Term, ...]:
    """Every non-empty capture history of ``n_lists`` lists, in canonical order."""
    return tuple(
        cell
        for size in range(1, n_lists + 1)
        for cell in combinations(range(n_lists), size)
    )


@lru_cache(maxsize=16)
def incidence_of(n_lists: int) -> FloatArray:
    """Cells by lists: 1.0 where the list saw the people of that cell."""
    cells = cells_of(n_lists)
    matrix = np.zeros((len(cells), n_lists))
    for row, cell in enumerate(cells):
        matrix[row, list(cell)] = 1.0
    matrix.setflags(write=False)
    return matrix


@lru_cache(maxsize=4096)
def term_column(n_lists: int, term: Term) -> FloatArray:
    """Cells by one term: 1.0 where the cell contains every list of the term."""
    column: FloatArray = incidence_of(n_lists)[:, list(term)].prod(axis=1)
    column.setflags(write=False)
    return column


@lru_cache(maxsize=16)
def pair_terms(n_lists: int) -> tuple[Term, ...]:
    """All two-list terms in SparseMSE's order: (1,2), (1,3), ..., (K-1,K)."""
    return tuple(combinations(range(n_lists), 2))


@lru_cache(maxsize=16)
def pair_matrix(n_lists: int) -> FloatArray:
    """Cells by pairs: 1.0 where the cell contains both lists of the pair."""
    pairs = pair_terms(n_lists)
    matrix = np.column_stack([term_column(n_lists, p) for p in pairs])
    matrix.setflags(write=False)
    return matrix


@lru_cache(maxsize=16)
def _columns_of(n_lists: int) -> tuple[Term, ...]:
    # Triples only while the table stays small; larger terms are built when needed.
    sizes = (2, 3) if n_lists <= 8 else (2,)
    return (
        (),
        *((j,) for j in range(n_lists)),
        *(t for size in sizes for t in combinations(range(n_lists), size)),
    )


@lru_cache(maxsize=16)
def full_design(n_lists: int) -> FloatArray:
    """Cells by every column a model usually needs: intercept, lists, pairs, triples."""
    incidence = incidence_of(n_lists)
    matrix = np.column_stack(
        [incidence[:, list(term)].prod(axis=1) for term in _columns_of(n_lists)]
    )
    matrix.setflags(write=False)
    return matrix


@lru_cache(maxsize=16)
def _position(n_lists: int) -> dict[Term, int]:
    return {term: i for i, term in enumerate(_columns_of(n_lists))}


def term_name(term: Term, lists: tuple[str, ...]) -> str:
    """The conventional name of a term, the list names joined by ``:``."""
    return ":".join(lists[i] for i in term)


def is_hierarchical(terms: tuple[Term, ...]) -> bool:
    """Whether every sub-interaction (of two or more lists) of every term is included."""
    present = set(terms)
    return all(
        sub in present
        for term in terms
        for size in range(2, len(term))
        for sub in combinations(term, size)
    )


@dataclass(frozen=True)
class Design:
    """The design of one model on one table of counts.

    Attributes:
        kept: Mask over all cells: the cells that enter the fit.
        matrix: Design matrix over the kept cells: intercept, the main effects of the
            lists that saw somebody, then the finite terms.
        counts: Counts of the kept cells.
        finite_terms: Terms that have a column, in model order.
        infinite_terms: Terms fixed at minus infinity (their lists never overlap).
        empty_lists: Lists that saw nobody (main effect at minus infinity).
        columns: Name of each design column (list or term indices; ``()`` is the
            intercept).
    """

    kept: BoolArray
    matrix: FloatArray
    counts: FloatArray
    finite_terms: tuple[Term, ...]
    infinite_terms: tuple[Term, ...]
    empty_lists: tuple[int, ...]
    columns: tuple[Term, ...]


def build_design(counts: FloatArray, terms: tuple[Term, ...]) -> Design:
    """Build the design of the model with ``terms`` on ``counts`` (all cells).

    Args:
        counts: Counts of every cell in canonical order (zeros included).
        terms: Interaction terms of the model.

    Returns:
        The design, with structurally empty terms and lists fixed at minus infinity.
    """
    n_cells = counts.shape[0]
    n_lists = n_cells.bit_length()
    full = full_design(n_lists)
    position = _position(n_lists)
    kept: BoolArray | None = None
    totals = counts @ full
    empty_lists = tuple(j for j in range(n_lists) if totals[1 + j] == 0)
    for j in empty_lists:
        outside = full[:, 1 + j] == 0
        kept = outside if kept is None else kept & outside
    finite: list[Term] = []
    infinite: list[Term] = []
    for term in terms:
        index = position.get(term)
        total = (
            totals[index] if index is not None else counts @ term_column(n_lists, term)
        )
        if total == 0.0:
            infinite.append(term)
            outside = term_column(n_lists, term) == 0
            kept = outside if kept is None else kept & outside
        else:
            finite.append(term)
    if kept is None:
        kept = np.ones(n_cells, dtype=bool)
    mains = [j for j in range(n_lists) if j not in empty_lists]
    columns: list[Term] = [(), *((j,) for j in mains), *finite]
    if all(term in position for term in finite):
        matrix = full[:, [position[column] for column in columns]]
    else:
        parts = [np.ones(n_cells), *(full[:, 1 + j] for j in mains)]
        parts.extend(term_column(n_lists, term) for term in finite)
        matrix = np.column_stack(parts)
    if infinite or empty_lists:
        matrix = matrix[kept]
        counts = counts[kept]
    return Design(
        kept=kept,
        matrix=matrix,
        counts=counts,
        finite_terms=tuple(finite),
        infinite_terms=tuple(infinite),
        empty_lists=empty_lists,
        columns=tuple(columns),
    )
