"""How long a referral case keeps the person's identity, per country.

A case holds two kinds of data. Its identity (names, date and place of birth, document
number) and free-text notes serve the person while the mechanism works for them. Its
states, dates and codes (sex, age, citizenship, forms of exploitation) are what the
statistics count. Erasure removes the first kind and keeps the second, so a national
report can still count the case while nobody can tell whose case it was.

How long identities are kept is national law and data-protection practice, not a
figure Palermo can know: every limit here is ``None`` (no automatic erasure) until a
country configures it, with its source. A child's identity is never erased before the
child has come of age plus the configured years, because a former child victim may
need the record as an adult.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from palermo.referral._calendar import add_months, local_date
from palermo.referral.config import RetentionRules
from palermo.referral.history import CaseHistory
from palermo.referral.states import FINAL_STATES, CaseState

AGE_OF_MAJORITY = 18


def _birthday(born: date, years: int) -> date:
    # 29 February + 18 years is 28 February in a common year.
    return add_months(born, 12 * years)


def majority_date(
    opened: date, *, birth_date: date | None, age_at_opening: int | None
) -> date:
    """The person's 18th birthday, or the latest it can be from what is known.

    With only the age at registration, the person may have reached that age on the
    very day, so the latest 18th birthday is ``18 - age`` years after registration;
    with nothing known, 18 years after registration.
    """
    if birth_date is not None:
        return _birthday(birth_date, AGE_OF_MAJORITY)
    if age_at_opening is not None:
        return _birthday(opened, max(AGE_OF_MAJORITY - age_at_opening, 0))
    return _birthday(opened, AGE_OF_MAJORITY)


def erasure_date(
    history: CaseHistory,
    rules: RetentionRules,
    zone: ZoneInfo,
    *,
    birth_date: date | None = None,
    age_at_opening: int | None = None,
) -> date | None:
    """The first local day on which the case's identity is to be erased.

    Args:
        history: the case; only a closed case (exit) is ever erased.
        rules: the country's retention rules.
        zone: the country's time zone (days are local days).
        birth_date: the person's date of birth, if known (for the child's floor).
        age_at_opening: the age recorded at registration, if known.

    Returns:
        The date, or None while the case is open or when no rule applies.
    """
    if history.state not in FINAL_STATES:
        return None
    closed = history.entered(CaseState.EXIT)
    if closed is None:
        return None
    closed_day = local_date(closed, zone)
    referred = history.entered(CaseState.REFERRED) is not None
    if not referred and rules.unreferred_days_after_exit is not None:
        due = closed_day + timedelta(days=rules.unreferred_days_after_exit)
    elif rules.identity_years_after_exit is not None:
        due = _birthday(closed_day, rules.identity_years_after_exit)
    else:
        return None
    if history.is_treated_as_child and rules.child_years_after_majority is not None:
        opened = local_date(history.events[0].at, zone)
        majority = majority_date(
            opened, birth_date=birth_date, age_at_opening=age_at_opening
        )
        due = max(due, _birthday(majority, rules.child_years_after_majority))
    return due
