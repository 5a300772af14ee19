"""The invoice process end to end with the real handlers: messages reach the right person
(a real HTTP inbox through apprise), decisions route, timers remind and escalate."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from autoclerk.config import Settings
from autoclerk.engine import EngineClient, EngineError
from tests.workers.conftest import Inbox, running, wait_until
from workers import BusinessError, handlers

pytestmark = pytest.mark.integration

APPROVAL_TOPICS = ["notify-approver", "remind-approver", "escalate", "notify-result"]


def invoice(number: str, total: float, **extra: Any) -> dict[str, Any]:
    return {
        "documentId": f"doc-{number}",
        "supplierName": "ACME Office Supplies",
        "supplierTaxId": "DE123456789",
        "invoiceNumber": number,
        "total": total,
        "currency": "EUR",
        "dueDate": "2025-08-31",
        "submitter": "sue",
        "lines": [{"description": "Paper", "quantity": 10, "unit_price": "12.00"}],
        "warnings": [],
        **extra,
    }


def entered(task: Any, ctx: Any) -> dict[str, Any]:
    """Stands in for the ERP bot (tested in tests/flows): returns a reference."""
    return {"erpReference": f"BILL/{task.get_variable('invoiceNumber')}"}


@pytest.fixture
def workers_on(worker_settings: Settings, inbox: Inbox) -> Iterator[None]:
    inbox.clear()
    inbox.down.clear()
    chosen = {**handlers(APPROVAL_TOPICS), "enter-bill": entered}
    with running(worker_settings, chosen):
        yield


def ended_at(engine: EngineClient, pid: str) -> list[str]:
    rows = engine.get(
        "/history/activity-instance", processInstanceId=pid, activityType="noneEndEvent"
    )
    return sorted(r["activityId"] for r in rows or [] if r.get("endTime"))


def finished(engine: EngineClient, pid: str) -> bool:
    return engine.history_instance(pid)["state"] == "COMPLETED"


def open_task(engine: EngineClient, pid: str, assignee: str) -> dict[str, Any]:
    return wait_until(
        f"a task for {assignee}",
        lambda: [t for t in engine.tasks(processInstanceId=pid) if t["assignee"] == assignee],
    )[0]


def decide(engine: EngineClient, task: dict[str, Any], approved: bool, comment: str) -> None:
    variables = {
        "approved": {"value": approved, "type": "Boolean"},
        "comment": {"value": comment, "type": "String"},
        "approver": {"value": task["assignee"], "type": "String"},
        "channel": {"value": "test", "type": "String"},
    }
    for attempt in range(5):  # as the approval page does: the engine may ask to try again
        try:
            engine.post(f"/task/{task['id']}/complete", {"variables": variables})
            return
        except EngineError as e:
            if attempt == 4 or "concurrently" not in str(e):
                raise
            time.sleep(0.1)


def titles(inbox: Inbox, who: str) -> list[str]:
    return [str(m.get("title", "")) + " | " + str(m.get("message", "")) for m in inbox.to(who)]


def test_approved_invoice_is_entered_and_submitter_told(
    engine: EngineClient, inbox: Inbox, workers_on: None
) -> None:
    pid = engine.start_process("invoice_approval", "doc-A-1", invoice("A-1", 1200.0))["id"]
    task = open_task(engine, pid, "anna")
    request = wait_until("anna's message", lambda: titles(inbox, "anna"))[0]
    assert "Approval needed" in request and "A-1" in request and "/a/" in request
    decide(engine, task, True, "fine")
    wait_until("the process to end", lambda: finished(engine, pid))
    assert ended_at(engine, pid) == ["approver_notified", "bill_entered", "decided"]
    assert engine.history_variables(pid)["erpReference"] == "BILL/A-1"
    result = wait_until("sue's message", lambda: titles(inbox, "sue"))[0]
    assert "Entered in the ERP" in result
    assert inbox.to("max") == []


def test_rejected_invoice_is_not_entered(
    engine: EngineClient, inbox: Inbox, workers_on: None
) -> None:
    pid = engine.start_process("invoice_approval", "doc-A-2", invoice("A-2", 9000.0))["id"]
    decide(engine, open_task(engine, pid, "max"), False, "not ours")
    wait_until("the process to end", lambda: finished(engine, pid))
    assert "invoice_rejected" in ended_at(engine, pid)
    assert "erpReference" not in engine.history_variables(pid)
    result = wait_until("sue's message", lambda: titles(inbox, "sue"))[0]
    assert "Rejected" in result and "not ours" in result


def test_small_invoice_is_auto_approved(
    engine: EngineClient, inbox: Inbox, workers_on: None
) -> None:
    pid = engine.start_process("invoice_approval", "doc-A-3", invoice("A-3", 99.0))["id"]
    wait_until("the process to end", lambda: finished(engine, pid))
    assert ended_at(engine, pid) == ["bill_entered"]
    assert engine.get("/history/task", processInstanceId=pid) == []
    assert [m for who, m in inbox.messages if who != "sue"] == []


def test_reminder_then_escalation_to_next_approver(
    engine: EngineClient, inbox: Inbox, workers_on: None
) -> None:
    timers = {"reminderAfter": "PT2S", "escalateAfter": "PT5S"}
    pid = engine.start_process("invoice_approval", "doc-A-4", invoice("A-4", 700.0, **timers))["id"]
    open_task(engine, pid, "anna")
    task = open_task(engine, pid, "max")  # escalated: a new task for the next approver
    assert task["taskDefinitionKey"] == "approve_invoice"
    assert [t["assignee"] for t in engine.tasks(processInstanceId=pid)] == ["max"]
    log = engine.get("/history/external-task-log", processInstanceId=pid, successLog="true")
    topics = {r["topicName"] for r in log}
    assert {"notify-approver", "remind-approver", "escalate"} <= topics
    anna = titles(inbox, "anna")
    assert any("Approval needed" in m for m in anna)
    assert any("Reminder" in m for m in anna)
    escalated = wait_until("max's message", lambda: titles(inbox, "max"))
    assert "Escalated to you" in escalated[0] and "anna" in escalated[0]
    variables = engine.history_variables(pid)
    assert variables["approver"] == "max" and variables["escalatedFrom"] == "anna"
    decide(engine, task, True, "ok after escalation")
    wait_until("the process to end", lambda: finished(engine, pid))
    assert "bill_entered" in ended_at(engine, pid)


def test_undeliverable_request_alerts_admin_and_task_stays(
    engine: EngineClient, inbox: Inbox, workers_on: None
) -> None:
    inbox.down.add("anna")
    pid = engine.start_process("invoice_approval", "doc-A-5", invoice("A-5", 1500.0))["id"]
    alert = wait_until("the admin alert", lambda: titles(inbox, "admin"))[0]
    assert "anna" in alert and "A-5" in alert
    wait_until(
        "notify-approver to complete",
        lambda: engine.get("/history/external-task-log", processInstanceId=pid, successLog="true"),
    )
    [task] = engine.tasks(processInstanceId=pid)
    assert task["assignee"] == "anna"  # still waiting in Tasklist
    assert not engine.incidents(processInstanceId=pid)
    engine.request("DELETE", f"/process-instance/{pid}")


def test_business_error_in_entry_tells_submitter(
    engine: EngineClient, worker_settings: Settings, inbox: Inbox
) -> None:
    inbox.clear()

    def refused(task: Any, ctx: Any) -> None:
        raise BusinessError("supplier ACME Office Supplies is not in the ERP")

    chosen = {**handlers(["notify-result"]), "enter-bill": refused}
    with running(worker_settings, chosen):
        pid = engine.start_process("invoice_approval", "doc-A-6", invoice("A-6", 50.0))["id"]
        wait_until("the process to end", lambda: finished(engine, pid))
        message = wait_until("sue's message", lambda: titles(inbox, "sue"))[0]
    assert ended_at(engine, pid) == ["bill_not_entered"]
    assert "not in the ERP" in message


def test_enter_bill_without_entry_flow_becomes_incident(
    engine: EngineClient, worker_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real enter-bill handler: a missing/broken entry flow is an application error."""
    import workers.enter_bill as module

    monkeypatch.setattr(module, "FLOW_MODULE", "flows.no_such_entry_flow")
    with running(worker_settings, handlers(["enter-bill"]), retries=0):
        pid = engine.start_process("invoice_approval", "doc-A-7", invoice("A-7", 10.0))["id"]
        [incident] = wait_until("an incident", lambda: engine.incidents(processInstanceId=pid))
    assert "flows.no_such_entry_flow is not installed" in incident["incidentMessage"]
    engine.request("DELETE", f"/process-instance/{pid}")
