"""A second process built only from the generic blocks: no Python of its own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from autoclerk.config import Settings
from autoclerk.engine import EngineClient
from tests.workers.conftest import Inbox, running, wait_until
from tests.workers.test_invoice_approval import decide, finished, open_task, titles
from workers import handlers

pytestmark = pytest.mark.integration


def request(item: str, amount: float, department: str) -> dict[str, Any]:
    return {
        "requester": "paul",
        "department": department,
        "item": item,
        "supplier": "Bike Shop Berlin",
        "reason": "courier bike broke",
        "amount": amount,
        "currency": "EUR",
    }


@pytest.fixture
def workers_on(worker_settings: Settings, inbox: Inbox) -> Iterator[None]:
    inbox.clear()
    with running(worker_settings, handlers(["notify-approver", "notify-result"])):
        yield


def test_head_then_finance_above_the_limit(
    engine: EngineClient, inbox: Inbox, workers_on: None
) -> None:
    pid = engine.start_process("purchase_request", None, request("Cargo bike", 2400.0, "Sales"))[
        "id"
    ]
    head = open_task(engine, pid, "sam")
    sam = wait_until("sam's message", lambda: titles(inbox, "sam"))[0]
    # The page facts come from the user task's properties: labels and values of this process.
    assert "Cargo bike" in sam and "Bike Shop Berlin" in sam and "courier bike broke" in sam
    decide(engine, head, True, "yes")
    task = open_task(engine, pid, "fiona")
    assert task["taskDefinitionKey"] == "finance_approval"
    wait_until("fiona's message", lambda: titles(inbox, "fiona"))
    decide(engine, task, True, "within budget")
    wait_until("the process to end", lambda: finished(engine, pid))
    result = wait_until("paul's message", lambda: titles(inbox, "paul"))[0]
    assert "Approved" in result and "Cargo bike" in result


def test_small_purchase_needs_only_the_head(
    engine: EngineClient, inbox: Inbox, workers_on: None
) -> None:
    pid = engine.start_process("purchase_request", None, request("Helmet", 80.0, "HR"))["id"]
    decide(engine, open_task(engine, pid, "anna"), True, "ok")
    wait_until("the process to end", lambda: finished(engine, pid))
    tasks = engine.get("/history/task", processInstanceId=pid)
    assert [t["taskDefinitionKey"] for t in tasks] == ["head_approval"]
    assert inbox.to("fiona") == []


def test_head_rejects(engine: EngineClient, inbox: Inbox, workers_on: None) -> None:
    pid = engine.start_process("purchase_request", None, request("Drone", 3000.0, "IT"))["id"]
    decide(engine, open_task(engine, pid, "tom"), False, "no drones")
    wait_until("the process to end", lambda: finished(engine, pid))
    result = wait_until("paul's message", lambda: titles(inbox, "paul"))[0]
    assert "Rejected" in result and "no drones" in result
    assert inbox.to("fiona") == []
