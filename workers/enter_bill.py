"""Topic `enter-bill`: an approved invoice goes into the ERP (the work is the flow's)."""

from __future__ import annotations

import importlib
from typing import Any

from camunda.external_task.external_task import ExternalTask

from workers.registry import Context, Result, handler

FLOW_MODULE = "flows.enter_bill"


def _entry_flow() -> Any:
    try:
        return importlib.import_module(FLOW_MODULE)
    except ModuleNotFoundError as e:
        if e.name != FLOW_MODULE:
            raise
        raise RuntimeError(
            f"enter-bill: {FLOW_MODULE} is not installed, so no bill can be entered yet; the task "
            "waits as an incident: retry it in Cockpit once flows/enter_bill.py exists"
        ) from e


# As many bills at once as the process's bot has browser contexts (flows.enter_bill.shared_bot).
@handler("enter-bill", limit=lambda settings: settings.erp_contexts)
def enter_bill(task: ExternalTask, ctx: Context) -> Result:
    """Run the bill-entry flow for the process's document; its business errors (a bill the ERP
    refuses) reach the process as BPMN error BUSINESS_ERROR, everything else is retried."""
    document_id = task.get_variable("documentId") or task.get_business_key()
    if not document_id:
        raise ValueError(
            f"enter-bill in process {task.get_process_instance_id()}: no documentId variable "
            "and no business key; start the process with the document id"
        )
    outcome = _entry_flow().run_for_document(document_id)
    reference = outcome.get("reference") if isinstance(outcome, dict) else outcome
    reference = getattr(reference, "reference", reference)
    return {"erpReference": None if reference is None else str(reference)}
