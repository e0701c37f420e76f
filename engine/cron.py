"""Quartz cron expressions, as a job's `schedule.quartz_cron_expression` holds them (SEMANTICS §11).

A small parser of our own, fully tested, rather than a library: the maintained Python cron
libraries read Unix cron (five fields, Sunday = 0, no `?`, seconds last or not at all), while
Databricks takes Quartz (seconds first, Sunday = 1, `?`, `L`, `W`, `#`, an optional year). Reading
Quartz through a Unix parser silently shifts every weekday by one; this module reads Quartz.

Supported, per Quartz's CronExpression: `*`, `?` (day-of-month or day-of-week), numbers, names
(JAN-DEC, SUN-SAT), ranges (wrapping, like FRI-MON or 22-2), lists, steps (`*/15`, `5/15`,
`10-40/10`), and in the day fields `L`, `L-n`, `nW`, `LW` (day of month) and `nL`, `n#k` (day of
week). As in Quartz, exactly one of day-of-month and day-of-week must be `?`.

Fire times are computed in the schedule's time zone. At a daylight-saving change, a local time
that does not exist is skipped and a local time that happens twice fires once, at the first
(engine decision, SEMANTICS §11.3 warns that hourly jobs may be skipped or late there).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MONTHS = {name: i for i, name in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}
DAYS = {name: i for i, name in enumerate(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), start=1)}
FIELDS = ("seconds", "minutes", "hours", "day-of-month", "month", "day-of-week", "year")
BOUNDS = {"seconds": (0, 59), "minutes": (0, 59), "hours": (0, 23), "day-of-month": (1, 31),
          "month": (1, 12), "day-of-week": (1, 7), "year": (1970, 2099)}
EXAMPLE = "e.g. '0 0 6 * * ?' (06:00:00 every day) or '0 */15 9-17 ? * MON-FRI'"


class CronError(ValueError):
    """A Quartz expression that cannot be read: the message names the field and the fix."""


@dataclass(frozen=True)
class DayRule:
    """What a day field asks for besides plain numbers."""

    last: bool = False  # L: the last day of the month
    last_offset: int = 0  # L-n
    weekday_nearest: int | None = None  # nW
    last_weekday: bool = False  # LW
    last_of_week: int | None = None  # nL: the last such weekday of the month
    nth: tuple[int, int] | None = None  # n#k: the k-th such weekday of the month


@dataclass(frozen=True)
class QuartzCron:
    expression: str
    seconds: frozenset[int]
    minutes: frozenset[int]
    hours: frozenset[int]
    days_of_month: frozenset[int] | None  # None: '?'
    dom_rule: DayRule | None
    months: frozenset[int]
    days_of_week: frozenset[int] | None  # Quartz numbering, 1 = Sunday; None: '?'
    dow_rule: DayRule | None
    years: frozenset[int] | None  # None: every year

    def matches_day(self, day: date) -> bool:
        if day.month not in self.months or (self.years is not None and day.year not in self.years):
            return False
        if self.days_of_month is not None or self.dom_rule is not None:
            return _dom_matches(self, day)
        return _dow_matches(self, day)

    def fire_times(self, start: datetime, end: datetime, zone: str) -> Iterator[datetime]:
        """Every fire time t with start <= t < end, in UTC, in order."""
        tz = time_zone(zone)
        local_day = start.astimezone(tz).date() - timedelta(days=1)
        last_day = end.astimezone(tz).date() + timedelta(days=1)
        seconds, minutes, hours = sorted(self.seconds), sorted(self.minutes), sorted(self.hours)
        margin = timedelta(hours=3)  # covers any daylight-saving shift of a wall-clock hour

        def outside(wall: datetime, length: timedelta) -> bool:
            """Whether [wall, wall + length) surely misses the window: skip the whole hour or minute."""
            moment = wall.astimezone(timezone.utc)
            return moment + length + margin <= start or moment - margin >= end

        while local_day <= last_day:
            if self.matches_day(local_day):
                y, m, d = local_day.year, local_day.month, local_day.day
                for hour in hours:
                    if outside(datetime(y, m, d, hour, tzinfo=tz), timedelta(hours=1)):
                        continue
                    for minute in minutes:
                        if outside(datetime(y, m, d, hour, minute, tzinfo=tz), timedelta(minutes=1)):
                            continue
                        for second in seconds:
                            wall = datetime(y, m, d, hour, minute, second, tzinfo=tz)
                            moment = wall.astimezone(timezone.utc)
                            if moment.astimezone(tz).replace(tzinfo=None) != wall.replace(tzinfo=None):
                                continue  # does not exist on this day (clocks jumped over it)
                            if start <= moment < end:
                                yield moment
            local_day += timedelta(days=1)


def time_zone(zone: str) -> ZoneInfo:
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise CronError(f"unknown timezone_id {zone!r}: use a Java/IANA time zone id such as UTC, "
                        "Europe/Amsterdam or America/Los_Angeles") from None


def parse_quartz(expression: str) -> QuartzCron:
    """Read a Quartz cron expression; CronError names the field and what to write instead."""
    if not isinstance(expression, str):
        raise CronError(f"a Quartz cron expression is text, not {expression!r}; {EXAMPLE}")
    parts = expression.split()
    if len(parts) not in (6, 7):
        raise CronError(f"a Quartz cron expression has 6 or 7 fields (seconds minutes hours day-of-month month "
                        f"day-of-week [year]), {expression!r} has {len(parts)}; {EXAMPLE}")
    dom_text, dow_text = parts[3], parts[5]
    if (dom_text == "?") == (dow_text == "?"):
        raise CronError(f"in {expression!r}, exactly one of day-of-month ({dom_text}) and day-of-week ({dow_text}) "
                        "must be '?' (Quartz does not support both); e.g. '0 0 6 * * ?' or '0 0 6 ? * MON'")
    seconds = _numbers(parts[0], "seconds", expression)
    minutes = _numbers(parts[1], "minutes", expression)
    hours = _numbers(parts[2], "hours", expression)
    months = _numbers(parts[4], "month", expression, names=MONTHS)
    years = None if len(parts) == 6 or parts[6] in ("*", "?") else _numbers(parts[6], "year", expression)
    days_of_month = dom_rule = days_of_week = dow_rule = None
    if dom_text != "?":
        days_of_month, dom_rule = _day_of_month(dom_text, expression)
    if dow_text != "?":
        days_of_week, dow_rule = _day_of_week(dow_text, expression)
    return QuartzCron(expression, seconds, minutes, hours, days_of_month, dom_rule, months, days_of_week, dow_rule,
                      years)


# ----------------------------------------------------------------------------- fields


def _value(text: str, field: str, expression: str, names: dict[str, int] | None) -> int:
    upper = text.upper()
    if names and upper in names:
        return names[upper]
    if not (text.isascii() and text.isdigit()):
        known = f" or a name ({', '.join(names)})" if names else ""
        raise CronError(f"{field} field of {expression!r}: {text!r} is not a number{known}")
    value = int(text)
    low, high = BOUNDS[field]
    if not low <= value <= high:
        raise CronError(f"{field} field of {expression!r}: {value} is outside {low}-{high}")
    return value


def _numbers(text: str, field: str, expression: str, names: dict[str, int] | None = None) -> frozenset[int]:
    low, high = BOUNDS[field]
    out: set[int] = set()
    for item in text.split(","):
        if not item:
            raise CronError(f"{field} field of {expression!r}: an empty item in the list {text!r}")
        base, _, step_text = item.partition("/")
        step = 1
        if step_text:
            if not (step_text.isascii() and step_text.isdigit()) or int(step_text) == 0:
                raise CronError(f"{field} field of {expression!r}: the step in {item!r} must be a whole number > 0")
            step = int(step_text)
        if base in ("*", "?"):
            if base == "?" and field not in ("day-of-month", "day-of-week"):
                raise CronError(f"{field} field of {expression!r}: '?' is only allowed in day-of-month or "
                                "day-of-week")
            first, last = low, high
        elif "-" in base:
            a, _, b = base.partition("-")
            first, last = _value(a, field, expression, names), _value(b, field, expression, names)
        else:
            first = _value(base, field, expression, names)
            last = high if step_text else first  # "5/15": from 5 every 15
        span = (last - first) % (high - low + 1) if last < first else last - first  # wrapping range
        out.update(low + (first - low + i) % (high - low + 1) for i in range(0, span + 1, step))
    return frozenset(out)


def _day_of_month(text: str, expression: str) -> tuple[frozenset[int] | None, DayRule | None]:
    upper = text.upper()
    if upper == "L":
        return None, DayRule(last=True)
    if upper == "LW":
        return None, DayRule(last_weekday=True)
    if upper.startswith("L-"):
        offset = upper[2:]
        if not (offset.isascii() and offset.isdigit()) or not 0 <= int(offset) <= 30:
            raise CronError(f"day-of-month field of {expression!r}: {text!r} must be L-n with n from 0 to 30")
        return None, DayRule(last=True, last_offset=int(offset))
    if upper.endswith("W"):
        day = upper[:-1]
        if not (day.isascii() and day.isdigit()) or not 1 <= int(day) <= 31:
            raise CronError(f"day-of-month field of {expression!r}: {text!r} must be nW with n from 1 to 31")
        return None, DayRule(weekday_nearest=int(day))
    return _numbers(text, "day-of-month", expression), None


def _day_of_week(text: str, expression: str) -> tuple[frozenset[int] | None, DayRule | None]:
    upper = text.upper()
    if upper == "L":
        return frozenset({7}), None  # L alone in day-of-week is 7, Saturday
    if upper.endswith("L") and "," not in upper:
        return None, DayRule(last_of_week=_value(upper[:-1], "day-of-week", expression, DAYS))
    if "#" in upper:
        day, _, nth = upper.partition("#")
        if not (nth.isascii() and nth.isdigit()) or not 1 <= int(nth) <= 5:
            raise CronError(f"day-of-week field of {expression!r}: {text!r} must be d#k with k from 1 to 5")
        return None, DayRule(nth=(_value(day, "day-of-week", expression, DAYS), int(nth)))
    return _numbers(text, "day-of-week", expression, names=DAYS), None


def quartz_weekday(day: date) -> int:
    """1 = Sunday … 7 = Saturday (Python's weekday() is 0 = Monday)."""
    return (day.weekday() + 1) % 7 + 1


def _dom_matches(cron: QuartzCron, day: date) -> bool:
    rule = cron.dom_rule
    month_days = calendar.monthrange(day.year, day.month)[1]
    if rule is None:
        return day.day in cron.days_of_month
    if rule.last:
        return day.day == month_days - rule.last_offset
    if rule.last_weekday:
        last = date(day.year, day.month, month_days)
        while last.weekday() >= 5:
            last -= timedelta(days=1)
        return day == last
    # nW: the weekday nearest day n, never leaving the month.
    target = min(rule.weekday_nearest, month_days)
    nearest = date(day.year, day.month, target)
    if nearest.weekday() == 5:  # Saturday: the Friday before, or the Monday after on the 1st
        nearest = nearest - timedelta(days=1) if target > 1 else nearest + timedelta(days=2)
    elif nearest.weekday() == 6:  # Sunday: the Monday after, or the Friday before at the month's end
        nearest = nearest + timedelta(days=1) if target < month_days else nearest - timedelta(days=2)
    return day == nearest


def _dow_matches(cron: QuartzCron, day: date) -> bool:
    rule = cron.dow_rule
    weekday = quartz_weekday(day)
    if rule is None:
        return weekday in cron.days_of_week
    month_days = calendar.monthrange(day.year, day.month)[1]
    if rule.last_of_week is not None:
        return weekday == rule.last_of_week and day.day + 7 > month_days
    wanted, nth = rule.nth
    return weekday == wanted and (day.day - 1) // 7 + 1 == nth
