"""What every estimator shares: reading its input and refusing data it cannot use."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

import numpy as np
import pandas as pd

from palermo.errors import EstimationError, InputError
from palermo.estimate.config import EstimateConfig
from palermo.estimate.existence import check_model
from palermo.estimate.histories import CaptureHistories, read_capture_histories
from palermo.estimate.model import cells_of
from palermo.estimate.result import MSEResult

HistoriesLike = CaptureHistories | pd.DataFrame | str | Path


def as_capture_histories(histories: HistoriesLike) -> CaptureHistories:
    """Accept capture histories as an object, a counts-layout frame, or a CSV path."""
    if isinstance(histories, CaptureHistories):
        return histories
    if isinstance(histories, pd.DataFrame):
        return CaptureHistories.from_frame(histories)
    if isinstance(histories, str | Path):
        return CaptureHistories.from_frame(read_capture_histories(histories))
    raise InputError(
        "capture histories must be a CaptureHistories, a DataFrame in the counts "
        f"layout or the path of a CSV; got {type(histories).__name__}"
    )


def people_on_several_lists(histories: CaptureHistories) -> int:
    """How many people are on two or more lists: the overlaps MSE learns from."""
    sizes = np.array([len(cell) for cell in cells_of(histories.n_lists)])
    return int(histories.counts[sizes >= 2].sum())


def drop_empty_lists(histories: CaptureHistories) -> tuple[CaptureHistories, list[str]]:
    """Leave out lists that saw nobody (they carry no information)."""
    frame = histories.to_frame()
    empty = [name for name in histories.lists if frame[name].sum() == 0]
    if not empty:
        return histories, []
    return CaptureHistories.from_frame(frame.drop(columns=empty)), empty


def check_estimable(histories: CaptureHistories) -> None:
    """Refuse, with what to try, data from which no estimate can come.

    Raises:
        EstimationError: Fewer than two lists saw anybody, nobody is on two lists, or
            even the model of independent lists has no estimate.
    """
    if histories.n_lists < 2:
        raise EstimationError(
            "fewer than two lists saw anybody, so there is no overlap to learn from. "
            "Try: include more source organisations as lists."
        )
    if people_on_several_lists(histories) == 0:
        raise EstimationError(
            "nobody is on more than one list. The number of people missed is inferred "
            "from the overlaps between lists, so with none it cannot be estimated. "
            "Try: check that linkage matched people across sources; merge strata; "
            "use a longer reference period."
        )
    if not check_model(histories.counts, ()).exists:
        raise EstimationError(
            "even the model of independent lists has no estimate on these data "
            "(for instance one list holds everybody observed, or two lists overlap "
            "in nobody and there is no third). Try: merge lists that work alike, "
            "drop a list that records everybody, or pool strata."
        )


class MSEEstimator(ABC):
    """An estimator of the total from capture histories.

    Subclasses are configured in the constructor and implement :meth:`_fit`; ``fit``
    returns a frozen result and leaves the estimator unchanged.
    """

    config: EstimateConfig

    def fit(self, histories: HistoriesLike) -> MSEResult:
        """Estimate the total number of people, seen and unseen.

        Args:
            histories: Capture histories: a :class:`CaptureHistories`, a DataFrame in
                the counts layout (one 0/1 column per list and ``count``) or the path
                of such a CSV.

        Returns:
            The frozen result.

        Raises:
            InputError: The histories break the layout.
            EstimationError: No estimate can come from these data; the message says
                what to try.
        """
        data, empty = drop_empty_lists(as_capture_histories(histories))
        check_estimable(data)
        return self._fit(data, empty_lists=tuple(empty))

    @abstractmethod
    def _fit(self, data: CaptureHistories, empty_lists: tuple[str, ...]) -> MSEResult:
        """Estimate from checked data (every list saw somebody)."""
