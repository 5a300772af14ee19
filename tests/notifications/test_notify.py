"""Delivery through real apprise services to a local receiver; every result is stored."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from autoclerk.config import Settings
from autoclerk.store import get_store
from autoclerk.store.approvals import NotificationDelivery
from notifications import notify
from tests.approvals.support import Receiver, write_channels

LINK = "https://approve.example.com/a/AbCdEfGhIjKlMnOpQrStUv"
CONTEXT = {
    "title": "发票 INV-9 来自 上海某某办公用品有限公司",
    "fields": [("供应商", "上海某某办公用品有限公司")],
    "amount": Decimal("12345"),
    "currency": "CNY",
    "url": LINK,
}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture
def settings(isolated_settings: Settings, receiver: Receiver, tmp_path: Path) -> Settings:
    channels = write_channels(
        tmp_path / "channels.yaml",
        receiver,
        {
            # Telegram-like IM first, SMS as the fallback (apprise tag priorities).
            "dora": ["1:PERSON, im@dead", "2:PERSON, sms@dora-sms"],
            "eve": ["1:PERSON, im@eve-im", "2:PERSON, sms@eve-sms"],
            "finn": ["PERSON, im@dead", "PERSON, email@dead"],
            "gus": ["PERSON, email@gus"],
        },
    )
    return isolated_settings.model_copy(update={"notifications_config": channels})


def _rows(settings: Settings, notification_id: str) -> list[NotificationDelivery]:
    with get_store(settings).session() as s:
        q = select(NotificationDelivery).where(
            NotificationDelivery.notification_id == notification_id
        )
        return list(s.scalars(q.order_by(NotificationDelivery.id)))


def test_fallback_to_the_next_priority_when_the_first_fails(
    settings: Settings, receiver: Receiver
) -> None:
    result = notify(
        settings, recipient="dora", template="approval_request", lang="zh", context=CONTEXT
    )
    assert result.delivered
    assert [(r.kind, r.priority, r.delivered) for r in result.results] == [
        ("im", 1, False),
        ("sms", 2, True),
    ]
    sms = receiver.wait_for(lambda m: m["path"] == "/dora-sms")
    assert sms["title"] == "" and sms["message"].endswith(LINK) and len(sms["message"]) <= 70
    rows = _rows(settings, result.notification_id)
    assert [(r.kind, r.delivered) for r in rows] == [("im", False), ("sms", True)]
    assert rows[0].error and "127.0.0.1:9" in rows[0].service


def test_no_fallback_when_the_first_group_delivers(settings: Settings, receiver: Receiver) -> None:
    result = notify(
        settings, recipient="eve", template="approval_reminder", lang="en", context=CONTEXT
    )
    assert result.delivered and [r.kind for r in result.results] == ["im"]
    im = receiver.wait_for(lambda m: m["path"] == "/eve-im")
    assert im["message"].startswith("**Reminder, approval still needed**")
    assert not [m for m in receiver.messages if m["path"] == "/eve-sms"]


def test_email_gets_html_with_a_subject(settings: Settings, receiver: Receiver) -> None:
    result = notify(
        settings,
        recipient="gus",
        template="result",
        lang="en",
        context={"title": "Invoice INV-9", "outcome": "approved", "approver": "anna"},
    )
    assert result.delivered
    mail = receiver.wait_for(lambda m: m["path"] == "/gus")
    assert mail["title"] == "Approved: Invoice INV-9" and "<html" in mail["message"]


def test_failure_everywhere_is_a_result_not_an_exception(settings: Settings) -> None:
    result = notify(settings, recipient="finn", template="admin_alert", lang="en", context={})
    assert not result.delivered and len(result.results) == 2
    assert "every channel failed" in (result.error or "")
    assert [r.delivered for r in _rows(settings, result.notification_id)] == [False, False]


def test_unknown_recipient_or_broken_config_is_not_delivered(
    settings: Settings, tmp_path: Path
) -> None:
    nobody = notify(settings, recipient="zoe", template="result", lang="en", context={})
    assert not nobody.delivered and "no channel for recipient 'zoe'" in (nobody.error or "")
    assert _rows(settings, nobody.notification_id)[0].delivered is False
    broken = settings.model_copy(update={"notifications_config": tmp_path / "missing.yaml"})
    missing = notify(broken, recipient="gus", template="result", lang="en", context={})
    assert not missing.delivered and "does not exist" in (missing.error or "")
