"""Topic `notify-approver`: send the approver of a new user task its one-time link."""

from __future__ import annotations

import logging

from camunda.external_task.external_task import ExternalTask

from workers.approval import open_user_task, send_approval
from workers.registry import Context, Result, handler

log = logging.getLogger("autoclerk.workers")


@handler("notify-approver")
def notify_approver(task: ExternalTask, ctx: Context) -> Result:
    """Announce the open user task named by `userTask`; after an escalation (variable
    `escalatedFrom`) the message says so. A task already decided needs no message."""
    user_task = open_user_task(task, ctx)
    if user_task is None:
        log.info(
            "notify-approver: no open task in %s; nothing to announce",
            task.get_process_instance_id(),
        )
        return None
    escalated_from = task.get_variable("escalatedFrom")
    if escalated_from:
        send_approval(ctx, user_task, "approval_escalated", escalated_from=escalated_from)
    else:
        send_approval(ctx, user_task, "approval_request")
    return None
