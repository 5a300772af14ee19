"""What the flows hand to the engine and read back: the invoice of a document, and the
process variables of its approval."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from autoclerk.config import Settings
from autoclerk.invoice import Invoice
from autoclerk.store.invoices import ExtractedInvoice


def load_invoice(s: Session, document_id: str) -> Invoice:
    """The invoice the reading bot found in a document."""
    row = s.scalar(select(ExtractedInvoice).where(ExtractedInvoice.document_id == document_id))
    if row is None:
        raise LookupError(f"document {document_id} has no extracted invoice; run ingest first")
    return Invoice.model_validate(row.data)


def approval_variables(
    document_id: str, invoice: Invoice, settings: Settings, warnings: list[str] | None = None
) -> dict[str, Any]:
    """The process variables `invoice_approval` (and `invoice_review`) start with."""
    return {
        "documentId": document_id,
        "supplierName": invoice.supplier.name,
        "supplierTaxId": invoice.supplier.tax_id or "",
        "invoiceNumber": invoice.number,
        "issueDate": invoice.issue_date.isoformat(),
        "dueDate": invoice.due_date.isoformat() if invoice.due_date else "",
        "total": invoice.total,
        "currency": invoice.currency,
        "costCentre": "",
        "submitter": settings.ingest_submitter,
        "lines": [
            {
                "description": li.description,
                "quantity": str(li.quantity),
                "unitPrice": str(li.unit_price),
                "taxRate": str(li.tax_rate),
                "amount": str(li.amount),
            }
            for li in invoice.lines
        ],
        "warnings": warnings or [],
    }
