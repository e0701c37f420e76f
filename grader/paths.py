"""Where lakedrill keeps the learner's data: --data-dir, else LAKEDRILL_HOME, else the user's app
directory (click.get_app_dir)."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir(override: str | None = None) -> Path:
    if override:
        return Path(override)
    if os.environ.get("LAKEDRILL_HOME"):
        return Path(os.environ["LAKEDRILL_HOME"])
    import click

    return Path(click.get_app_dir("lakedrill"))
