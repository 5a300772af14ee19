"""Topic `escalate`: nobody decided in time; hand the approval to the next approver."""

from __future__ import annotations

import logging

from camunda.external_task.external_task import ExternalTask

from workers.approval import admin_alert
from workers.registry import Context, Result, handler

log = logging.getLogger("autoclerk.workers")


@handler("escalate")
def escalate(task: ExternalTask, ctx: Context) -> Result:
    """Set `approver` to `nextApprover` (the process then re-creates the user task for them and
    notify-approver tells them). With nobody further up, the task stays with the same approver
    and the admins are told."""
    current = task.get_variable("approver")
    target = task.get_variable("nextApprover")
    count = int(task.get_variable("escalations") or 0) + 1
    what = f"{task.get_business_key() or task.get_process_instance_id()}"
    if not target or target == current:
        log.warning("escalate %s: nobody after %s; the approval stays with them", what, current)
        admin_alert(
            ctx,
            subject=f"approval of {what} is overdue",
            message=f"{current!r} has not decided and there is nobody to escalate to; "
            f"please follow up (Tasklist: {ctx.settings.tasklist_url})",
            context={"approver": current, "process_instance_id": task.get_process_instance_id()},
        )
        return {"escalations": count, "escalatedFrom": None}
    log.info("escalate %s: %s -> %s", what, current, target)
    return {
        "approver": target,
        "nextApprover": None,
        "escalatedFrom": current,
        "escalations": count,
    }
