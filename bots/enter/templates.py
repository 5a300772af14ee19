"""Recipe values are Jinja templates over the invoice, its line and the recipe's vars."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from jinja2 import StrictUndefined, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from bots.enter.recipe import Recipe


def make_env(recipe: Recipe) -> SandboxedEnvironment:
    """The template environment of one recipe: its date and number formats as filters."""
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)

    def fmt_date(value: date | None) -> str:
        return value.strftime(recipe.date_format) if value else ""

    def fmt_num(value: Decimal | int | float | str) -> str:
        text = format(Decimal(str(value)).normalize(), "f")
        return text.replace(".", recipe.decimal_separator)

    def tojson(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)

    def urlencode(value: Any) -> str:
        return quote(str(value), safe="")

    env.filters.update(date=fmt_date, num=fmt_num, tojson=tojson, urlencode=urlencode)
    return env


class TemplateError(ValueError):
    """A template refers to something the invoice or the recipe does not have."""


def render(env: SandboxedEnvironment, template: str, context: dict[str, Any]) -> str:
    """Render one recipe value; an unknown name is a clear error, not an empty string."""
    try:
        return env.from_string(template).render(context)
    except UndefinedError as e:
        raise TemplateError(f"template {template!r}: {e.message}") from None
