"""What notify-approver and remind-approver share: find the user task a message is about,
build its view, issue a one-time link and send it (the approvals/ and notifications/ API)."""

from __future__ import annotations

import logging
from typing import Any

from camunda.external_task.external_task import ExternalTask

from autoclerk.engine import EngineError
from workers.registry import Context

log = logging.getLogger("autoclerk.workers")


def open_user_task(task: ExternalTask, ctx: Context) -> dict[str, Any] | None:
    """The open user task this external task announces: input parameter `userTask` names its
    BPMN id; the task lives in the same process instance. None when it is already decided."""
    key = task.get_variable("userTask")
    if not key:
        raise ValueError(
            f"{task.get_topic_name()} task in activity {task.get_activity_id()} has no input "
            "parameter `userTask`; set it to the id of the user task to announce (see "
            "docs/designing-processes.md)"
        )
    found = ctx.engine.tasks(
        processInstanceId=task.get_process_instance_id(), taskDefinitionKey=key
    )
    return found[0] if found else None


def send_approval(ctx: Context, user_task: dict[str, Any], template: str, **extra: Any) -> bool:
    """Send `template` with a fresh one-time link to the task's assignee. If no channel
    delivered it, the admin hears about it; the task stays open in Tasklist either way."""
    from approvals.links import issue_link  # the web half; imported when first needed
    from approvals.task_view import message_context, task_view
    from notifications import notify

    try:
        view = task_view(ctx.engine, user_task)
    except EngineError:
        if not ctx.engine.tasks(taskId=user_task["id"]):
            log.info("task %s was decided while its message was being built", user_task["id"])
            return False
        raise
    if not view.approver:
        raise ValueError(
            f"user task {user_task['taskDefinitionKey']} ({user_task['id']}) has no assignee; "
            'set camunda:assignee="${approver}" in the BPMN'
        )
    link = issue_link(
        ctx.settings,
        task_id=view.task_id,
        process_instance_id=view.process_instance_id,
        approver=view.approver,
        amount=view.amount,
        due_date=view.due_date,
        channel="notify",
        document_id=view.document_id,
    )
    context = message_context(view, url=link.url, expires_at=link.expires_at, **extra)
    result = notify(
        ctx.settings,
        recipient=view.approver,
        template=template,
        lang=view.lang,
        context=context,
        document_id=view.document_id,
    )
    if result.delivered:
        return True
    log.warning("%s for task %s reached nobody: %s", template, view.task_id, result.error)
    admin_alert(
        ctx,
        subject=f"{view.title}: message to {view.approver} not delivered",
        message=f"{template} to {view.approver!r} failed ({result.error}). The task waits in "
        f"Tasklist: {ctx.settings.tasklist_url}",
        context={k: v for k, v in context.items() if k not in ("url", "expires_at")},
        document_id=view.document_id,
    )
    return False


def admin_alert(
    ctx: Context,
    *,
    subject: str,
    message: str,
    context: dict[str, Any] | None = None,
    document_id: str | None = None,
) -> bool:
    """Tell the admins (apprise tag `admin_recipient`); never raises for a failed delivery."""
    from notifications import notify

    result = notify(
        ctx.settings,
        recipient=ctx.settings.admin_recipient,
        template="admin_alert",
        lang=ctx.settings.notifications_default_lang,
        context={**(context or {}), "subject": subject, "message": message},
        document_id=document_id,
    )
    return bool(result.delivered)
