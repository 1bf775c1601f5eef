"""Days as a country counts them: local dates, working days, day boundaries.

Time limits are counted in local calendar days, never in 24-hour blocks, so that a
daylight-saving change cannot move a deadline by an hour: a period ends at the first
instant of the local day after its last day, whatever the offset is then. Instants are
compared in UTC (:func:`instant`).
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from palermo.errors import InputError
from palermo.referral.config import CountryConfig


def require_aware(at: datetime, what: str = "time") -> datetime:
    """``at`` itself, if it carries a time zone.

    Raises:
        InputError: a naive datetime, whose instant is ambiguous.
    """
    if at.tzinfo is None or at.utcoffset() is None:
        raise InputError(
            f"{what} {at.isoformat()} has no time zone; give an aware datetime"
        )
    return at


def instant(at: datetime) -> datetime:
    """``at`` in UTC, for comparing and subtracting instants.

    Python compares and subtracts two datetimes that share a tzinfo by their wall
    clocks, which is wrong across a daylight-saving change; in UTC it is always right.
    """
    return require_aware(at).astimezone(UTC)


def local_date(at: datetime, zone: ZoneInfo) -> date:
    """The calendar date of instant ``at`` in ``zone``."""
    return require_aware(at).astimezone(zone).date()


def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The first instant of local day ``day`` in ``zone``.

    Usually midnight; where a daylight-saving change skips midnight, the first instant
    after the gap (zoneinfo resolves a skipped wall time with the offset before the gap,
    which lands exactly on the transition; the round trip through UTC reads it back).
    """
    naive_midnight = datetime.combine(day, time(0))
    return naive_midnight.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)


def add_months(day: date, months: int) -> date:
    """The same day of the month ``months`` later, or the month's last day if shorter
    (31 August + 6 months = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@cache
def _public_holidays(country: str, subdivision: str | None) -> holidays.HolidayBase:
    # One calendar per country; it fills in years as they are asked for.
    return holidays.country_holidays(country, subdiv=subdivision)


class WorkingCalendar:
    """Working days of one country: not a weekend day, public holiday or closed day."""

    def __init__(self, config: CountryConfig):
        self.zone = config.zone
        self._weekend = frozenset(config.weekend)
        self._closed = frozenset(config.closed_days)
        self._holidays = _public_holidays(config.country, config.subdivision)
        self._known: dict[date, bool] = {}  # evaluations ask about the same days often

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day."""
        known = self._known.get(day)
        if known is None:
            known = self._known[day] = (
                day.weekday() not in self._weekend
                and day not in self._closed
                and day not in self._holidays
            )
        return known

    def next_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the next one."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``day`` itself not counted)."""
        if count < 0:
            raise InputError("a count of working days must not be negative")
        while count:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def subtract_working_days(self, day: date, count: int) -> date:
        """The working day ``count`` working days before working day ``day``."""
        while count:
            day -= timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days fall after ``start`` up to and including ``end``."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count


@cache
def working_calendar(config: CountryConfig) -> WorkingCalendar:
    """The (shared) working calendar of a configuration."""
    return WorkingCalendar(config)
