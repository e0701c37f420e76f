"""Rendering a template's Jinja text against a variant's context, every failure named at the
template's file:line and field (template code is untrusted: whatever it raises is the template's)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jinja2.exceptions import TemplateError as JinjaError

from lakedrill.errors import InputError

if TYPE_CHECKING:
    from lakedrill.templates.spec import Template


class VariantError(InputError):
    """A template cannot make a variant; the message names its file:line and field (bad input, exit 2)."""


def render(template: Template, field: str, compiled: Any, ctx: dict[str, Any]) -> str:
    """The text of a compiled Jinja field (stem, option, explanation, exam), stripped."""
    try:
        return compiled.render(ctx).strip()
    except JinjaError as bad:
        raise VariantError(f"{template.where(field)}: {field}: {bad}") from None
    except Exception as bad:  # template code is untrusted: any failure is the template's, named
        raise VariantError(f"{template.where(field)}: {field}: {type(bad).__name__}: {bad}") from None
