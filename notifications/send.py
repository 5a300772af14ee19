"""`notify`: render a message per channel kind, send it down the recipient's escalation chain,
and store every service's result. Delivery failures are results, never exceptions."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from autoclerk.config import Settings
from autoclerk.store import get_store
from autoclerk.store.approvals import ApprovalEvent, NotificationDelivery
from autoclerk.store.tables import new_id
from notifications.channels import Channel, ChannelConfigError, channels_for, load
from notifications.render import Message, render

log = logging.getLogger(__name__)


@dataclass
class ServiceResult:
    """What one apprise service did with one message."""

    service: str
    kind: str
    priority: int
    delivered: bool
    error: str | None = None
    seconds: float = 0.0


@dataclass
class NotifyResult:
    """The outcome of one `notify` call: delivered if at least one service took it."""

    notification_id: str
    recipient: str
    template: str
    delivered: bool
    results: list[ServiceResult] = field(default_factory=list)
    error: str | None = None


def _send(channel: Channel, message: Message) -> ServiceResult:
    started = time.monotonic()
    try:
        ok = bool(
            channel.service.notify(
                body=message.body, title=message.title, body_format=message.body_format
            )
        )
        error = None if ok else "the service refused or did not answer (see apprise log)"
    except Exception as e:  # a plugin bug must not lose the approval
        ok, error = False, f"{e.__class__.__name__}: {e}"
    return ServiceResult(
        channel.label, channel.kind, channel.priority, ok, error, time.monotonic() - started
    )


def notify(
    settings: Settings,
    *,
    recipient: str,
    template: str,
    lang: str,
    context: dict[str, Any],
    document_id: str | None = None,
) -> NotifyResult:
    """Send `template` to `recipient` (an apprise tag) in `lang` ("en" or "zh").

    Priority groups are tried in order until every service of one group delivered (apprise's
    escalation rule). Returns delivered=False, never raises, when nothing got through or the
    channel config is unusable; a bad template name or language raises UnknownTemplate."""
    result = NotifyResult(new_id(), recipient, template, delivered=False)
    rendered: dict[str, Message] = {}
    for kind in ("sms", "im", "email"):  # render first: a template bug fails before sending
        rendered[kind] = render(template, lang, kind, context)
    try:
        groups = list(channels_for(load(settings.notifications_config_path), recipient))
    except ChannelConfigError as e:
        groups, result.error = [], str(e)
    if not groups and result.error is None:
        result.error = (
            f"no channel for recipient {recipient!r} in {settings.notifications_config_path}; "
            "add a URL tagged with that name"
        )
    for group in groups:
        outcomes = [_send(channel, rendered[channel.kind]) for channel in group]
        result.results.extend(outcomes)
        if all(o.delivered for o in outcomes):
            break
    result.delivered = any(r.delivered for r in result.results)
    if not result.delivered and result.error is None:
        result.error = f"{template} to {recipient!r}: every channel failed"
    if result.error:
        log.warning("notification %s: %s", result.notification_id, result.error)
    _store(settings, result, lang, context, document_id)
    return result


def _store(
    settings: Settings,
    result: NotifyResult,
    lang: str,
    context: dict[str, Any],
    document_id: str | None,
) -> None:
    task_id = context.get("task_id")
    rows = result.results or [ServiceResult("(none)", "-", 0, False, result.error)]
    with get_store(settings).session() as s:
        for r in rows:
            s.add(
                NotificationDelivery(
                    notification_id=result.notification_id,
                    recipient=result.recipient,
                    template=result.template,
                    lang=lang,
                    service=r.service,
                    kind=r.kind,
                    priority=r.priority,
                    delivered=r.delivered,
                    error=r.error,
                    task_id=task_id,
                    document_id=document_id,
                )
            )
        if task_id:
            s.add(
                ApprovalEvent(
                    task_id=task_id,
                    event="delivered" if result.delivered else "delivery_failed",
                    channel=",".join(r.kind for r in result.results if r.delivered) or None,
                    detail={
                        "notification_id": result.notification_id,
                        "template": result.template,
                        "recipient": result.recipient,
                    },
                )
            )
