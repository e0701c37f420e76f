"""Asking for an answer: arrow keys on a terminal (questionary, imported only there), a plain
numbered prompt otherwise (a pipe, CI, tests). Both take typed letters. Ctrl-C and end of input
both become `Stop`, so the quiz can save and say goodbye the same way."""

from __future__ import annotations

import sys
from typing import Any

import click

from lakedrill.variants.question import LETTERS, Question


class Stop(Exception):
    """The learner stopped the quiz (Ctrl-C, end of input, a closed terminal)."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


class PlainPrompter:
    """Options are already on screen; read one line."""

    def ask(self, question: Question | None, prompt: str) -> str:
        try:
            return click.prompt(prompt, default="", show_default=False, prompt_suffix=" ")
        except click.exceptions.Abort:
            raise Stop("interrupted") from None
        except EOFError:
            raise Stop("end of input") from None


class ArrowPrompter:
    """questionary menus: arrows and Enter (or the option's letter) for one answer, space to tick
    several; typed text for numbers and task names. `input`/`output` are for tests."""

    def __init__(self, input: Any = None, output: Any = None):
        import questionary

        self._q = questionary
        self._io = {k: v for k, v in (("input", input), ("output", output)) if v is not None}

    def ask(self, question: Question | None, prompt: str) -> str:
        q = self._q
        try:
            if question is not None and question.kind in ("single", "true_false"):
                # questionary shows the shortcut ("a)") itself; option text without Markdown backticks.
                choices = [q.Choice(o.text.replace("`", ""), value=LETTERS[i], shortcut_key=LETTERS[i].lower())
                           for i, o in enumerate(question.options)]
                return q.select(prompt, choices=choices, use_shortcuts=True, **self._io).unsafe_ask()
            if question is not None and question.kind == "multi":
                choices = [q.Choice(f"{LETTERS[i]}. {o.text.replace('`', '')}", value=LETTERS[i])
                           for i, o in enumerate(question.options)]
                picked = q.checkbox(prompt + " (space to tick, Enter to answer)", choices=choices,
                                    **self._io).unsafe_ask()
                return ", ".join(picked)
            return q.text(prompt, **self._io).unsafe_ask()
        except KeyboardInterrupt:
            raise Stop("interrupted") from None
        except EOFError:
            raise Stop("end of input") from None


def prompter_for_terminal(force_plain: bool = False):
    """ArrowPrompter when both ends are a terminal, PlainPrompter otherwise."""
    if not force_plain and sys.stdin.isatty() and sys.stdout.isatty():
        return ArrowPrompter()
    return PlainPrompter()
