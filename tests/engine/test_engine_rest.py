"""The engine over REST: deploy, start with business key and variables, work an external
task, and see the instance finish in history."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from autoclerk.cli.engine import deploy_folder
from autoclerk.config import Settings
from autoclerk.engine import EngineClient

pytestmark = pytest.mark.integration


def test_external_task_round_trip(engine: EngineClient, fixtures: Path, tmp_path: Path) -> None:
    shutil.copy(fixtures / "pay_test.bpmn", tmp_path)
    deploy_folder(engine, tmp_path)
    inst = engine.start_process(
        "pay_test", business_key="doc-42", variables={"amount": 1234.5, "supplier": "Acme"}
    )
    assert inst["businessKey"] == "doc-42"
    # History's removal time is fixed as the instance starts (start + TTL), so the engine
    # does not rewrite it in every history table when the instance ends.
    assert engine.history_instance(inst["id"])["removalTime"] is not None

    tasks = engine.fetch_and_lock("test-worker", ["test-pay"], max_tasks=5, lock_ms=10_000)
    mine = [t for t in tasks if t["processInstanceId"] == inst["id"]]
    assert len(mine) == 1
    task = mine[0]
    assert task["businessKey"] == "doc-42"
    assert task["variables"]["supplier"]["value"] == "Acme"
    assert task["variables"]["amount"]["value"] == pytest.approx(1234.5)

    engine.complete(task["id"], "test-worker", {"paymentId": "P-1"})

    hist = engine.history_instance(inst["id"])
    assert hist["state"] == "COMPLETED"
    assert hist["businessKey"] == "doc-42"
    assert engine.history_variables(inst["id"])["paymentId"] == "P-1"
    assert engine.process_instances(businessKey="doc-42") == []


def test_h2_gets_the_query_plan_index(engine: EngineClient, engine_settings: Settings) -> None:
    log = (engine_settings.data_dir / "engine" / "engine.log").read_text(errors="replace")
    assert "H2 query-plan indexes in place" in log


def test_rest_api_requires_credentials(engine: EngineClient) -> None:
    # Not the admin: the engine throttles a user's logins for seconds after a wrong password.
    with EngineClient(base_url=engine.base_url, user="intruder", password="guess") as bad:
        assert not bad.is_up()
    assert engine.is_up()
