"""Statutory working days (法定工作日): holidays and make-up working days (调休上班).

``chinese_calendar`` knows the State Council's arrangements for the years it
ships (2004–2026 in the pinned release). Later years come from a local file,
``content/data/calendar.yaml``, which also overrides single days:

    2027:
      holidays: [2027-01-01, 2027-02-16]
      workdays: [2027-02-07]   # make-up working days, usually weekends

A year that neither covers is an error, never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar


class CalendarNotCovered(ValueError):
    """A date whose year neither chinese_calendar nor the local calendar file covers."""

    def __init__(self, day: date):
        super().__init__(
            f"{day.year} 年的法定节假日安排未知：chinese_calendar 只覆盖 2004–{_last_known_year()} 年；"
            f"请在 content/data/calendar.yaml 中补充 {day.year} 年的 holidays 与 workdays"
        )
        self.day = day


def _last_known_year() -> int:
    return max(d.year for d in chinese_calendar.holidays)


@lru_cache(maxsize=1 << 14)
def _national_workday(day: date) -> bool:
    # chinese_calendar scans its whole table to range-check every date: ask once per day.
    return chinese_calendar.is_workday(day)


class WorkdayCalendar:
    """Answers "is this a working day?" and counts working days forward."""

    def __init__(self, overrides: Mapping[int, Mapping[str, list[date]]] | None = None):
        self._holidays: set[date] = set()
        self._workdays: set[date] = set()
        self._local_years: set[int] = set()
        for year, spec in (overrides or {}).items():
            self._local_years.add(int(year))
            self._holidays.update(spec.get("holidays", []))
            self._workdays.update(spec.get("workdays", []))
        self._first, self._last = 2004, _last_known_year()
        # Records share few distinct decision dates (about 250 a year): memoise deadlines.
        self._added: dict[tuple[date, int], date] = {}

    def covers(self, year: int) -> bool:
        """True when the year's holiday arrangement is known."""
        return self._first <= year <= self._last or year in self._local_years

    def is_workday(self, day: date) -> bool:
        """A statutory working day: weekdays that are not holidays, plus make-up days."""
        if day in self._workdays:
            return True
        if day in self._holidays:
            return False
        if self._first <= day.year <= self._last:
            return _national_workday(day)
        if day.year in self._local_years:
            return day.weekday() < 5
        raise CalendarNotCovered(day)

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (the day of the decision itself not counted)."""
        key = (start, n)
        if key not in self._added:
            self._added[key] = self._count_forward(start, n)
        return self._added[key]

    def _count_forward(self, start: date, n: int) -> date:
        day, left = start, n
        while left > 0:
            day += timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_workday(day)
        return count
