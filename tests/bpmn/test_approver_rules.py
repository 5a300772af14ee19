"""The approver rules (DMN) and the invoice process's routing, on the real engine."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from autoclerk.engine import EngineClient, to_variables

pytestmark = pytest.mark.integration

INVOICE = {
    "documentId": "doc-routing",
    "supplierName": "ACME Office Supplies",
    "supplierTaxId": "DE123456789",
    "invoiceNumber": "R-2025-001",
    "currency": "EUR",
    "dueDate": "2025-08-31",
    "submitter": "sue",
    "lines": [],
    "warnings": [],
}


def evaluate(engine: EngineClient, **values: Any) -> dict[str, Any]:
    rows = engine.post(
        "/decision-definition/key/approver_rules/evaluate", {"variables": to_variables(values)}
    )
    assert len(rows) == 1, rows
    return {k: v["value"] for k, v in rows[0].items()}


@pytest.mark.parametrize(
    ("total", "supplier", "cost_centre", "approver", "next_approver", "auto"),
    [
        (12.50, "ACME Office Supplies", "", "auto", None, True),
        (499.99, "ACME Office Supplies", "", "auto", None, True),
        (500.00, "ACME Office Supplies", "", "anna", "max", False),
        (5000.00, "ACME Office Supplies", "", "anna", "max", False),
        (5000.01, "ACME Office Supplies", "", "max", "eva", False),
        (800.00, "ACME Office Supplies", "IT", "tom", "max", False),
        (9000.00, "ACME Office Supplies", "IT", "max", "eva", False),
        (100.00, "Rapid Consulting GmbH", "", "max", "eva", False),
    ],
)
def test_rules(
    engine: EngineClient,
    total: float,
    supplier: str,
    cost_centre: str,
    approver: str,
    next_approver: str | None,
    auto: bool,
) -> None:
    out = evaluate(engine, total=total, supplierName=supplier, costCentre=cost_centre)
    assert out.get("approver") == approver
    assert out.get("nextApprover") == next_approver
    assert out.get("autoApprove") is auto


@pytest.fixture
def started(engine: EngineClient) -> Iterator[list[str]]:
    ids: list[str] = []
    yield ids
    for pid in ids:
        if engine.process_instances(processInstanceIds=pid):
            engine.request("DELETE", f"/process-instance/{pid}")


def _start(engine: EngineClient, started: list[str], **values: Any) -> str:
    pid = str(engine.start_process("invoice_approval", "doc-routing", {**INVOICE, **values})["id"])
    started.append(pid)
    return pid


def test_small_invoice_goes_straight_to_entry(engine: EngineClient, started: list[str]) -> None:
    pid = _start(engine, started, total=120.0)
    assert engine.tasks(processInstanceId=pid) == []
    topics = [t["topicName"] for t in engine.get("/external-task", processInstanceId=pid)]
    assert topics == ["enter-bill"]
    variables = engine.history_variables(pid)
    assert variables["approved"] is True and variables["approver"] == "auto"


def test_invoice_waits_for_its_approver(engine: EngineClient, started: list[str]) -> None:
    pid = _start(engine, started, total=1200.0)  # no costCentre at all: defaults to ""
    [task] = engine.tasks(processInstanceId=pid)
    assert (task["taskDefinitionKey"], task["assignee"]) == ("approve_invoice", "anna")
    assert task["name"] == "Approve invoice R-2025-001"
    [notify] = engine.get("/external-task", processInstanceId=pid)
    assert notify["topicName"] == "notify-approver"
    variables = engine.history_variables(pid)
    assert variables["nextApprover"] == "max"
    assert variables["reminderAfter"] == "P1D" and variables["escalateAfter"] == "P3D"


def test_cost_centre_rule_in_the_process(engine: EngineClient, started: list[str]) -> None:
    pid = _start(engine, started, total=800.0, costCentre="IT", reminderAfter="PT1H")
    [task] = engine.tasks(processInstanceId=pid)
    assert task["assignee"] == "tom"
    assert engine.history_variables(pid)["reminderAfter"] == "PT1H"  # kept, not defaulted
