"""Who is reached how: the apprise YAML config, read as recipients (tags) and channels.

A person is a tag. Priority prefixes on that tag (`1:anna`, `2:anna`) are apprise's own
escalation chain: the services of the lowest number are tried first, and the next group only
if one of them failed. A kind tag (`sms`, `im`, `email`) says which message format a service
gets; without one it is guessed from the apprise service (e-mail plugins, SMS gateways),
else `im`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import apprise
from apprise.tag import AppriseTag

KIND_TAGS = ("sms", "im", "email")
EMAIL_MODULES = {
    "email",
    "mailgun",
    "sendgrid",
    "ses",
    "postmark",
    "sparkpost",
    "brevo",
    "sendpulse",
    "office365",
    "smtp2go",
    "mailersend",
    "resend",
}
SMS_MODULES = {"twilio", "sns", "clickatell", "plivo", "smseagle", "smpp", "bulkvs", "exotel"}


class ChannelConfigError(RuntimeError):
    """The apprise config cannot be read: the message says which file and why."""


@dataclass(frozen=True)
class Channel:
    """One apprise service of one recipient, with its escalation priority and message kind."""

    service: Any  # apprise.plugins.base.NotifyBase
    priority: int
    kind: str

    @property
    def label(self) -> str:
        """The service URL with secrets masked (safe for logs and the store)."""
        return str(self.service.url(privacy=True))


def load(path: Path) -> apprise.Apprise:
    """An Apprise object holding every service of the YAML (or text) config at `path`."""
    if not path.exists():
        raise ChannelConfigError(
            f"notification channels file {path} does not exist; copy "
            "notifications/channels.example.yaml there or set AUTOCLERK_NOTIFICATIONS_CONFIG"
        )
    config = apprise.AppriseConfig()
    if not config.add(str(path)) or not config.servers():
        raise ChannelConfigError(
            f"notification channels file {path} holds no usable apprise URL; "
            "check its YAML (version: 1, urls: [...]) and the URLs' schemas"
        )
    a = apprise.Apprise()
    a.add(config)
    return a


def kind_of(service: Any) -> str:
    """`sms`, `im` or `email`: a kind tag wins, else the service type decides."""
    tags = {str(t) for t in service.tags}
    for kind in KIND_TAGS:
        if kind in tags:
            return kind
    module = type(service).__module__.split(".")
    if EMAIL_MODULES & set(module):
        return "email"
    if module[-1] in SMS_MODULES or getattr(service, "body_maxlen", 10_000) <= 160:
        return "sms"
    return "im"


def _priority(service: Any, recipient: str) -> int:
    for tag in service.tags:
        if isinstance(tag, AppriseTag) and str(tag) == recipient.lower():
            return int(tag.priority)
    return 0


def channels_for(a: apprise.Apprise, recipient: str) -> Iterator[list[Channel]]:
    """The recipient's services, grouped by escalation priority, lowest number first."""
    groups: dict[int, list[Channel]] = {}
    for service in a.find(tag=recipient.lower(), match_always=False):
        p = _priority(service, recipient)
        groups.setdefault(p, []).append(Channel(service, p, kind_of(service)))
    for p in sorted(groups):
        yield groups[p]
