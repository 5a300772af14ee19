"""The ingest flow on a real Prefect server and a real engine."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from autoclerk.config import Settings
from autoclerk.engine import EngineClient
from flows.ingest import ingest

pytestmark = pytest.mark.integration

EXPECTED_BY_KEY = {
    "small": "awaiting_approval",
    "large": "awaiting_approval",
    "acme": "awaiting_approval",
    "facturx": "awaiting_approval",
    "chinese": "awaiting_approval",
    "ubl": "needs_review",  # the same invoice as the Factur-X one: a duplicate
    "corrupt": "quarantined",
}
DUPONT = ("facturx", "ubl")  # read at the same time: either may be the original


@pytest.fixture
def leave_no_instances(engine: EngineClient) -> Iterator[list[str]]:
    """Business keys whose processes the test started; removed afterwards, so that later
    tests' workers do not pick up their tasks."""
    keys: list[str] = []
    yield keys
    for key in keys:
        for inst in engine.process_instances(businessKey=key):
            engine.request("DELETE", f"/process-instance/{inst['id']}")


def states_of(outcomes: list[Any], samples: dict[str, Path]) -> dict[str, str]:
    """Outcome states by demo key, the two Dupont copies as one sorted pair."""
    names = {v.name: k for k, v in samples.items()}
    got = {names[o.filename]: o.state for o in outcomes}
    got["dupont"] = "+".join(sorted(got.pop(k) for k in DUPONT))
    return got


def expected_states() -> dict[str, str]:
    want = {k: v for k, v in EXPECTED_BY_KEY.items() if k not in DUPONT}
    want["dupont"] = "awaiting_approval+needs_review"
    return want


def test_inbox_to_approval_once(
    leave_no_instances: list[str],
    prefect_harness: None,
    engine: EngineClient,
    samples: dict[str, Path],
    inbox: Path,
    isolated_settings: Settings,
) -> None:
    order = list(EXPECTED_BY_KEY)
    for key in order:
        shutil.copy(samples[key], inbox / samples[key].name)

    outcomes = ingest()
    leave_no_instances.extend(o.document_id for o in outcomes)

    assert states_of(outcomes, samples) == expected_states()
    assert list(inbox.iterdir()) == []
    by_name = {o.filename: o for o in outcomes}
    small = by_name[samples["small"].name].document_id
    started = engine.get("/history/process-instance", processInstanceBusinessKey=small)
    assert [p["processDefinitionKey"] for p in started] == ["invoice_approval"]
    review = next(o.document_id for o in outcomes if o.state == "needs_review")
    started = engine.get("/history/process-instance", processInstanceBusinessKey=review)
    assert [p["processDefinitionKey"] for p in started] == ["invoice_review"]
    tasks = engine.tasks(processInstanceId=started[0]["id"])
    assert "FD-2024-0042" in tasks[0]["name"]

    # The same files again, handed over directly: known documents, no second process.
    again = ingest(paths=[str(samples[k]) for k in order])
    assert states_of(again, samples) == expected_states()
    assert not any(o.new for o in again)
    for o in again:
        n = len(engine.get("/history/process-instance", processInstanceBusinessKey=o.document_id))
        assert n == (0 if o.state == "quarantined" else 1), o.filename


def test_two_runs_start_one_process(
    leave_no_instances: list[str],
    engine: EngineClient,
    samples: dict[str, Path],
    isolated_settings: Settings,
) -> None:
    """Two ingest runs meeting the same document at once start its approval once."""
    import uuid
    from concurrent.futures import ThreadPoolExecutor

    from flows.ingest import read, record, start_process, unfinished

    data = samples["small"].read_bytes() + f"\n% {uuid.uuid4()}\n".encode()
    f = isolated_settings.data_dir / "race.pdf"
    f.write_bytes(data)
    doc_id, _ = record.fn(str(f), False)
    leave_no_instances.append(doc_id)
    assert doc_id in unfinished(isolated_settings)
    read.fn(doc_id)  # a duplicate of the small invoice: needs review, which is a process too
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(start_process.fn, [doc_id] * 4))
    rows = engine.get("/history/process-instance", processInstanceBusinessKey=doc_id)
    assert len(rows) == 1
    assert doc_id not in unfinished(isolated_settings)
