"""Which process was started for a document: the row is the claim, so two ingest runs that
meet the same document start its process once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from autoclerk.store.tables import Base, utcnow


class ProcessStart(Base):
    __tablename__ = "process_starts"

    document_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("documents.id"), primary_key=True
    )
    process_key: Mapped[str] = mapped_column(String(128))
    instance_id: Mapped[str | None] = mapped_column(String(64), default=None)
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
