"""A whole approval: the task waits, a link goes out through apprise, a phone approves it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import select

from approvals.links import issue_link
from approvals.task_view import message_context, task_view
from autoclerk.browser import launch_options
from autoclerk.engine import EngineClient
from autoclerk.store import get_store, record_document
from autoclerk.store.approvals import ApprovalEvent, NotificationDelivery
from notifications import notify
from tests.approvals.conftest import start_task
from tests.approvals.support import AppThread, Receiver, link_in

pytestmark = pytest.mark.integration


def _invoice_pdf(path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 20)
    c.drawString(72, 760, "Müller Bürobedarf GmbH")
    c.setFont("Helvetica", 12)
    c.drawString(72, 730, "Invoice INV-2025-0042")
    c.drawString(72, 710, "Paper A4, 80 g   10 box   450.00")
    c.drawString(72, 690, "Toner             2       587.39")
    c.drawString(72, 660, "Total EUR 1,234.50")
    c.save()
    return path


def test_full_approval_on_a_phone(
    deployed: EngineClient, app: AppThread, receiver: Receiver, artifacts_dir: Path, tmp_path: Path
) -> None:
    settings = app.settings
    with get_store(settings).session() as s:
        doc, _ = record_document(s, _invoice_pdf(tmp_path / "inv.pdf"), settings.originals_dir)
        document_id = doc.id
    task = start_task(deployed, documentId=document_id, invoiceNumber="INV-FULL-1")

    # What the engine half's notify-approver handler does: view, link, message.
    view = task_view(deployed, task)
    assert view.title == "Invoice INV-FULL-1 from Müller Bürobedarf GmbH"
    assert ("Cost centre", "Sales") in view.fields
    link = issue_link(
        settings,
        task_id=task["id"],
        process_instance_id=task["processInstanceId"],
        approver=task["assignee"],
        amount=view.amount,
        due_date=view.due_date,
        channel="notify",
        document_id=view.document_id,
    )
    result = notify(
        settings,
        recipient="anna",
        template="approval_request",
        lang=view.lang,
        context=message_context(view, url=link.url, expires_at=link.expires_at),
        document_id=document_id,
    )
    assert result.delivered, result
    arrived = receiver.wait_for(lambda m: "INV-FULL-1" in m["message"] and m["path"] == "/anna")
    url = link_in(arrived)
    assert url == link.url
    assert "- **Supplier:** Müller Bürobedarf GmbH" in arrived["message"]

    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_options(settings))
        try:
            page = browser.new_page(
                viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
            )
            page.goto(url)
            assert page.get_by_role("heading", name="Invoice INV-FULL-1").is_visible()
            assert page.get_by_test_id("amount").inner_text() == "1,234.50 EUR"
            assert page.get_by_text("Paper A4, 80 g").is_visible()
            assert page.get_by_text("supplier is new").is_visible()
            img = page.locator("img.preview")
            img.wait_for()
            assert page.evaluate("(i) => i.naturalWidth", img.element_handle()) > 500
            page.screenshot(path=str(artifacts_dir / "approval-phone.png"), full_page=True)
            page.get_by_label("Comment").fill("OK, paper order agreed")
            page.get_by_role("button", name="Approve").click()
            page.get_by_test_id("approved").wait_for()
            page.screenshot(path=str(artifacts_dir / "approval-phone-done.png"))
        finally:
            browser.close()

    assert deployed.tasks(processInstanceId=task["processInstanceId"]) == []
    history = deployed.history_variables(task["processInstanceId"])
    assert history["approved"] is True
    assert history["approver"] == "anna"
    assert history["comment"] == "OK, paper order agreed"
    assert history["channel"] == "link"
    done = deployed.get("/history/task", taskId=task["id"])[0]
    assert done["assignee"] == "anna" and done["deleteReason"] == "completed"
    with get_store(settings).session() as s:
        trail = select(ApprovalEvent).where(ApprovalEvent.task_id == task["id"])
        events = [e.event for e in s.scalars(trail.order_by(ApprovalEvent.id))]
        opened = s.scalars(trail.where(ApprovalEvent.event == "opened")).first()
        delivered = s.scalars(
            select(NotificationDelivery).where(NotificationDelivery.task_id == task["id"])
        ).all()
    assert events[:2] == ["issued", "delivered"] and events[-1] == "decided", events
    assert opened is not None and opened.ip == "127.0.0.1" and "Chrome" in (opened.user_agent or "")
    assert [d.delivered for d in delivered] == [True]
