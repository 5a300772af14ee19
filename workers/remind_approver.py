"""Topic `remind-approver`: the approver has not decided yet; send a reminder with a new link."""

from __future__ import annotations

from camunda.external_task.external_task import ExternalTask

from workers.approval import open_user_task, send_approval
from workers.registry import Context, Result, handler


@handler("remind-approver")
def remind_approver(task: ExternalTask, ctx: Context) -> Result:
    """Remind the assignee of the open user task; counts reminders in `remindersSent`."""
    user_task = open_user_task(task, ctx)
    if user_task is None:
        return None
    count = int(task.get_variable("remindersSent") or 0) + 1
    send_approval(ctx, user_task, "approval_reminder", reminder_count=count)
    return {"remindersSent": count}
