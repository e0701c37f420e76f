"""The few English forms that lakedrill's sentences share: counts with the right plural, ordinals,
attempts counted from 1 as people count them, and money.

The Jobs API numbers attempts from 0 (`attempt_number`), and JSON keeps that number; every
sentence a person reads counts them from 1: "succeeded on its 2nd attempt, after 1 retry".
"""

from __future__ import annotations

# Nouns whose plural is not the noun + "s" (or whose singular is not the unit less its "s").
_PLURALS = {"retry": "retries", "iteration": "iterations", "dollar": "dollars", "task-second": "task-seconds"}
_SINGULARS = {plural: singular for singular, plural in _PLURALS.items()}


def plural(count: float, word: str, many: str | None = None) -> str:
    """1 run, 2 runs, 0 runs; 1 retry, 3 retries; 1 email, 1.5 hours."""
    if count == 1:
        return f"{count:g} {word}"
    return f"{count:g} {many or _PLURALS.get(word) or word + 's'}"


def singular(unit: str) -> str:
    """The unit a count of 1 takes: emails -> email, minutes -> minute, retries -> retry."""
    if unit in _SINGULARS:
        return _SINGULARS[unit]
    if unit.endswith("ies"):
        return unit[:-3] + "y"
    if unit.endswith("s") and not unit.endswith("ss"):
        return unit[:-1]
    return unit


def ordinal(n: int) -> str:
    """1 -> 1st, 2 -> 2nd, 3 -> 3rd, 4 -> 4th, 11 -> 11th, 21 -> 21st."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def attempt(number: int) -> str:
    """An API attempt_number (0 for the first try) as people count it: 0 -> "1st attempt"."""
    return f"{ordinal(number + 1)} attempt"


def every(count: int, word: str) -> str:
    """All of `count` things: "its only attempt" for 1, "both attempts" for 2, "all 3 attempts"."""
    if count == 1:
        return f"its only {word}"
    return f"both {plural(2, word)[2:]}" if count == 2 else f"all {plural(count, word)}"


def money(amount: float) -> str:
    """Dollars as people write them: 3.8 -> $3.80, 12 -> $12.00, 0.125 -> $0.13, -2 -> -$2.00."""
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


MONEY_UNITS = frozenset({"dollars", "dollar", "usd", "USD", "$"})


def quantity(value: float, unit: str = "") -> str:
    """A number with its unit, in words: 1 email, 2 emails, 90 seconds, $3.80 (a unit of dollars)."""
    if unit in MONEY_UNITS:
        return money(value)
    if not unit:
        return f"{value:g}"
    return f"{value:g} {singular(unit) if value == 1 else unit}"
