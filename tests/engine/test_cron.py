"""Quartz cron expressions (SEMANTICS §11.1-11.3), checked against what Quartz documents for known
expressions: seconds first, day-of-week 1 = Sunday, `?`, `L`, `W`, `#`, an optional year."""

from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lakedrill.engine.cron import CronError, parse_quartz, quartz_weekday
from tests.jobdsl import rule


def fires(expression: str, start: str, end: str, zone: str = "UTC") -> list[str]:
    cron = parse_quartz(expression)
    begin = datetime.fromisoformat(start).replace(tzinfo=timezone.utc)
    finish = datetime.fromisoformat(end).replace(tzinfo=timezone.utc)
    return [t.strftime("%Y-%m-%d %H:%M:%S") for t in cron.fire_times(begin, finish, zone)]


# Known expressions from the Quartz CronTrigger tutorial, each with the times it must give.
@rule("schedule.quartz")
@pytest.mark.parametrize("expression,start,end,expected", [
    ("0 0 12 * * ?", "2026-01-05", "2026-01-07", ["2026-01-05 12:00:00", "2026-01-06 12:00:00"]),  # noon daily
    ("0 15 10 ? * *", "2026-01-05", "2026-01-06", ["2026-01-05 10:15:00"]),
    ("0 15 10 * * ? 2027", "2026-01-05", "2026-01-08", []),  # only in 2027
    ("0 0/20 14 * * ?", "2026-01-05 14:00", "2026-01-05 15:00",
     ["2026-01-05 14:00:00", "2026-01-05 14:20:00", "2026-01-05 14:40:00"]),
    ("0 0-2 14 * * ?", "2026-01-05 14:00", "2026-01-05 15:00",
     ["2026-01-05 14:00:00", "2026-01-05 14:01:00", "2026-01-05 14:02:00"]),
    ("0 10,44 14 ? 3 WED", "2026-03-01", "2026-03-08", ["2026-03-04 14:10:00", "2026-03-04 14:44:00"]),
    ("0 15 10 ? * MON-FRI", "2026-01-09", "2026-01-13", ["2026-01-09 10:15:00", "2026-01-12 10:15:00"]),
    ("0 15 10 15 * ?", "2026-01-01", "2026-03-01", ["2026-01-15 10:15:00", "2026-02-15 10:15:00"]),
    ("0 15 10 L * ?", "2026-01-01", "2026-03-01", ["2026-01-31 10:15:00", "2026-02-28 10:15:00"]),
    ("0 15 10 L-2 * ?", "2026-02-01", "2026-03-01", ["2026-02-26 10:15:00"]),
    ("0 15 10 ? * 6L", "2026-01-01", "2026-03-01", ["2026-01-30 10:15:00", "2026-02-27 10:15:00"]),  # last Friday
    ("0 15 10 ? * 6#3", "2026-01-01", "2026-03-01", ["2026-01-16 10:15:00", "2026-02-20 10:15:00"]),  # 3rd Friday
    ("0 0 12 1/5 * ?", "2026-01-01", "2026-01-12", ["2026-01-01 12:00:00", "2026-01-06 12:00:00",
                                                     "2026-01-11 12:00:00"]),
    ("0 11 11 11 11 ?", "2026-01-01", "2027-01-01", ["2026-11-11 11:11:00"]),
    ("0 0 9 ? * 1", "2026-01-01", "2026-01-12", ["2026-01-04 09:00:00", "2026-01-11 09:00:00"]),  # 1 = Sunday
    ("0 0 22-2 * * ?", "2026-01-05 20:00", "2026-01-06 04:00",  # a range that wraps midnight
     ["2026-01-05 22:00:00", "2026-01-05 23:00:00", "2026-01-06 00:00:00", "2026-01-06 01:00:00",
      "2026-01-06 02:00:00"]),
    ("0 0 12 ? * FRI-MON", "2026-01-05", "2026-01-13",  # wraps the week: Fri, Sat, Sun, Mon
     ["2026-01-05 12:00:00", "2026-01-09 12:00:00", "2026-01-10 12:00:00", "2026-01-11 12:00:00",
      "2026-01-12 12:00:00"]),
    ("0 0 12 15W * ?", "2026-02-01", "2026-04-01", ["2026-02-16 12:00:00", "2026-03-16 12:00:00"]),  # 15th a Sunday
    ("0 0 12 1W * ?", "2026-08-01", "2026-08-05", ["2026-08-03 12:00:00"]),  # the 1st a Saturday: Monday 3rd
    ("0 0 12 LW * ?", "2026-05-01", "2026-06-01", ["2026-05-29 12:00:00"]),  # 31 May 2026 is a Sunday
    ("*/20 * * * * ?", "2026-01-05 00:00:00", "2026-01-05 00:01:00",
     ["2026-01-05 00:00:00", "2026-01-05 00:00:20", "2026-01-05 00:00:40"]),
])
def test_known_quartz_expressions_fire_at_the_documented_times(expression, start, end, expected):
    assert fires(expression, start, end) == expected


@rule("schedule.quartz")
def test_a_schedule_fires_in_its_time_zone():
    # 06:00 in Amsterdam is 05:00 UTC in winter and 04:00 UTC in summer.
    assert fires("0 0 6 * * ?", "2026-01-05", "2026-01-06", "Europe/Amsterdam") == ["2026-01-05 05:00:00"]
    assert fires("0 0 6 * * ?", "2026-07-06", "2026-07-07", "Europe/Amsterdam") == ["2026-07-06 04:00:00"]


@rule("schedule.quartz")
def test_a_local_time_the_clocks_skip_does_not_fire_and_a_repeated_one_fires_once():
    # 8 March 2026, New York: 02:00 -> 03:00; 1 November 2026: 02:00 -> 01:00.
    assert fires("0 30 2 * * ?", "2026-03-07", "2026-03-10", "America/New_York") == [
        "2026-03-07 07:30:00", "2026-03-09 06:30:00"]
    assert fires("0 30 1 * * ?", "2026-11-01", "2026-11-02", "America/New_York") == ["2026-11-01 05:30:00"]


@pytest.mark.parametrize("expression,says", [
    ("0 0 6 * * *", "exactly one of day-of-month"),
    ("0 0 6 ? * ?", "exactly one of day-of-month"),
    ("0 0 6 * *", "6 or 7 fields"),
    ("0 0 24 * * ?", "hours field"),
    ("0 60 * * * ?", "minutes field"),
    ("0 0 6 ? * MOND", "day-of-week field"),
    ("0 0 6 ? * 2#6", "d#k"),
    ("0 0 6 32W * ?", "nW"),
    ("0 0/0 6 * * ?", "step"),
    ("? 0 6 * * ?", "'?' is only allowed"),
    ("0 0 6 1,,2 * ?", "empty item"),
])
def test_a_bad_expression_names_the_field_and_the_fix(expression, says):
    with pytest.raises(CronError, match=says):
        parse_quartz(expression)


def test_an_unknown_time_zone_says_what_to_use():
    with pytest.raises(CronError, match="time zone id"):
        fires("0 0 6 * * ?", "2026-01-05", "2026-01-06", "Mars/Olympus")


def test_quartz_numbers_the_week_from_sunday():
    assert [quartz_weekday(datetime(2026, 1, d).date()) for d in range(4, 11)] == [1, 2, 3, 4, 5, 6, 7]


@given(st.integers(0, 59), st.integers(0, 59), st.integers(0, 23), st.integers(1, 28))
def test_a_fixed_time_fires_once_a_day_at_that_time(second, minute, hour, day):
    times = fires(f"{second} {minute} {hour} * * ?", f"2026-02-{day:02d}", f"2026-02-{day:02d} 23:59:59")
    assert times == [f"2026-02-{day:02d} {hour:02d}:{minute:02d}:{second:02d}"]


@given(st.integers(1, 30), st.integers(0, 29))
def test_every_n_minutes_fires_evenly_from_the_start_value(step, first):
    times = fires(f"0 {first}/{step} * * * ?", "2026-01-05 00:00", "2026-01-05 01:00")
    minutes = [int(t[14:16]) for t in times]
    assert minutes == list(range(first, 60, step))
