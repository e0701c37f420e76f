"""Example jobs bundled with lakedrill (`lakedrill simulate --example NAME`)."""

from __future__ import annotations

from importlib import resources


def names() -> list[str]:
    return sorted(p.name.removesuffix(".yaml") for p in resources.files(__name__).iterdir()
                  if p.name.endswith(".yaml"))


def text(name: str) -> str:
    return resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
