"""`enter_bill`: the entry bot types one approved document's bill into the ERP.

Only application errors (ERP down, timeout, page crash) are retried; a business error (unknown
supplier, closed period, a value the ERP refuses) goes back to the process at once. The ERP
reference and the bot's artifacts are recorded as Prefect artifacts."""

from __future__ import annotations

import atexit
import threading
from typing import TYPE_CHECKING

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact

from autoclerk.config import Settings, get_settings
from autoclerk.store import Document, DocumentState, get_store, set_state
from bots.enter.errors import ApplicationError
from flows.facts import load_invoice
from flows.retry import retry_on

if TYPE_CHECKING:
    from bots.enter import BillEntry

ACTOR = "flow:enter_bill"

_bots: dict[tuple[str, ...], BillEntry] = {}
_bots_lock = threading.Lock()


def shared_bot(settings: Settings) -> BillEntry:
    """This process's bill-entry bot for `settings`' ERP: one browser whose contexts log in
    once and then type every bill the process enters (a cold bot pays a browser start and a
    login, seconds, per bill). Safe for the worker's threads; closed when the process exits."""
    from bots.enter import BillEntry

    key = (
        settings.erp_web_url,
        settings.erp_db_name,
        settings.erp_user,
        str(settings.erp_recipe),
        settings.store_sqlalchemy_url,
    )
    with _bots_lock:
        bot = _bots.get(key)
        if bot is None:
            bot = BillEntry(settings, contexts=settings.erp_contexts)
            bot.start()
            atexit.register(bot.close)
            _bots[key] = bot
        return bot


def _artifact_list(paths: list[str]) -> str:
    return "\n".join(f"- `{p}`" for p in paths) or "- (none)"


@task(retries=2, retry_delay_seconds=[5, 20], retry_condition_fn=retry_on(ApplicationError))
def enter(document_id: str) -> str:
    """Enter the bill once; return the ERP's reference."""
    from bots.enter import BusinessError

    settings = get_settings()
    store = get_store(settings)
    with store.session() as s:
        doc = s.get(Document, document_id)
        if doc is None:
            raise LookupError(f"document {document_id} is not in the store")
        invoice = load_invoice(s, document_id)
    try:
        result = shared_bot(settings).enter(document_id, invoice)
    except (BusinessError, ApplicationError) as e:
        artifacts = [str(p) for p in getattr(e, "artifacts", []) or []]
        create_markdown_artifact(
            key=f"entry-failed-{document_id[:12]}",
            markdown=f"**{type(e).__name__}** for `{document_id}`: {e}\n\n"
            + _artifact_list(artifacts),
            description="bill entry failed",
        )
        raise
    create_markdown_artifact(
        key=f"erp-ref-{document_id[:12]}",
        markdown=(
            f"Bill for **{invoice.supplier.name}** no. `{invoice.number}` "
            f"({invoice.total} {invoice.currency}): ERP reference **{result.erp_reference}**"
            f"{' (already in the ERP: nothing typed)' if result.already_present else ''}\n\n"
            + _artifact_list([str(p) for p in result.artifacts])
        ),
        description="ERP reference",
    )
    return str(result.erp_reference)


@flow(name="enter_bill", log_prints=True)
def enter_bill(document_id: str) -> str:
    """Type one approved bill into the ERP and mark the document `entered`."""
    logger = get_run_logger()
    settings = get_settings()
    with get_store(settings).session() as s:
        doc = s.get(Document, document_id)
        if doc is not None and doc.state == DocumentState.awaiting_approval:
            set_state(s, doc, DocumentState.approved, ACTOR, reason="approved; entering the bill")
    reference = enter(document_id)
    with get_store(settings).session() as s:
        doc = s.get(Document, document_id)
        assert doc is not None
        if doc.state != DocumentState.entered:
            set_state(s, doc, DocumentState.entered, ACTOR, reason=f"ERP reference {reference}")
    logger.info("document %s entered as %s", document_id, reference)
    return reference


def run_for_document(document_id: str) -> str:
    """What the `enter-bill` external-task handler calls: one visible flow run per bill.

    The calling process must carry the Prefect environment (`autoclerk up` gives it to the
    workers), so the run reports to the local Prefect server."""
    return enter_bill(document_id)
