"""Screening against the ILO / European Commission operational indicators of trafficking.

Usable alone (CLI, notebook) and in the hub: load a profile's indicator list, assess
present / absent / unknown answers with the published decision rule, print prompt
sheets and short forms for border guards and consular staff. The outcome is a
presumption for referral ("presumed victim"), never a legal determination.
"""

from palermo.screening.decision import (
    Answer,
    DimensionResult,
    DimensionStatus,
    GroupResult,
    Outcome,
    ScreeningResult,
    assess,
    read_answers,
)
from palermo.screening.forms import (
    ShortForm,
    assess_form,
    form_ids,
    load_form,
    referral_advice,
)
from palermo.screening.indicators import (
    DIMENSION_IDS,
    PROFILE_IDS,
    Dimension,
    Element,
    Indicator,
    IndicatorListMissing,
    Profile,
    ProfileStatus,
    Strength,
    dimension,
    load_dimensions,
    load_profile,
    profile_id,
    profiles_for,
    require_profile,
)
from palermo.screening.rules import (
    ChildRule,
    RuleClause,
    Rules,
    ScreeningConfig,
    load_rules,
)
from palermo.screening.sheets import render_sheet, sheet_context

__all__ = [
    "DIMENSION_IDS",
    "PROFILE_IDS",
    "Answer",
    "ChildRule",
    "Dimension",
    "DimensionResult",
    "DimensionStatus",
    "Element",
    "GroupResult",
    "Indicator",
    "IndicatorListMissing",
    "Outcome",
    "Profile",
    "ProfileStatus",
    "RuleClause",
    "Rules",
    "ScreeningConfig",
    "ScreeningResult",
    "ShortForm",
    "Strength",
    "assess",
    "assess_form",
    "dimension",
    "form_ids",
    "load_dimensions",
    "load_form",
    "load_profile",
    "load_rules",
    "profile_id",
    "profiles_for",
    "read_answers",
    "referral_advice",
    "render_sheet",
    "require_profile",
    "sheet_context",
]
