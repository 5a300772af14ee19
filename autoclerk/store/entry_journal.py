"""The bill-entry journal: what the entry bot did with each document, so nothing is typed twice.

One row per document. `submitting` is written (and committed) before the bot presses Save;
`entered` with the ERP's reference after it read the reference back. A row left in
`submitting` means a run died in between: the next run searches the ERP and settles it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from autoclerk.store.tables import Base, utcnow


class EntryState(enum.StrEnum):
    submitting = "submitting"  # Save pressed (or about to be); outcome unknown until settled
    entered = "entered"  # the ERP has the bill; erp_reference is its id there
    failed = "failed"  # the ERP refused it (business error); a fixed invoice may try again


class EntryJournal(Base):
    """One document's way into the ERP."""

    __tablename__ = "entry_journal"

    document_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    erp: Mapped[str] = mapped_column(String(128))
    supplier: Mapped[str] = mapped_column(String(255))
    invoice_number: Mapped[str] = mapped_column(String(128))
    state: Mapped[str] = mapped_column(String(16), index=True)
    erp_reference: Mapped[str | None] = mapped_column(String(128), default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


def get_entry(s: Session, document_id: str) -> EntryJournal | None:
    """The journal row of a document, if the bot ever started on it."""
    return s.get(EntryJournal, document_id)


def mark(
    s: Session,
    document_id: str,
    state: EntryState,
    *,
    erp: str,
    supplier: str,
    invoice_number: str,
    erp_reference: str | None = None,
    error: str | None = None,
) -> EntryJournal:
    """Create or move a document's journal row to `state`."""
    row = s.get(EntryJournal, document_id)
    if row is None:
        row = EntryJournal(
            document_id=document_id,
            erp=erp,
            supplier=supplier,
            invoice_number=invoice_number,
            state=state,
            attempts=0,
        )
        s.add(row)
    row.state = state
    if state is EntryState.submitting:
        row.attempts = (row.attempts or 0) + 1
    if erp_reference is not None:
        row.erp_reference = erp_reference
    row.last_error = error
    row.updated_at = utcnow()
    return row


def unsettled(s: Session) -> list[EntryJournal]:
    """Rows a crashed run left in `submitting`."""
    return list(s.scalars(select(EntryJournal).where(EntryJournal.state == EntryState.submitting)))
