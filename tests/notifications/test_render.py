"""Each channel kind gets its own format, in English and Chinese."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from notifications import UnknownTemplate, render
from notifications.render import TEMPLATE_NAMES
from notifications.sms import fits

LINK = "https://approve.example.com/a/AbCdEfGhIjKlMnOpQrStUv"
CONTEXT = {
    "title": "Invoice INV-7 from ACME_Tools [EU]",
    "fields": [("Supplier", "ACME_Tools [EU]"), ("Number", "INV-7"), ("Due", "2025-07-31")],
    "amount": Decimal("1234.5"),
    "currency": "EUR",
    "url": LINK,
    "expires_at": datetime(2025, 7, 3, 12, 0, tzinfo=UTC),
    "approver": "anna",
    "outcome": "entered",
    "erp_reference": "SUP-00017",
    "comment": "<b>fine</b>",
    "subject": "Nobody reached",
    "message": "approval request for task t1 reached nobody",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("template", TEMPLATE_NAMES)
def test_every_template_renders_for_every_kind(template: str, lang: str) -> None:
    sms = render(template, lang, "sms", CONTEXT)
    assert sms.title == "" and sms.body_format == "text" and fits(sms.body)
    im = render(template, lang, "im", CONTEXT)
    assert im.body_format == "markdown" and im.body.strip()
    email = render(template, lang, "email", CONTEXT)
    assert email.body_format == "html" and email.body.startswith("<!doctype html>")
    assert email.title
    if template.startswith("approval_"):
        assert sms.body.endswith(" " + LINK)
        assert f"]({LINK})" in im.body
        assert f'href="{LINK}"' in email.body


def test_im_is_markdown_with_the_facts_escaped() -> None:
    im = render("approval_request", "en", "im", CONTEXT).body
    assert im.startswith("**Approval needed**: Invoice INV-7 from ACME\\_Tools \\[EU\\]")
    assert "- **Number:** INV-7" in im
    assert "- **Amount:** 1,234.50 EUR" in im
    assert "(link valid until 2025-07-03 12:00 UTC)" in im


def test_email_is_html_and_escapes_what_people_typed() -> None:
    email = render("result", "en", "email", CONTEXT)
    assert email.title == "Entered in the ERP: Invoice INV-7 from ACME_Tools [EU]"
    assert "&lt;b&gt;fine&lt;/b&gt;" in email.body and "<b>fine</b>" not in email.body
    assert "SUP-00017" in email.body


def test_chinese_texts() -> None:
    assert render("approval_request", "zh", "sms", CONTEXT).body.startswith("待审批")
    assert "金额" in render("approval_request", "zh", "im", CONTEXT).body
    assert render("result", "zh", "email", {**CONTEXT, "outcome": "rejected"}).title.startswith(
        "已驳回"
    )


def test_unknown_template_or_language_is_a_clear_error() -> None:
    with pytest.raises(UnknownTemplate, match="no message template 'approval'"):
        render("approval", "en", "sms", CONTEXT)
    with pytest.raises(UnknownTemplate, match="no language 'de'"):
        render("result", "de", "sms", CONTEXT)
