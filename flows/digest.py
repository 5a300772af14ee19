"""`digest`: the admins' daily summary: documents by state, approvals waiting longer than a
day, open incidents and failed bot runs, sent through notifications."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from prefect import flow, get_run_logger, task

from autoclerk.config import get_settings
from autoclerk.engine import EngineClient, EngineError
from autoclerk.store import count_by_state, get_store


@task
def gather() -> dict[str, Any]:
    """Collect the day's figures; a part that does not answer is reported, not skipped."""
    settings = get_settings()
    with get_store(settings).session() as s:
        states = count_by_state(s)
    facts: dict[str, Any] = {"states": states, "waiting": [], "incidents": [], "problems": []}
    day_ago = datetime.now(UTC) - timedelta(days=1)
    try:
        with EngineClient(settings=settings) as client:
            for t in client.tasks(createdBefore=day_ago.strftime("%Y-%m-%dT%H:%M:%S.000+0000")):
                facts["waiting"].append(
                    {"task": t["name"], "assignee": t.get("assignee"), "since": t["created"]}
                )
            facts["incidents"] = [
                {"activity": i.get("activityId"), "message": i.get("incidentMessage")}
                for i in client.incidents()
            ]
    except EngineError as e:
        facts["problems"].append(f"engine: {e}")
    facts["failed_runs"] = failed_flow_runs(day_ago)
    return facts


def failed_flow_runs(since: datetime) -> list[str]:
    """Names of flow runs that failed or crashed since `since`."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterStartTime,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(
                start_time=FlowRunFilterStartTime(after_=since),
                state=FlowRunFilterState(
                    type=FlowRunFilterStateType(any_=[StateType.FAILED, StateType.CRASHED])
                ),
            )
        )
    return [f"{r.name} ({r.state_name})" for r in runs]


def render(facts: dict[str, Any]) -> str:
    """The digest as plain text (it goes to IM and e-mail alike)."""
    lines = ["autoclerk daily digest", ""]
    states = facts["states"]
    lines.append(
        "Documents: " + (", ".join(f"{k} {v}" for k, v in sorted(states.items())) or "none")
    )
    lines.append(f"Approvals waiting > 1 day: {len(facts['waiting'])}")
    lines += [
        f"  - {w['task']} for {w['assignee'] or 'nobody'} since {w['since']}"
        for w in facts["waiting"]
    ]
    lines.append(f"Open incidents: {len(facts['incidents'])}")
    lines += [f"  - {i['activity']}: {i['message']}" for i in facts["incidents"]]
    lines.append(f"Failed bot runs (24 h): {len(facts['failed_runs'])}")
    lines += [f"  - {r}" for r in facts["failed_runs"]]
    lines += [f"Problem: {p}" for p in facts["problems"]]
    return "\n".join(lines)


@flow(name="digest", log_prints=True)
def digest() -> str:
    """Send the daily summary to the admins."""
    from notifications import notify

    settings = get_settings()
    text = render(gather())
    result = notify(
        settings,
        recipient=settings.admin_recipient,
        template="admin_alert",
        lang=settings.notifications_default_lang,
        context={"subject": "autoclerk daily digest", "message": text},
    )
    get_run_logger().info("digest delivered=%s\n%s", result.delivered, text)
    return text
