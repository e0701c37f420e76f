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


    def pause(self) -> bool:
        """After feedback on a terminal, wait for Enter (or q to stop); piped input does not wait."""
        if not sys.stdin.isatty():
            return True
        try:
            typed = click.prompt(PAUSE_TEXT, default="", show_default=False, prompt_suffix=" ")
        except click.exceptions.Abort:
            raise Stop("interrupted") from None
        except EOFError:
            raise Stop("end of input") from None
        return typed.strip().lower() not in ("q", "quit", "exit", ":q")


class ArrowPrompter:
    """questionary menus: arrows and Enter (or the option's letter) for one answer; a typed letter
    or space (on the highlighted one) ticks several, Enter answers; typed text for numbers and task
    names. `input`/`output` are for tests."""

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
                asking = q.checkbox(prompt, choices=choices, use_jk_keys=False, instruction=MULTI_HELP,
                                    **self._io)
                tick_by_letter(asking, len(question.options))
                return ", ".join(asking.unsafe_ask())
            if question is not None and question.kind == "numeric":
                return q.text(f"{prompt} ({number_hint(question)})", **self._io).unsafe_ask()
            return q.text(prompt, **self._io).unsafe_ask()
        except KeyboardInterrupt:
            raise Stop("interrupted") from None
        except EOFError:
            raise Stop("end of input") from None


    def pause(self) -> bool:
        """After feedback: wait for Enter (True: go on) or q (False: stop), so the explanation stays
        on screen. Ctrl-C stops the quiz."""
        from prompt_toolkit.application import Application
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.layout import FormattedTextControl, Layout, Window

        keys = KeyBindings()
        keys.add("enter")(lambda event: event.app.exit(result=True))
        keys.add("q")(lambda event: event.app.exit(result=False))
        keys.add("c-c")(lambda event: event.app.exit(exception=KeyboardInterrupt))
        keys.add("<any>")(lambda event: None)
        text = FormattedTextControl([("class:dim", PAUSE_TEXT)])
        app = Application(layout=Layout(Window(text, height=1)), key_bindings=keys, erase_when_done=True,
                          **self._io)
        try:
            return bool(app.run())
        except KeyboardInterrupt:
            raise Stop("interrupted") from None
        except EOFError:
            raise Stop("end of input") from None


PAUSE_TEXT = "Press Enter for the next question, or q to stop."
MULTI_HELP = "(type a letter or press space to tick it, Enter to answer)"


def tick_by_letter(asking, count: int) -> None:
    """Make a questionary checkbox tick an option when its letter is typed (questionary's own `a`
    ticks everything and `i` inverts: both are taken over; the other letters do nothing)."""
    from prompt_toolkit.key_binding import merge_key_bindings
    from prompt_toolkit.key_binding import KeyBindings
    from questionary.prompts.common import InquirerControl

    app = asking.application
    control = next(c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl))
    keys = KeyBindings()

    def tick(letter: str):
        def handler(event) -> None:
            value = letter.upper()
            if value in control.selected_options:
                control.selected_options.remove(value)
            else:
                control.selected_options.append(value)
            control.pointed_at = ord(letter) - ord("a")
        return handler

    for i, letter in enumerate("abcdefghijklmnopqrstuvwxyz"):
        keys.add(letter, eager=True)(tick(letter) if i < count else (lambda event: None))
    app.key_bindings = merge_key_bindings([app.key_bindings, keys])


def number_hint(question: Question) -> str:
    """How to type a number: `Type a number, such as 240 (seconds)`."""
    from lakedrill.variants.grading import number_hint as hint

    return hint(question)


def prompter_for_terminal(force_plain: bool = False):
    """ArrowPrompter when both ends are a terminal, PlainPrompter otherwise."""
    if not force_plain and sys.stdin.isatty() and sys.stdout.isatty():
        return ArrowPrompter()
    return PlainPrompter()


class TimeUp(Exception):
    """The exam's time ran out while the learner was thinking."""


class CountdownPrompter:
    """The mock exam's prompt on a terminal: a line for an answer or a command, with the countdown
    in prompt_toolkit's bottom toolbar, redrawn every half second while the learner thinks; when
    the time is up the prompt ends by itself (TimeUp). `input`/`output` are for tests."""

    def __init__(self, deadline: float, status, clock, input: Any = None, output: Any = None):
        from prompt_toolkit import PromptSession

        self.deadline = deadline
        self.status = status  # () -> the toolbar's text (and style)
        self.clock = clock
        self._session = PromptSession(input=input, output=output)

    def ask(self, question: Question | None, prompt: str) -> str:
        import asyncio

        from prompt_toolkit.application import get_app

        def watch() -> None:
            app = get_app()

            async def time_up() -> None:
                await asyncio.sleep(max(0.0, self.deadline - self.clock()))
                if app.is_running and not app.future.done():
                    app.exit(exception=TimeUp())

            app.create_background_task(time_up())

        try:
            return self._session.prompt(prompt + " ", bottom_toolbar=self.status, refresh_interval=0.5,
                                        pre_run=watch)
        except KeyboardInterrupt:
            raise Stop("interrupted") from None
        except EOFError:
            raise Stop("end of input") from None
