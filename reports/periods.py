"""Reporting periods: a UK financial year (1 April to 31 March) or a range of dates, and the
period before it to compare with (the financial year before; the same number of days just
before a range). Which date places each figure in a period is in docs/figures.md.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext


def long_date(day):
    """1 April 2026, with the month named in the reader's language."""
    return date_format(day, "j F Y")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    year: int | None = None  # the financial year starting on 1 April of this year

    @property
    def label(self):
        if self.year is not None:
            return gettext("Financial year %(year)s to %(next)s") % {
                "year": self.year,
                "next": self.year + 1,
            }
        return gettext("%(start)s to %(end)s") % {
            "start": long_date(self.start),
            "end": long_date(self.end),
        }

    @property
    def short_label(self):
        """A column heading: "2026 to 2027", or the dates."""
        if self.year is not None:
            return gettext("%(start)s to %(end)s") % {"start": self.year, "end": self.year + 1}
        return gettext("%(start)s to %(end)s") % {
            "start": f"{self.start:%d/%m/%Y}",
            "end": f"{self.end:%d/%m/%Y}",
        }

    def previous(self):
        """The period before this one, to compare with."""
        if self.year is not None:
            return financial_year(self.year - 1)
        end = self.start - timedelta(days=1)
        return Period(start=end - (self.end - self.start), end=end)


def financial_year(year):
    """The UK financial year starting on 1 April `year`."""
    return Period(start=date(year, 4, 1), end=date(year + 1, 3, 31), year=year)


def financial_year_of(day):
    """The year the financial year holding `day` starts in (1 April to 31 March)."""
    return day.year if day.month >= 4 else day.year - 1


def period_of(filters):
    """The period the filters ask for (None: any time). Filters hold `year` (an int) or
    `start` and `end` (dates as ISO text, so they can be kept with a PDF job)."""
    filters = filters or {}
    if filters.get("year"):
        return financial_year(int(filters["year"]))
    if filters.get("start") and filters.get("end"):
        return Period(
            start=date.fromisoformat(str(filters["start"])),
            end=date.fromisoformat(str(filters["end"])),
        )
    return None


def round_ids(filters):
    """The rounds the filters ask for ([]: every round). `round` (one id) is still read, for
    addresses and PDF jobs made before several rounds could be chosen."""
    filters = filters or {}
    if filters.get("rounds"):
        return [int(pk) for pk in filters["rounds"]]
    if filters.get("round"):
        return [int(filters["round"])]
    return []
