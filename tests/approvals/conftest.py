from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from autoclerk.config import Settings
from autoclerk.engine import EngineClient
from tests.approvals.support import AppThread, Receiver, write_channels

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture(scope="session")
def approvals_settings(
    engine_settings: Settings, receiver: Receiver, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """Settings whose apprise config sends anna IM, bob SMS and carl e-mail to the receiver."""
    channels = write_channels(
        tmp_path_factory.mktemp("channels") / "channels.yaml",
        receiver,
        {"anna": ["PERSON, im@anna"], "bob": ["PERSON, sms@bob"], "carl": ["PERSON, email@carl"]},
    )
    return engine_settings.model_copy(update={"notifications_config": channels})


@pytest.fixture(scope="session")
def deployed(engine: EngineClient) -> EngineClient:
    engine.deploy([FIXTURES / "approval_test.bpmn"], name="tests-approvals")
    return engine


@pytest.fixture(scope="session")
def app(approvals_settings: Settings, deployed: EngineClient) -> Iterator[AppThread]:
    a = AppThread(approvals_settings).start()
    yield a
    a.stop()


def invoice_variables(**override: Any) -> dict[str, Any]:
    v: dict[str, Any] = {
        "supplierName": "Müller Bürobedarf GmbH",
        "invoiceNumber": "INV-2025-0042",
        "total": Decimal("1234.50"),
        "currency": "EUR",
        "dueDate": (date.today() + timedelta(days=20)).isoformat(),
        "costCenter": "Sales",
        "submitter": "sam",
        "approver": "anna",
        "lang": "en",
        "lines": [
            {"description": "Paper A4, 80 g", "quantity": "10", "unit": "box", "amount": "450.00"},
            {"description": "Toner", "quantity": "2", "amount": "587.39"},
        ],
        "warnings": ["Due in 20 days; supplier is new"],
    }
    v.update(override)
    return v


def start_task(engine: EngineClient, **override: Any) -> dict[str, Any]:
    """Start the test process and return its open user task."""
    pi = engine.start_process("approval_test", variables=invoice_variables(**override))
    tasks = engine.tasks(processInstanceId=pi["id"])
    assert len(tasks) == 1, tasks
    return tasks[0]
