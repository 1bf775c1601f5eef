"""Deadlines on a country's calendar: weekends, public holidays, daylight saving."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from palermo.errors import InputError
from palermo.referral import (
    AgeStatus,
    CaseState,
    CountryConfig,
    DeadlineKind,
    DeadlineStatus,
    Role,
    alerts,
    case_deadlines,
    deadline_for,
    extend_recovery_period,
    minimum_config,
    open_case,
    transition,
)
from palermo.referral._calendar import WorkingCalendar, add_months, start_of_day

PARIS = ZoneInfo("Europe/Paris")
FRANCE = minimum_config("FR", "Europe/Paris")
ENGLAND = CountryConfig(country="GB", subdivision="ENG", timezone="Europe/London")


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)  # type: ignore[misc]


def test_the_first_decision_skips_may_day_and_victory_day_in_france() -> None:
    # Referred Wednesday 30 April 2025; 1 May and 8 May are public holidays.
    deadline = deadline_for("first_decision", paris(2025, 4, 30, 16), FRANCE)
    assert deadline is not None
    assert deadline.last_day == date(2025, 5, 9)
    assert deadline.due == paris(2025, 5, 10)


def test_the_first_decision_skips_the_english_summer_bank_holiday() -> None:
    london = ZoneInfo("Europe/London")
    deadline = deadline_for(
        "first_decision", datetime(2025, 8, 22, 17, tzinfo=london), ENGLAND
    )
    assert deadline is not None
    assert deadline.last_day == date(2025, 9, 1)  # 25 August is a bank holiday


def test_a_referral_on_a_saturday_counts_from_monday() -> None:
    deadline = deadline_for("first_decision", paris(2025, 6, 14, 11), FRANCE)
    assert deadline is not None
    assert deadline.last_day == date(2025, 6, 20)


def test_the_day_of_the_referral_is_not_counted_even_at_one_minute_past_midnight() -> (
    None
):
    early = deadline_for("first_decision", paris(2025, 6, 16, 0, 1), FRANCE)
    late = deadline_for("first_decision", paris(2025, 6, 16, 23, 59), FRANCE)
    assert early is not None
    assert late is not None
    assert early.last_day == late.last_day == date(2025, 6, 23)


def test_a_referral_late_in_utc_counts_from_the_local_date() -> None:
    # 23:30 UTC on 29 June is already 30 June in Paris.
    deadline = deadline_for(
        "first_decision", datetime(2025, 6, 29, 23, 30, tzinfo=UTC), FRANCE
    )
    assert deadline is not None
    assert deadline.last_day == date(2025, 7, 7)


def test_a_30_day_recovery_period_spans_the_spring_clock_change_by_local_days() -> None:
    start = paris(2025, 3, 10, 14)
    deadline = deadline_for("recovery_period_end", start, FRANCE)
    assert deadline is not None
    assert deadline.last_day == date(2025, 4, 9)
    assert deadline.due == paris(2025, 4, 10)
    assert deadline.due.utcoffset() == timedelta(hours=2)  # summer time by then


def test_a_recovery_period_ending_on_a_sunday_ends_on_monday_only_when_configured() -> (
    None
):
    start = paris(2025, 5, 2, 10)  # + 30 days = Sunday 1 June
    plain = deadline_for("recovery_period_end", start, FRANCE)
    rolled = deadline_for(
        "recovery_period_end", start, replace(FRANCE, roll_to_working_day=True)
    )
    assert plain is not None
    assert rolled is not None
    assert plain.last_day == date(2025, 6, 1)
    assert rolled.last_day == date(2025, 6, 2)


def test_extensions_lengthen_the_recovery_period() -> None:
    case = open_case(paris(2025, 1, 6, 9), Role.FIRST_RESPONDER, AgeStatus.CHILD)
    for state, role, when in [
        ("referred", Role.FIRST_RESPONDER, paris(2025, 1, 6, 10)),
        ("first_decision_pending", Role.COMPETENT_AUTHORITY, paris(2025, 1, 7, 9)),
        ("reasonable_grounds_positive", Role.COMPETENT_AUTHORITY, paris(2025, 1, 9, 9)),
        ("recovery_period", Role.CASEWORKER, paris(2025, 1, 9, 10)),
    ]:
        case = transition(case, state, when, role)
    case = extend_recovery_period(
        case, 15, paris(2025, 2, 1), Role.CASEWORKER, FRANCE, "health"
    )
    by_kind = {d.kind: d for d in case_deadlines(case, FRANCE)}
    assert (
        by_kind[DeadlineKind.FIRST_DECISION].status(paris(2025, 3, 1))
        is DeadlineStatus.MET
    )
    assert by_kind[DeadlineKind.RECOVERY_PERIOD_END].last_day == date(
        2025, 2, 8
    ) + timedelta(days=15)
    assert (
        DeadlineKind.RECOVERY_PERIOD_REVIEW not in by_kind
    )  # no review day configured


def test_a_deadline_alerts_before_it_passes_then_is_overdue() -> None:
    case = transition(
        open_case(
            paris(2025, 6, 16, 9), Role.FIRST_RESPONDER, AgeStatus.ADULT, consent=True
        ),
        "referred",
        paris(2025, 6, 16, 10),
        Role.FIRST_RESPONDER,
    )
    (deadline,) = case_deadlines(case, FRANCE)  # due by the end of Monday 23 June
    assert deadline.status(paris(2025, 6, 19, 23)) is DeadlineStatus.RUNNING
    assert (
        deadline.status(paris(2025, 6, 20, 0)) is DeadlineStatus.DUE_SOON
    )  # 2 working days left
    assert deadline.status(paris(2025, 6, 23, 23, 59)) is DeadlineStatus.DUE_SOON
    assert deadline.status(paris(2025, 6, 24)) is DeadlineStatus.OVERDUE
    assert alerts(case, FRANCE, paris(2025, 6, 24)) == (deadline,)
    decided = transition(
        transition(
            case,
            CaseState.FIRST_DECISION_PENDING,
            paris(2025, 6, 17),
            Role.COMPETENT_AUTHORITY,
        ),
        CaseState.REASONABLE_GROUNDS_POSITIVE,
        paris(2025, 6, 24, 9),
        Role.COMPETENT_AUTHORITY,
    )
    assert (
        case_deadlines(decided, FRANCE)[0].status(paris(2025, 7, 1))
        is DeadlineStatus.MISSED
    )


def test_a_limit_the_country_does_not_set_has_no_deadline() -> None:
    assert deadline_for("conclusive_decision", paris(2025, 1, 1), FRANCE) is None


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(InputError, match="no time zone"):
        deadline_for("first_decision", datetime(2025, 1, 6, 9), FRANCE)


def test_six_months_from_31_august_end_on_the_last_day_of_february() -> None:
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2025, 1, 15), 12) == date(2026, 1, 15)


def test_a_day_whose_midnight_is_skipped_starts_after_the_gap() -> None:
    santiago = ZoneInfo("America/Santiago")  # clocks go from 24:00 to 01:00
    first = start_of_day(date(2025, 9, 7), santiago)
    assert (first.hour, first.minute) == (1, 0)
    just_before = first.astimezone(UTC) - timedelta(microseconds=1)
    assert just_before.astimezone(santiago).date() == date(2025, 9, 6)


# Countries and zones for the property tests, with a zone whose clock change falls at
# midnight (Santiago) and a custom weekend.
CONFIGS = [
    minimum_config("FR", "Europe/Paris"),
    minimum_config("DE", "Europe/Berlin", "BY"),
    CountryConfig(country="GB", subdivision="ENG", timezone="Europe/London"),
    minimum_config("IE", "Europe/Dublin"),
    minimum_config("RO", "Europe/Bucharest"),
    minimum_config("PT", "Atlantic/Azores"),
    minimum_config("CL", "America/Santiago"),
    replace(
        minimum_config("FR", "Europe/Paris"),
        weekend=(4, 5),
        closed_days=(date(2026, 12, 24),),
    ),
]


@st.composite
def starts(draw: st.DrawFn) -> tuple[CountryConfig, datetime]:
    config = draw(st.sampled_from(CONFIGS))
    moment = draw(
        st.datetimes(
            min_value=datetime(2019, 1, 1),
            max_value=datetime(2031, 12, 31),
            timezones=st.just(config.zone),
            allow_imaginary=False,
        )
    )
    return config, moment


def assert_ends_at_the_end_of(
    deadline_due: datetime, last_day: date, zone: ZoneInfo
) -> None:
    # Arithmetic in UTC: Python subtracts within one tzinfo by the wall clock.
    just_before = deadline_due.astimezone(UTC) - timedelta(microseconds=1)
    assert deadline_due.astimezone(zone).date() == last_day + timedelta(days=1)
    assert just_before.astimezone(zone).date() == last_day


@settings(max_examples=120, deadline=None)
@given(starts(), st.integers(min_value=1, max_value=20))
def test_a_working_day_deadline_is_the_end_of_the_nth_working_day_after_the_event(
    start: tuple[CountryConfig, datetime], n: int
) -> None:
    config, at = start
    config = replace(config, first_decision_working_days=n)
    deadline = deadline_for(DeadlineKind.FIRST_DECISION, at, config)
    assert deadline is not None
    days = WorkingCalendar(config)
    start_day = at.astimezone(config.zone).date()
    assert days.is_working_day(deadline.last_day)
    assert days.working_days_between(start_day, deadline.last_day) == n
    assert_ends_at_the_end_of(deadline.due, deadline.last_day, config.zone)
    assert at.astimezone(UTC) <= deadline.alert_at.astimezone(UTC)
    assert deadline.alert_at.astimezone(UTC) <= deadline.due.astimezone(UTC)
    # The instant decides, not the zone it is written in.
    assert (
        deadline_for(DeadlineKind.FIRST_DECISION, at.astimezone(UTC), config)
        == deadline
    )


@settings(max_examples=120, deadline=None)
@given(starts(), st.integers(min_value=30, max_value=200), st.booleans())
def test_a_calendar_day_period_ends_at_the_end_of_the_nth_local_day(
    start: tuple[CountryConfig, datetime], n: int, roll: bool
) -> None:
    config, at = start
    config = replace(config, recovery_period_days=n, roll_to_working_day=roll)
    deadline = deadline_for(DeadlineKind.RECOVERY_PERIOD_END, at, config)
    assert deadline is not None
    nominal = at.astimezone(config.zone).date() + timedelta(days=n)
    if roll:
        days = WorkingCalendar(config)
        assert days.is_working_day(deadline.last_day)
        assert all(
            not days.is_working_day(nominal + timedelta(days=k))
            for k in range((deadline.last_day - nominal).days)
        )
    else:
        assert deadline.last_day == nominal
    assert_ends_at_the_end_of(deadline.due, deadline.last_day, config.zone)
    # At least n full days, less at most the hour a clock change takes away.
    elapsed = deadline.due.astimezone(UTC) - at.astimezone(UTC)
    assert elapsed > timedelta(days=n) - timedelta(hours=1)


@settings(max_examples=80, deadline=None)
@given(
    starts(),
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=1, max_value=10),
)
def test_a_later_event_never_has_an_earlier_deadline(
    start: tuple[CountryConfig, datetime], minutes_later: int, n: int
) -> None:
    config, at = start
    config = replace(config, first_decision_working_days=n)
    first = deadline_for(DeadlineKind.FIRST_DECISION, at, config)
    later = deadline_for(
        DeadlineKind.FIRST_DECISION,
        at.astimezone(UTC) + timedelta(minutes=minutes_later * 9),
        config,
    )
    assert first is not None
    assert later is not None
    assert later.due.astimezone(UTC) >= first.due.astimezone(UTC)


@settings(max_examples=80, deadline=None)
@given(starts(), st.integers(min_value=6, max_value=36))
def test_a_permit_of_n_months_ends_on_the_same_day_n_months_later_or_the_month_end(
    start: tuple[CountryConfig, datetime], months: int
) -> None:
    config, at = start
    deadline = deadline_for(DeadlineKind.PERMIT_EXPIRY, at, config, months=months)
    assert deadline is not None
    start_day = at.astimezone(config.zone).date()
    assert deadline.last_day == add_months(start_day, months)
    assert (
        deadline.last_day.year - start_day.year
    ) * 12 + deadline.last_day.month - start_day.month == months
    assert_ends_at_the_end_of(deadline.due, deadline.last_day, config.zone)
