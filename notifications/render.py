"""Messages from templates: plain SMS (facts + bare link), markdown for IM, HTML for e-mail."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, Undefined, select_autoescape

from notifications.sms import fit_sms

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAMES = (
    "approval_request",
    "approval_reminder",
    "approval_escalated",
    "result",
    "admin_alert",
)
LANGS = ("en", "zh")
KINDS = ("sms", "im", "email")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#|<>])")


@dataclass(frozen=True)
class Message:
    """One rendered message: what apprise gets as title, body and body format."""

    title: str
    body: str
    body_format: str  # apprise NotifyFormat value: "text", "markdown" or "html"


class UnknownTemplate(ValueError):
    """A template or language that does not exist was asked for."""


@lru_cache
def _strings() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = yaml.safe_load((TEMPLATES / "strings.yaml").read_text())
    return data


def _md(value: Any) -> str:
    return _MD_SPECIAL.sub(r"\\\1", "" if value is None else str(value))


@lru_cache
def _env(autoescape: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True) if autoescape else False,
        undefined=Undefined,
        keep_trailing_newline=False,
        trim_blocks=False,
    )
    env.filters["md"] = _md
    return env


def format_amount(amount: Any, currency: str | None = None) -> str:
    """`1,234.50 EUR`; empty when there is no amount."""
    if amount is None or amount == "":
        return ""
    try:
        text = f"{Decimal(str(amount)):,.2f}"
    except ArithmeticError:
        text = str(amount)
    return f"{text} {currency}" if currency else text


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M %Z").strip()
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _prepare(context: dict[str, Any], lang: str) -> dict[str, Any]:
    strings = _strings()[lang]
    fields = [(str(label), str(value)) for label, value in context.get("fields") or []]
    amount_text = format_amount(context.get("amount"), context.get("currency"))
    ctx: dict[str, Any] = {
        "title": "",
        "url": "",
        **context,
        "fields": fields,
        "lang": lang,
        "amount_text": amount_text,
        # Fields already show a formatted amount when the process lists it: do not repeat it.
        "amount_in_fields": bool(amount_text)
        and any(amount_text.split(" ")[0] in v for _, v in fields),
        "expires_text": _when(context.get("expires_at")),
        "t": lambda key: strings.get(key, key),
    }
    return ctx


def _heading(template: str, ctx: dict[str, Any]) -> str:
    t = ctx["t"]
    if template == "result":
        return str(t("result_" + str(ctx.get("outcome") or "approved")))
    if template == "admin_alert":
        return str(ctx.get("subject") or t("admin_alert"))
    return str(t(template))


def render(template: str, lang: str, kind: str, context: dict[str, Any]) -> Message:
    """Render `template` in `lang` for a channel kind (`sms`, `im` or `email`)."""
    if template not in TEMPLATE_NAMES:
        raise UnknownTemplate(f"no message template {template!r}; known: {TEMPLATE_NAMES}")
    if lang not in LANGS:
        raise UnknownTemplate(f"no language {lang!r} for messages; known: {LANGS}")
    if kind not in KINDS:
        raise UnknownTemplate(f"no channel kind {kind!r}; known: {KINDS}")
    ctx = _prepare(context, lang)
    heading = _heading(template, ctx)
    if kind == "sms":
        facts = _env(False).get_template(f"sms/{template}.j2").render(ctx)
        # SMS: no title (many gateways prepend it), the bare link last, one segment.
        return Message(title="", body=fit_sms(facts, ctx["url"]), body_format="text")
    subject = f"{heading}: {ctx['title']}" if ctx["title"] else heading
    if kind == "im":
        body = _env(False).get_template(f"im/{template}.j2").render(ctx).strip() + "\n"
        return Message(title="", body=body, body_format="markdown")
    ctx["subject_line"] = subject
    ctx["heading"] = heading
    html = _env(True).get_template(f"email/{template}.j2").render(ctx)
    return Message(title=subject, body=html, body_format="html")
