"""The document store: documents, audit trail, and the tables later capabilities add."""

from autoclerk.store.db import Store, get_store
from autoclerk.store.documents import audit, count_by_state, record_document, set_state
from autoclerk.store.tables import AuditEvent, Base, Document, DocumentState

__all__ = [
    "AuditEvent",
    "Base",
    "Document",
    "DocumentState",
    "Store",
    "audit",
    "count_by_state",
    "get_store",
    "record_document",
    "set_state",
]
