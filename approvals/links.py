"""One-time approval links: an opaque random token in the URL, only its hash in the store.

A link is bound to one user task, one approver and a digest of the amount it was issued for;
it expires after `approvals_link_hours` (at most 72 h) or at the end of the due date, whichever
comes first. Deciding uses it up with one conditional UPDATE, so two clicks cannot both win."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update

from autoclerk.config import Settings
from autoclerk.store import audit, get_store
from autoclerk.store.approvals import ApprovalEvent, ApprovalLink
from autoclerk.store.tables import Document, utcnow

TOKEN_BYTES = 16  # 22 characters in base64url: a whole link still fits an SMS


@dataclass(frozen=True)
class IssuedLink:
    """What the sender puts in the message. The token is never stored."""

    url: str
    token: str
    expires_at: datetime
    link_id: str


def token_hash(token: str) -> str:
    """The stored form of a token (SHA-256 hex)."""
    return hashlib.sha256(token.encode()).hexdigest()


def amount_digest(amount: Decimal | float | str | None) -> str:
    """A digest of the amount, to the cent, so a changed amount invalidates the link."""
    if amount is None or amount == "":
        text = "none"
    else:
        text = str(Decimal(str(amount)).quantize(Decimal("0.01")))
    return hashlib.sha256(f"amount:{text}".encode()).hexdigest()


def secret_key(settings: Settings) -> bytes:
    """The CSRF key: from settings, else a random one kept (mode 600) in the data folder."""
    if settings.approvals_secret_key is not None:
        return settings.approvals_secret_key.get_secret_value().encode()
    path = settings.data_dir / "approvals.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(32))
    return path.read_text().strip().encode()


def csrf_token(settings: Settings, hashed: str) -> str:
    """The form's CSRF token for one link: an HMAC of the token hash with the secret key."""
    return hmac.new(secret_key(settings), f"csrf:{hashed}".encode(), "sha256").hexdigest()


def csrf_ok(settings: Settings, hashed: str, form_value: str, cookie_value: str | None) -> bool:
    """Form field and cookie both carry this link's CSRF token."""
    expected = csrf_token(settings, hashed)
    return bool(cookie_value) and all(
        hmac.compare_digest(expected, v or "") for v in (form_value, cookie_value)
    )


def expiry(settings: Settings, due_date: date | None, now: datetime | None = None) -> datetime:
    """At most `approvals_link_hours` from now, and no later than the end of the due date.

    An already overdue invoice still needs a decision: a past due date does not shorten it."""
    now = now or utcnow()
    limit = now + timedelta(hours=min(settings.approvals_link_hours, 72.0))
    if due_date is not None:
        due_end = datetime.combine(due_date + timedelta(days=1), time.min, tzinfo=UTC)
        if now < due_end < limit:
            return due_end
    return limit


def _document_exists(s: Any, document_id: str | None) -> str | None:
    return document_id if document_id and s.get(Document, document_id) is not None else None


def issue_link(
    settings: Settings,
    *,
    task_id: str,
    process_instance_id: str,
    approver: str,
    amount: Decimal | None,
    due_date: date | None,
    channel: str,
    document_id: str | None = None,
) -> IssuedLink:
    """Create a one-time link for `approver` to decide user task `task_id`."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    expires_at = expiry(settings, due_date)
    with get_store(settings).session() as s:
        link = ApprovalLink(
            token_hash=token_hash(token),
            task_id=task_id,
            process_instance_id=process_instance_id,
            approver=approver,
            amount_digest=amount_digest(amount),
            channel=channel,
            document_id=document_id,
            expires_at=expires_at,
        )
        s.add(link)
        s.flush()
        detail = {"approver": approver, "expires_at": expires_at.isoformat(), "channel": channel}
        s.add(ApprovalEvent(task_id=task_id, link_id=link.id, event="issued", detail=detail))
        audit(
            s,
            _document_exists(s, document_id),
            "approvals",
            "link_issued",
            task_id=task_id,
            **detail,
        )
        link_id = link.id
    return IssuedLink(f"{settings.approvals_base_url}/a/{token}", token, expires_at, link_id)


def lookup(settings: Settings, token: str) -> ApprovalLink | None:
    """The link for a token, or None if no such link was ever issued."""
    if not token or len(token) > 64:
        return None
    with get_store(settings).session() as s:
        return s.scalar(select(ApprovalLink).where(ApprovalLink.token_hash == token_hash(token)))


def is_expired(link: ApprovalLink, now: datetime | None = None) -> bool:
    expires = link.expires_at
    if expires.tzinfo is None:  # SQLite returns naive datetimes (stored as UTC)
        expires = expires.replace(tzinfo=UTC)
    return (now or utcnow()) >= expires


def use(settings: Settings, link_id: str, decision: str) -> bool:
    """Use the link up, atomically: True for the one caller that got it."""
    with get_store(settings).session() as s:
        result = s.execute(
            update(ApprovalLink)
            .where(ApprovalLink.id == link_id, ApprovalLink.used_at.is_(None))
            .values(used_at=utcnow(), decision=decision)
        )
        return bool(getattr(result, "rowcount", 0) == 1)


def release(settings: Settings, link_id: str) -> None:
    """Give a used link back after the engine failed to take the decision (it can retry)."""
    with get_store(settings).session() as s:
        s.execute(
            update(ApprovalLink)
            .where(ApprovalLink.id == link_id)
            .values(used_at=None, decision=None)
        )


def record(
    settings: Settings,
    link: ApprovalLink,
    event: str,
    *,
    ip: str | None = None,
    user_agent: str | None = None,
    channel: str | None = None,
    **detail: Any,
) -> None:
    """One event on the link's trail, and the same in the document's audit trail if known."""
    with get_store(settings).session() as s:
        s.add(
            ApprovalEvent(
                task_id=link.task_id,
                link_id=link.id,
                event=event,
                channel=channel or link.channel,
                ip=ip,
                user_agent=(user_agent or "")[:500] or None,
                detail=detail,
            )
        )
        audit(
            s,
            _document_exists(s, link.document_id),
            link.approver,
            f"approval_{event}",
            task_id=link.task_id,
            ip=ip,
            user_agent=(user_agent or "")[:200],
            channel=channel or link.channel,
            **detail,
        )
