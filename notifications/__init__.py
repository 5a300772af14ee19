"""Notifications on apprise: templates per channel (SMS, IM, e-mail), escalation, results."""

from notifications.render import Message, UnknownTemplate, render
from notifications.send import NotifyResult, ServiceResult, notify

__all__ = ["Message", "NotifyResult", "ServiceResult", "UnknownTemplate", "notify", "render"]
