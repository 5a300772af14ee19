"""`ingest`: new files in, each recorded once, read, validated, and sent to approval or review.

Every step looks at the document's state first, so a re-run after a crash continues where
the last one stopped and never starts a second approval for the same document."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.task_runners import ThreadPoolTaskRunner

from autoclerk.config import Settings, get_settings
from autoclerk.engine import EngineClient, EngineDown
from autoclerk.store import Document, DocumentState, get_store, record_document, set_state
from autoclerk.store.invoices import record_invoice
from flows.facts import approval_variables, load_invoice

APPROVAL_PROCESS = "invoice_approval"
REVIEW_PROCESS = "invoice_review"
ACTOR = "flow:ingest"

# The CLI's progress bar listens here; flows run without one.
on_progress: ContextVar[Callable[[str, str], None] | None] = ContextVar("on_progress", default=None)


@dataclass
class Outcome:
    document_id: str
    filename: str
    state: str
    reason: str | None = None
    new: bool = True


def inbox_files(settings: Settings) -> list[Path]:
    """Files waiting in the inbox, oldest first; partial uploads (.part, dot-files) wait."""
    inbox = settings.inbox
    inbox.mkdir(parents=True, exist_ok=True)
    files = [
        p
        for p in inbox.iterdir()
        if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".part")
    ]
    return sorted(files, key=lambda p: p.stat().st_mtime)


@task
def record(path: str, from_inbox: bool) -> tuple[str, bool] | None:
    """Store the file once by content hash; an inbox file leaves the inbox only once stored.

    None if an inbox file vanished meanwhile: another ingest run took it."""
    settings = get_settings()
    src = Path(path)
    if from_inbox and not src.exists():
        return None
    with get_store(settings).session() as s:
        doc, created = record_document(s, src, settings.originals_dir, actor=ACTOR)
        doc_id = doc.id
    if from_inbox:
        src.unlink(missing_ok=True)
    return doc_id, created


@task
def read(document_id: str) -> str:
    """Read and validate a received document; move it to extracted, needs_review or
    quarantined. Documents already past `received` are left as they are."""
    from bots.extract import ExtractionError, read_invoice

    settings = get_settings()
    store = get_store(settings)
    with store.session() as s:
        doc = s.get(Document, document_id)
        assert doc is not None, document_id
        if doc.state != DocumentState.received:
            return doc.state
        path = Path(doc.stored_path)
    try:
        result = read_invoice(path, settings=settings, store=store, document_id=document_id)
    except ExtractionError as e:
        # A file nobody can read is quarantined; one a person can complete goes to review
        # (but without an invoice there is nothing to approve, so it is quarantined too).
        with store.session() as s:
            doc = s.get(Document, document_id)
            assert doc is not None
            # The bot names the stored copy; people know the file by the name it came with.
            reason = str(e).replace(path.name, doc.filename)
            set_state(s, doc, DocumentState.quarantined, ACTOR, reason=reason)
        return DocumentState.quarantined
    with store.session() as s:
        doc = s.get(Document, document_id)
        assert doc is not None
        row = record_invoice(s, document_id, result.invoice)
        reasons = list(result.reasons)
        if row.duplicate_of and not any(r.startswith("duplicate") for r in reasons):
            # A concurrent reader recorded the same invoice first (the bot's check was early).
            reasons.append(
                f"duplicate: invoice {result.invoice.number} from {result.invoice.supplier.name} "
                f"was already read in document {row.duplicate_of}"
            )
        if reasons:
            set_state(s, doc, DocumentState.needs_review, ACTOR, "; ".join(reasons))
        else:
            set_state(s, doc, DocumentState.extracted, ACTOR)
        return doc.state


def _started(client: EngineClient, process_key: str, business_key: str) -> bool:
    """Was a process of this key already started for this document (running or finished)?"""
    rows = client.get(
        "/history/process-instance",
        processDefinitionKey=process_key,
        processInstanceBusinessKey=business_key,
    )
    return bool(rows)


@task(
    retries=3, retry_delay_seconds=[2, 5, 15], retry_condition_fn=lambda t, r, s: _is_engine_down(s)
)
def start_process(document_id: str) -> str:
    """Start the approval (or the review) for an extracted document, exactly once."""
    settings = get_settings()
    store = get_store(settings)
    with store.session() as s:
        doc = s.get(Document, document_id)
        assert doc is not None
        state = doc.state
        if state not in (DocumentState.extracted, DocumentState.needs_review):
            return state
        invoice = load_invoice(s, document_id)
        reason = doc.state_reason
    key = APPROVAL_PROCESS if state == DocumentState.extracted else REVIEW_PROCESS
    variables = approval_variables(
        document_id, invoice, settings, warnings=(reason or "").split("; ") if reason else []
    )
    if key == REVIEW_PROCESS:
        variables["reviewReasons"] = reason or ""
    with EngineClient(settings=settings) as client:
        if not _started(client, key, document_id):
            client.start_process(key, business_key=document_id, variables=variables)
    if key == APPROVAL_PROCESS:
        with store.session() as s:
            doc = s.get(Document, document_id)
            assert doc is not None
            if doc.state == DocumentState.extracted:
                set_state(s, doc, DocumentState.awaiting_approval, ACTOR)
            return doc.state
    return state


def _is_engine_down(state: object) -> bool:
    try:
        state.result()  # type: ignore[attr-defined]
    except EngineDown:
        return True
    except Exception:
        return False
    return False


@flow(name="ingest", log_prints=True, task_runner=ThreadPoolTaskRunner(max_workers=4))
def ingest(paths: list[str] | None = None) -> list[Outcome]:
    """Take the inbox's new files and any files handed over, and see each one through."""
    settings = get_settings()
    logger = get_run_logger()
    jobs = [(str(p), True) for p in inbox_files(settings)] + [(p, False) for p in paths or []]
    progress = on_progress.get()
    recorded = [
        (path, *r) for path, from_inbox in jobs if (r := record(path, from_inbox)) is not None
    ]
    # Several files at once: reading and starting processes run in a small thread pool.
    doc_ids = list(dict.fromkeys(doc_id for _, doc_id, _ in recorded))
    futures = {
        d: start_process.submit(d, wait_for=[f])
        for d, f in zip(doc_ids, read.map(doc_ids), strict=True)
    }
    outcomes: list[Outcome] = []
    for path, doc_id, created in recorded:
        futures[doc_id].wait()
        with get_store(settings).session() as s:
            doc = s.get(Document, doc_id)
            assert doc is not None
            outcome = Outcome(doc_id, Path(path).name, doc.state, doc.state_reason, created)
        outcomes.append(outcome)
        logger.info("%s: %s%s", outcome.filename, outcome.state, "" if created else " (known)")
        if progress:
            progress(outcome.filename, outcome.state)
    for f in futures.values():
        f.result()  # an engine that stayed down fails the run, visibly
    return outcomes
