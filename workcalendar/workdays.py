"""The working-day calendar (工作日), the one place every deadline counts days with.

docs/legal-rules.md §1, in order of authority:
1. a day entered by staff (`CalendarDay`: 放假 or 调休上班) wins;
2. otherwise the `chinese-calendar` package, for the years it knows;
3. otherwise, in a year marked complete (`CalendarYear`, with the State Council notice's
   number), Monday–Friday: every rest day and 调休 of that year is entered;
4. otherwise an estimate: Monday–Friday minus the statutory holidays that need no annual
   notice. Anything computed from an estimated day is provisional (暂定) until the year is
   marked complete. Entering some days of a year does not make its other days official.

Counting follows 民法典第二百零一条: the start day is not counted, so "N working days after D"
is the N-th working day strictly after D, whatever D is. (The package's `find_workday` is one
day late when D is a rest day, so we count ourselves.)

Entered days are read once per year and kept in memory for a minute: a worklist computes a
deadline for every row, and must not pay a query per day. Saving or deleting a `CalendarDay`
clears this process's copy at once; other processes see the change within the minute.
"""

import contextlib
import datetime
import time
from functools import cache, lru_cache
from typing import NamedTuple

import chinese_calendar
from django.db.models.signals import post_delete, post_save
from lunardate import LunarDate

from .models import CalendarDay, CalendarYear

ENTERED_DAYS_TTL = 60  # seconds
# 清明 is a solar term: the package computes solar terms for 1900–2100 without annual data.
_LUNAR_HOLIDAYS = ((1, 1), (1, 2), (1, 3), (5, 5), (8, 15))  # 春节初一至初三, 端午, 中秋
_FIXED_HOLIDAYS = ((1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3))  # 元旦, 劳动节, 国庆节

_entered_cache = {}  # year -> (expires_at, {date: is_workday})
_complete_cache = {}  # year -> (expires_at, whether the year is marked complete)


class Deadline(NamedTuple):
    """A computed day and whether it rests on an estimated (not yet official) calendar."""

    date: datetime.date
    provisional: bool = False

    def __str__(self):
        return f"{self.date:%Y-%m-%d}" + ("（暂定）" if self.provisional else "")


class Count(NamedTuple):
    """A number of working days and whether an estimated calendar was used to count them."""

    days: int
    provisional: bool = False


def clear_cache(**kwargs):
    """Forget the entered days held in memory (called when a CalendarDay changes)."""
    _entered_cache.clear()
    _complete_cache.clear()


for _model in (CalendarDay, CalendarYear):
    post_save.connect(clear_cache, sender=_model, dispatch_uid=f"workdays.save.{_model.__name__}")
    post_delete.connect(
        clear_cache, sender=_model, dispatch_uid=f"workdays.delete.{_model.__name__}"
    )


def _entered_days(year):
    """{date: is_workday} for the days of `year` that staff entered; one query per year a minute."""
    now = time.monotonic()
    cached = _entered_cache.get(year)
    if cached is None or cached[0] < now:
        rows = CalendarDay.objects.filter(
            date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31)
        ).values_list("date", "kind")
        days = {day: kind == CalendarDay.Kind.WORKDAY for day, kind in rows}
        cached = (now + ENTERED_DAYS_TTL, days)
        _entered_cache[year] = cached
    return cached[1]


def year_complete(year):
    """Whether staff marked `year`'s arrangement as entered in full; one query per year a
    minute, and only asked for years the package does not know."""
    now = time.monotonic()
    cached = _complete_cache.get(year)
    if cached is None or cached[0] < now:
        complete = CalendarYear.objects.filter(year=year, complete=True).exists()
        cached = (now + ENTERED_DAYS_TTL, complete)
        _complete_cache[year] = cached
    return cached[1]


@cache
def package_knows(year):
    """Whether the installed chinese-calendar has the State Council arrangement for `year`."""
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=20_000)
def _package_workday(day):
    """The package's answer, remembered: its data is fixed for the installed version, and
    each call scans its tables (a province-wide worklist asked it 50,000 times: 1 s)."""
    return chinese_calendar.is_workday(day)


@lru_cache(maxsize=64)
def fallback_holidays(year):
    """The statutory holidays of `year` that need no annual notice (the estimate's rest days)."""
    days = {datetime.date(year, month, day) for month, day in _FIXED_HOLIDAYS}
    with contextlib.suppress(NotImplementedError):
        days.update(
            day
            for day, name in chinese_calendar.get_solar_terms(
                datetime.date(year, 4, 1), datetime.date(year, 4, 30)
            )
            if name == "清明"
        )
    days.update(_lunar_holidays(year))
    return frozenset(days)


def _lunar_holidays(year):
    try:
        new_year = LunarDate(year, 1, 1).to_solar_date()
        days = {LunarDate(year, month, day).to_solar_date() for month, day in _LUNAR_HOLIDAYS}
    except ValueError:  # outside lunardate's table (1900–2099)
        return set()
    days.add(new_year - datetime.timedelta(days=1))  # 除夕
    return {day for day in days if day.year == year}


def _classify(day):
    """(is_workday, provisional) for one day: entered table, then the package, then the estimate."""
    entered = _entered_days(day.year)
    if day in entered:
        return entered[day], False
    if package_knows(day.year):
        return _package_workday(day), False
    if year_complete(day.year):
        return day.weekday() < 5, False
    return day.weekday() < 5 and day not in fallback_holidays(day.year), True


def is_provisional(day):
    """True when `day` is estimated: not entered, in a year neither the package knows nor staff
    marked complete."""
    return _classify(day)[1]


def is_workday(day):
    """Whether `day` is a working day."""
    return _classify(day)[0]


def add_workdays(start, n):
    """The n-th working day strictly after `start` (n ≥ 0; n = 0 gives `start` itself).

    Provisional when any day counted over lies in an estimated year.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    day, counted, provisional = start, 0, False
    one = datetime.timedelta(days=1)
    while counted < n:
        day += one
        workday, estimated = _classify(day)
        counted += workday
        provisional = provisional or estimated
    return Deadline(day, provisional)


def count_workdays(start, end):
    """The number of working days d with start < d ≤ end (0 when end ≤ start)."""
    day, counted, provisional = start, 0, False
    one = datetime.timedelta(days=1)
    while day < end:
        day += one
        workday, estimated = _classify(day)
        counted += workday
        provisional = provisional or estimated
    return Count(counted, provisional)


def next_workday(day):
    """The first working day strictly after `day`."""
    return add_workdays(day, 1)
