"""`ingest`: new files in, each recorded once, read, validated, and sent to approval or review.

Every step looks at the document's state first, so a re-run after a crash continues where
the last one stopped and never starts a second approval for the same document."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.task_runners import ThreadPoolTaskRunner
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from autoclerk.config import Settings, get_settings
from autoclerk.engine import EngineClient, EngineDown
from autoclerk.store import Document, DocumentState, get_store, record_document, set_state
from autoclerk.store.invoices import record_invoice
from autoclerk.store.process_starts import ProcessStart
from flows.facts import approval_variables, load_invoice
from flows.retry import retry_on

APPROVAL_PROCESS = "invoice_approval"
REVIEW_PROCESS = "invoice_review"
ACTOR = "flow:ingest"
CLAIM_STALE = timedelta(minutes=5)  # a claim this old without an instance: its run died

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


def unfinished(settings: Settings) -> list[str]:
    """Documents recorded but not yet read, or read but without their process."""
    no_process = (
        select(Document.id)
        .outerjoin(ProcessStart, ProcessStart.document_id == Document.id)
        .where(
            Document.state.in_([DocumentState.extracted, DocumentState.needs_review]),
            ProcessStart.instance_id.is_(None),
        )
    )
    with get_store(settings).session() as s:
        unread = s.scalars(select(Document.id).where(Document.state == DocumentState.received))
        return [*unread, *s.scalars(no_process)]


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


def _started(client: EngineClient, process_key: str, business_key: str) -> str | None:
    """The instance of this process already started for this document, if any."""
    rows = client.get(
        "/history/process-instance",
        processDefinitionKey=process_key,
        processInstanceBusinessKey=business_key,
    )
    return str(rows[0]["id"]) if rows else None


def _claim(s: Session, document_id: str, key: str) -> ProcessStart | None:
    """Claim the start of this document's process; None if another run holds a fresh claim."""
    claim = ProcessStart(document_id=document_id, process_key=key)
    try:
        with s.begin_nested():
            s.add(claim)
        return claim
    except IntegrityError:
        held = s.get(ProcessStart, document_id)
        assert held is not None
        claimed_at = held.claimed_at.replace(tzinfo=held.claimed_at.tzinfo or UTC)
        stale = datetime.now(UTC) - claimed_at > CLAIM_STALE
        return held if held.instance_id is None and stale else None


@task(retries=3, retry_delay_seconds=[2, 5, 15], retry_condition_fn=retry_on(EngineDown))
def start_process(document_id: str) -> str:
    """Start the approval (or the review) for a read document, exactly once: a row in
    `process_starts` is the claim, the engine's history the proof after a crash."""
    settings = get_settings()
    store = get_store(settings)
    with store.session() as s:
        doc = s.get(Document, document_id)
        assert doc is not None
        state = doc.state
        if state not in (DocumentState.extracted, DocumentState.needs_review):
            return state
        key = APPROVAL_PROCESS if state == DocumentState.extracted else REVIEW_PROCESS
        if _claim(s, document_id, key) is None:
            return state  # another run is starting it
        invoice = load_invoice(s, document_id)
        reason = doc.state_reason
    variables = approval_variables(
        document_id, invoice, settings, warnings=(reason or "").split("; ") if reason else []
    )
    if key == REVIEW_PROCESS:
        variables["reviewReasons"] = reason or ""
    with EngineClient(settings=settings) as client:
        instance = _started(client, key, document_id)
        if instance is None:
            instance = client.start_process(key, business_key=document_id, variables=variables)[
                "id"
            ]
    with store.session() as s:
        claim = s.get(ProcessStart, document_id)
        assert claim is not None
        claim.instance_id = instance
        doc = s.get(Document, document_id)
        assert doc is not None
        if key == APPROVAL_PROCESS and doc.state == DocumentState.extracted:
            set_state(s, doc, DocumentState.awaiting_approval, ACTOR)
        return doc.state


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
    # Documents an earlier run left half-way (a crash, an engine that stayed down) go on too.
    leftovers = unfinished(settings)
    # Several files at once in a small thread pool, each document's start submitted right
    # after its read: starts (waiting on the engine) overlap the next reads (CPU here), and
    # the first approval goes out while later files are still being read.
    doc_ids = list(dict.fromkeys([*(doc_id for _, doc_id, _ in recorded), *leftovers]))
    futures = {d: start_process.submit(d, wait_for=[read.submit(d)]) for d in doc_ids}
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
    for d in leftovers:
        futures[d].wait()
        logger.info("resumed document %s", d)
    for f in futures.values():
        f.result()  # an engine that stayed down fails the run, visibly
    return outcomes
