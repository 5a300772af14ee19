"""Tables of the approval links and the notifications: token hashes, events, deliveries.

Only a token's SHA-256 is stored; the token itself lives in the message that was sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from autoclerk.store.tables import Base, new_id, utcnow


class ApprovalLink(Base):
    """One one-time link to decide one user task, bound to its approver and amount."""

    __tablename__ = "approval_links"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    task_id: Mapped[str] = mapped_column(String(64), index=True)
    process_instance_id: Mapped[str] = mapped_column(String(64))
    approver: Mapped[str] = mapped_column(String(128))
    amount_digest: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(64))
    document_id: Mapped[str | None] = mapped_column(String(32), default=None)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    decision: Mapped[str | None] = mapped_column(String(16), default=None)


class ApprovalEvent(Base):
    """What happened to a task's links: issued, delivered, opened, decided, refused."""

    __tablename__ = "approval_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    task_id: Mapped[str | None] = mapped_column(String(64), index=True, default=None)
    link_id: Mapped[str | None] = mapped_column(String(32), index=True, default=None)
    event: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str | None] = mapped_column(String(64), default=None)
    ip: Mapped[str | None] = mapped_column(String(64), default=None)
    user_agent: Mapped[str | None] = mapped_column(Text, default=None)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class NotificationDelivery(Base):
    """One attempt to deliver one message through one apprise service."""

    __tablename__ = "notification_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    notification_id: Mapped[str] = mapped_column(String(32), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    recipient: Mapped[str] = mapped_column(String(128), index=True)
    template: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(8))
    service: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    delivered: Mapped[bool] = mapped_column(Boolean)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    task_id: Mapped[str | None] = mapped_column(String(64), index=True, default=None)
    document_id: Mapped[str | None] = mapped_column(String(32), index=True, default=None)
