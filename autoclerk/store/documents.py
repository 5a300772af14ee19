"""Recording documents by content hash, moving their state, and the audit trail."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from autoclerk.store.tables import AuditEvent, Document, DocumentState


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def record_document(
    s: Session, path: Path, originals_dir: Path, actor: str = "autoclerk"
) -> tuple[Document, bool]:
    """Store a file once by its content hash; return (document, created)."""
    digest = sha256_file(path)
    existing = s.scalar(select(Document).where(Document.content_hash == digest))
    if existing is not None:
        return existing, False
    originals_dir.mkdir(parents=True, exist_ok=True)
    stored = originals_dir / f"{digest}{path.suffix.lower()}"
    if not stored.exists():
        shutil.copyfile(path, stored)
    doc = Document(
        content_hash=digest,
        filename=path.name,
        stored_path=str(stored),
        size=stored.stat().st_size,
        state=DocumentState.received,
    )
    try:
        with s.begin_nested():  # two ingest runs may meet the same file at the same moment
            s.add(doc)
    except IntegrityError:
        winner = s.scalar(select(Document).where(Document.content_hash == digest))
        assert winner is not None
        return winner, False
    audit(s, doc.id, actor, "received", filename=path.name, sha256=digest)
    return doc, True


def set_state(
    s: Session, doc: Document, state: DocumentState, actor: str, reason: str | None = None
) -> None:
    """Move a document to a new state, with the reason, and audit the move."""
    old = doc.state
    doc.state = state
    doc.state_reason = reason
    audit(s, doc.id, actor, "state", old=old, new=str(state), reason=reason)


def audit(s: Session, document_id: str | None, actor: str, action: str, **detail: Any) -> None:
    """Append one event to the audit trail."""
    s.add(AuditEvent(document_id=document_id, actor=actor, action=action, detail=detail))


def count_by_state(s: Session) -> dict[str, int]:
    rows = s.execute(select(Document.state, func.count()).group_by(Document.state))
    return {state: n for state, n in rows}


# How a process ended, as the `notify-result` step reports it, and the document state it means.
OUTCOME_STATES = {
    "entered": DocumentState.entered,
    "rejected": DocumentState.rejected,
    "entry_failed": DocumentState.entry_failed,
}


def settle(s: Session, document_id: str, outcome: str, actor: str, reason: str | None) -> bool:
    """Record a process's outcome on its document; False if the outcome means no state."""
    state = OUTCOME_STATES.get(outcome)
    doc = s.get(Document, document_id)
    if state is None or doc is None:
        return False
    if doc.state != state:
        set_state(s, doc, state, actor, reason)
    return True
