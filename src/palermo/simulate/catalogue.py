"""The source organisations a simulated country can have, and how each finds victims.

Capture probabilities are set on the log-odds scale (see :mod:`palermo.simulate.config`):
``capture_rate`` is the probability for a reference victim and ``effects`` shift it for
the victim's covariates. The defaults encode what reports describe: labour inspectors
find labour exploitation, the police find sexual exploitation more, NGOs see more women,
border guards see third-country nationals, social services see children.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Covariates that capture effects may name (see the module docstring).
COVARIATES = (
    "female",
    "child",
    "national",
    "other_eu",
    "non_eu",
    "sexual",
    "labour",
    "begging",
    "criminal_activities",
    "servitude",
    "forced_marriage",
    "slavery",
    "organ_removal",
    "surrogacy",
    "illegal_adoption",
    "other",
)


@dataclass(frozen=True)
class SourceConfig:
    """One source organisation that registers victims.

    Attributes:
        organisation_id: the id it submits under (also its capture-history column).
        organisation_type: a code of the ``organisation_type`` list.
        style: how it writes its files (a victims style of ``data/styles.yaml``).
        capture_rate: probability that it sees a reference victim (module docstring).
        effects: log-odds effects of covariates on its capture probability.
        referrals: probability that it refers a victim it found itself to another
            source (by organisation id), which then registers the victim too. This is
            the positive dependence between lists.
        identified_share: share of its records with status "identified" (the rest
            presumed).
        error_scale: multiplier of the recording error rates for this source.
        document_share: share of its records that carry a document number.
        place_of_birth_share: share of its records that carry a place of birth.
    """

    organisation_id: str
    organisation_type: str
    style: str
    capture_rate: float
    effects: dict[str, float] = field(default_factory=dict)
    referrals: dict[str, float] = field(default_factory=dict)
    identified_share: float = 0.5
    error_scale: float = 1.0
    document_share: float = 0.3
    place_of_birth_share: float = 0.3


# The catalogue of victim sources: ``--sources K`` takes the first K.
SOURCE_CATALOGUE: tuple[SourceConfig, ...] = (
    SourceConfig(
        "police",
        "police",
        "police",
        capture_rate=0.12,
        effects={"sexual": 0.7, "labour": -0.2, "female": 0.2, "non_eu": 0.2},
        referrals={"ngo": 0.25, "social_services": 0.05},
        identified_share=0.8,
        error_scale=1.0,
        document_share=0.6,
        place_of_birth_share=0.7,
    ),
    SourceConfig(
        "ngo",
        "ngo",
        "ngo",
        capture_rate=0.07,
        effects={"female": 0.5, "sexual": 0.4, "child": 0.2, "non_eu": 0.3},
        referrals={"police": 0.1, "social_services": 0.05},
        identified_share=0.2,
        error_scale=1.5,
        document_share=0.1,
        place_of_birth_share=0.2,
    ),
    SourceConfig(
        "labour_inspectorate",
        "labour_inspectorate",
        "labour_inspectorate",
        capture_rate=0.035,
        effects={"labour": 2.3, "servitude": 1.0, "sexual": -1.5, "child": -0.8},
        referrals={"police": 0.25, "ngo": 0.1},
        identified_share=0.4,
        error_scale=1.0,
        document_share=0.5,
        place_of_birth_share=0.1,
    ),
    SourceConfig(
        "border_guard",
        "border_guard",
        "border_guard",
        capture_rate=0.06,
        effects={"non_eu": 0.8, "national": -2.0, "child": 0.3},
        referrals={"police": 0.3, "ngo": 0.1},
        identified_share=0.6,
        error_scale=0.5,
        document_share=0.95,
        place_of_birth_share=0.9,
    ),
    SourceConfig(
        "social_services",
        "social_services",
        "social_services",
        capture_rate=0.025,
        effects={"child": 2.0, "national": 0.4, "begging": 0.8, "female": 0.2},
        referrals={"ngo": 0.15, "police": 0.1},
        identified_share=0.2,
        error_scale=1.2,
        document_share=0.2,
        place_of_birth_share=0.3,
    ),
    SourceConfig(
        "immigration",
        "immigration",
        "immigration",
        capture_rate=0.03,
        effects={"non_eu": 1.2, "national": -3.0, "other_eu": -1.0},
        referrals={"ngo": 0.2},
        identified_share=0.5,
        error_scale=0.7,
        document_share=0.9,
        place_of_birth_share=0.8,
    ),
    SourceConfig(
        "health",
        "health",
        "health",
        capture_rate=0.015,
        effects={"female": 0.6, "sexual": 0.6, "organ_removal": 3.0},
        referrals={"ngo": 0.2, "police": 0.05},
        identified_share=0.05,
        error_scale=1.3,
        document_share=0.2,
        place_of_birth_share=0.2,
    ),
    SourceConfig(
        "shelter",
        "ngo",
        "shelter",
        capture_rate=0.025,
        effects={"female": 0.9, "sexual": 0.5, "forced_marriage": 1.0},
        referrals={"police": 0.05},
        identified_share=0.1,
        error_scale=1.4,
        document_share=0.1,
        place_of_birth_share=0.1,
    ),
)


__all__ = ["COVARIATES", "SOURCE_CATALOGUE", "SourceConfig"]
