"""The checks a link passes before its page shows, and the decision itself.

Every refusal is a `Refusal` whose `kind` names the friendly page to show; nothing in the
engine changes before all checks passed and the link was used up."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from approvals import links
from approvals.task_view import TaskView, task_view
from autoclerk.config import Settings
from autoclerk.engine import EngineClient, EngineError
from autoclerk.engine.client import EngineDown, to_variables
from autoclerk.store.approvals import ApprovalLink


class Refusal(Exception):
    """The link cannot be used now; `kind` picks the page, `detail` goes to the audit trail."""

    def __init__(self, kind: str, detail: str = "", **params: Any) -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail
        self.params = params


@dataclass
class Checked:
    """A link that may decide its task, with what the page shows."""

    link: ApprovalLink
    task: dict[str, Any]
    view: TaskView


def _task_or_refusal(client: EngineClient, link: ApprovalLink) -> dict[str, Any]:
    rows = client.tasks(taskId=link.task_id)
    if rows:
        return rows[0]
    # Gone: completed (Tasklist, another link) or deleted (escalated, process cancelled)?
    history = client.get("/history/task", taskId=link.task_id) or []
    done = history[0] if history else {}
    if done.get("deleteReason") == "completed":
        who = done.get("assignee")
        raise Refusal("decided", f"task {link.task_id} was completed by {who}", who=who)
    raise Refusal("gone", f"task {link.task_id}: {done.get('deleteReason') or 'not found'}")


def check(settings: Settings, client: EngineClient, link: ApprovalLink) -> Checked:
    """Everything a link must satisfy to decide its task, in the order people understand."""
    if link.used_at is not None:
        raise Refusal("used", f"link used at {link.used_at}", decision=link.decision or "")
    if links.is_expired(link):
        raise Refusal("expired", f"link expired at {link.expires_at}")
    try:
        task = _task_or_refusal(client, link)
        assignee = task.get("assignee")
        if assignee and assignee != link.approver:
            raise Refusal(
                "wrong_approver", f"task assigned to {assignee}, link issued to {link.approver}"
            )
        view = task_view(client, task)
    except EngineDown as e:
        raise Refusal("engine_down", str(e)) from e
    if links.amount_digest(view.amount) != link.amount_digest:
        raise Refusal("amount_changed", f"amount is now {view.amount}")
    if view.submitter and view.submitter == link.approver:
        raise Refusal("self_approval", f"{link.approver} submitted this request")
    return Checked(link, task, view)


def decide(
    settings: Settings,
    client: EngineClient,
    checked: Checked,
    *,
    approved: bool,
    comment: str,
) -> None:
    """Use the link up (once, atomically), then assign and complete the task."""
    link = checked.link
    decision = "approved" if approved else "rejected"
    if not links.use(settings, link.id, decision):
        raise Refusal("used", "link used by a concurrent request", decision="")
    channel = "link" if link.channel in ("", "notify") else link.channel
    try:
        if checked.task.get("assignee") != link.approver:  # unassigned (e.g. in Tasklist)
            client.post(f"/task/{link.task_id}/assignee", {"userId": link.approver})
        client.post(
            f"/task/{link.task_id}/complete",
            {
                "variables": to_variables(
                    {
                        "approved": approved,
                        "comment": comment,
                        "approver": link.approver,
                        "channel": channel,
                    }
                )
            },
        )
    except EngineError as e:
        # Not decided: give the link back. If someone else decided in between (Tasklist),
        # the next check says so; else the person can simply try again.
        links.release(settings, link.id)
        with contextlib.suppress(EngineDown):
            _task_or_refusal(client, link)
        raise Refusal("engine_down", f"completing task {link.task_id}: {e}") from e
