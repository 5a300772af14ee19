"""Extracted invoices, one per document: the duplicate check looks here (supplier + number)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from autoclerk.invoice import Invoice, Party
from autoclerk.store.tables import Base, utcnow


class ExtractedInvoice(Base):
    """What the reading bot found in a document (the last reading wins)."""

    __tablename__ = "extracted_invoices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("documents.id"), unique=True, index=True
    )
    supplier_key: Mapped[str] = mapped_column(String(255), index=True)
    number: Mapped[str] = mapped_column(String(128), index=True)
    total: Mapped[str] = mapped_column(String(32))  # Decimal as text: exact on every database
    currency: Mapped[str] = mapped_column(String(3))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The document holding the original of this invoice, if this one is a duplicate.
    duplicate_of: Mapped[str | None] = mapped_column(String(32), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def supplier_key(party: Party) -> str:
    """Tax id when printed (spaces and dots removed), else the name, case-folded."""
    if party.tax_id:
        return "tax:" + "".join(ch for ch in party.tax_id.upper() if ch.isalnum())
    return "name:" + " ".join(party.name.casefold().split())


def number_key(number: str) -> str:
    return "".join(ch for ch in number.upper() if ch.isalnum())


def record_invoice(s: Session, document_id: str, invoice: Invoice) -> ExtractedInvoice:
    """Remember the invoice read from a document (replacing an earlier reading).

    The first document to record a supplier + number holds the original; later ones are
    marked `duplicate_of` it. A unique index decides races between concurrent readers."""
    row = s.scalar(select(ExtractedInvoice).where(ExtractedInvoice.document_id == document_id))
    if row is None:
        row = ExtractedInvoice(document_id=document_id)
        s.add(row)
    row.supplier_key = supplier_key(invoice.supplier)
    row.number = number_key(invoice.number)
    row.total = str(invoice.total)
    row.currency = invoice.currency
    row.data = invoice.model_dump(mode="json")
    for _ in range(2):
        with s.no_autoflush:
            others = same_invoice(s, invoice, exclude_document=document_id)
        row.duplicate_of = others[0] if others else None
        try:
            with s.begin_nested():
                s.flush()
            return row
        except IntegrityError:
            continue  # another reader recorded the original meanwhile: look again
    raise RuntimeError(f"document {document_id}: could not record invoice {invoice.number}")


def same_invoice(s: Session, invoice: Invoice, exclude_document: str | None = None) -> list[str]:
    """Document ids already holding an invoice with this supplier and number."""
    q = select(ExtractedInvoice.document_id).where(
        ExtractedInvoice.supplier_key == supplier_key(invoice.supplier),
        ExtractedInvoice.number == number_key(invoice.number),
        ExtractedInvoice.duplicate_of.is_(None),
    )
    if exclude_document:
        q = q.where(ExtractedInvoice.document_id != exclude_document)
    return list(s.scalars(q))
