"""Multiple systems estimation of the hidden number of victims.

When several organisations each keep a list of the victims they met, the overlaps
between the lists tell how many victims none of them met. This package fits Poisson
log-linear models to the capture histories, chooses the model as SparseMSE does (or by
AIC/BIC), checks that the estimate exists and is identifiable, and reports the total with
a model-conditional, profile-likelihood or bootstrap interval.

>>> from palermo.estimate import LogLinearMSE, read_capture_histories
>>> result = LogLinearMSE().fit(read_capture_histories("UKdat.csv"))
"""

from palermo.estimate.base import MSEEstimator, as_capture_histories
from palermo.estimate.bootstrap import BootstrapOutcome
from palermo.estimate.config import EstimateConfig
from palermo.estimate.existence import (
    ExistenceCheck,
    check_model,
    count_triples,
    models_without_estimate,
    non_overlapping_pairs,
)
from palermo.estimate.histories import (
    CaptureHistories,
    capture_histories,
    read_capture_histories,
    read_persons_captures,
)
from palermo.estimate.loglinear import LogLinearMSE
from palermo.estimate.messages import Notice
from palermo.estimate.result import ExcludedTerm, ModelTerm, MSEResult
from palermo.estimate.stratified import StratifiedMSEResult, estimate_by_stratum

__all__ = [
    "BootstrapOutcome",
    "CaptureHistories",
    "EstimateConfig",
    "ExcludedTerm",
    "ExistenceCheck",
    "LogLinearMSE",
    "MSEEstimator",
    "MSEResult",
    "ModelTerm",
    "Notice",
    "StratifiedMSEResult",
    "as_capture_histories",
    "capture_histories",
    "check_model",
    "count_triples",
    "estimate_by_stratum",
    "models_without_estimate",
    "non_overlapping_pairs",
    "read_capture_histories",
    "read_persons_captures",
]
