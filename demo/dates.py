"""The sample's time window and its working days.

Every date of the sample comes from this fixed window, never from the clock, so the
same arguments give the same tree on any day.
"""

from __future__ import annotations

import bisect
from datetime import date, timedelta

from generator.core.derive import add_months
from generator.core.workdays import WorkdayCalendar

#: The window decisions fall in, and the date the sample is "exported" as of.
FIRST_DAY = date(2022, 1, 1)
LAST_DAY = date(2026, 11, 20)
REFERENCE_AS_OF = date(2026, 11, 28)
"""The as-of date the scenarios are written for: every state occurs as of this day."""
YEARS = range(FIRST_DAY.year, LAST_DAY.year + 1)


class Days:
    """Working days of the sample window, precomputed once (200,000 lookups stay cheap)."""

    def __init__(self) -> None:
        cal = WorkdayCalendar()
        day, end = date(FIRST_DAY.year - 1, 12, 1), date(LAST_DAY.year, 12, 31)
        self.workdays: list[date] = []
        while day <= end:
            if cal.is_workday(day):
                self.workdays.append(day)
            day += timedelta(days=1)

    def add(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (n = 0: the day itself)."""
        if n == 0:
            return start
        return self.workdays[bisect.bisect_right(self.workdays, start) + n - 1]

    def in_year(self, year: int) -> list[date]:
        lo = bisect.bisect_left(self.workdays, max(date(year, 1, 1), FIRST_DAY))
        hi = bisect.bisect_right(self.workdays, min(date(year, 12, 31), LAST_DAY))
        return self.workdays[lo:hi]


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)
