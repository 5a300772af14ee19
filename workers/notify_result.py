"""Topic `notify-result`: tell the submitter how it ended (approved, rejected, entered...)."""

from __future__ import annotations

import logging
from typing import Any

from camunda.external_task.external_task import ExternalTask

from workers.registry import Context, Result, handler

log = logging.getLogger("autoclerk.workers")


@handler("notify-result")
def notify_result(task: ExternalTask, ctx: Context) -> Result:
    """Send template `result` to `recipient` (input parameter) or else `submitter`; input
    parameters `outcome` and `title` say what to tell. Not reaching them is logged, not retried:
    the outcome stands in the process history."""
    from notifications import notify

    v = task.get_variable
    recipient = v("recipient") or v("submitter")
    outcome = v("outcome") or ("approved" if v("approved") else "rejected")
    if document_id := v("documentId"):
        _settle_document(ctx, str(document_id), str(outcome), task, v)
    if not recipient:
        log.warning("notify-result %s: no recipient or submitter; nobody told", outcome)
        return None
    amount = v("total") if v("total") is not None else v("amount")
    context = {
        "outcome": outcome,
        "title": v("title") or task.get_business_key() or "",
        "comment": v("comment"),
        "approver": v("approver"),
        "erp_reference": v("erpReference"),
        "error": v("errorMessage") if outcome == "entry_failed" else None,
        "amount": amount,
        "currency": v("currency"),
        "submitter": v("submitter"),
        "business_key": task.get_business_key(),
        "process_instance_id": task.get_process_instance_id(),
        "document_id": v("documentId"),
    }
    result = notify(
        ctx.settings,
        recipient=str(recipient),
        template="result",
        lang=str(v("lang") or ctx.settings.notifications_default_lang),
        context=context,
        document_id=v("documentId"),
    )
    if not result.delivered:
        log.warning("notify-result %s to %s not delivered: %s", outcome, recipient, result.error)
    return None


def _settle_document(
    ctx: Context, document_id: str, outcome: str, task: ExternalTask, v: Any
) -> None:
    """The document store learns how the process ended (rejected, entered, entry failed)."""
    from autoclerk.store import get_store
    from autoclerk.store.documents import settle

    reason = v("errorMessage") if outcome == "entry_failed" else v("comment")
    if outcome == "entered" and v("erpReference"):
        reason = f"ERP reference {v('erpReference')}"
    with get_store(ctx.settings).session() as s:
        settle(s, document_id, outcome, f"process:{task.get_process_instance_id()}", reason)
