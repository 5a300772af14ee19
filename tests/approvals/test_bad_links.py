"""Every bad link is refused with a friendly page, and the engine's task stays as it was."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from approvals.app import CSRF_COOKIE
from approvals.links import IssuedLink, csrf_token, issue_link, token_hash
from autoclerk.config import Settings
from autoclerk.engine import EngineClient, to_variables
from autoclerk.store import get_store
from autoclerk.store.approvals import ApprovalLink
from autoclerk.store.tables import utcnow
from tests.approvals.conftest import start_task
from tests.approvals.support import AppThread

pytestmark = pytest.mark.integration

CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


@pytest.fixture
def browser_like(app: AppThread) -> Iterator[httpx.Client]:
    """A cookie-keeping HTTP client, as a phone's browser would be."""
    with httpx.Client(base_url=app.base_url, timeout=30) as c:
        yield c


def _link(settings: Settings, task: dict[str, Any], **override: Any) -> IssuedLink:
    args: dict[str, Any] = {
        "task_id": task["id"],
        "process_instance_id": task["processInstanceId"],
        "approver": task["assignee"],
        "amount": Decimal("1234.50"),
        "due_date": None,
        "channel": "notify",
    }
    args.update(override)
    return issue_link(settings, **args)


def _path(link: IssuedLink) -> str:
    return "/a/" + link.token


def _approve(
    c: httpx.Client, settings: Settings, link: IssuedLink, comment: str = "ok"
) -> httpx.Response:
    """Open the link (GET), then post Approve. When the page refused to show a form, post
    anyway with a valid CSRF pair (as from a tab opened earlier): the POST must refuse too."""
    page = c.get(_path(link))
    m = CSRF.search(page.text)
    if m:
        csrf = m.group(1)
    else:
        csrf = csrf_token(settings, token_hash(link.token))
        c.cookies.set(CSRF_COOKIE, csrf, domain="127.0.0.1", path="/a/")
    posted = c.post(_path(link), data={"decision": "approve", "comment": comment, "csrf": csrf})
    if not m:
        assert page.status_code == posted.status_code, (page.text, posted.text)
    return posted


def _still_open(engine: EngineClient, task: dict[str, Any]) -> None:
    rows = engine.tasks(taskId=task["id"])
    assert len(rows) == 1, f"task {task['id']} should still be open"
    assert "approved" not in engine.history_variables(task["processInstanceId"])


def test_get_never_decides(deployed: EngineClient, app: AppThread, browser_like: httpx.Client):
    task = start_task(deployed)
    link = _link(app.settings, task)
    for _ in range(3):
        r = browser_like.get(_path(link))
        assert r.status_code == 200 and "Approve" in r.text
    assert r.headers["referrer-policy"] == "no-referrer"
    assert "No document preview" in r.text  # no documentId: no preview, no error
    assert browser_like.get(_path(link) + "/preview.png").status_code == 404
    assert "samesite=strict" in r.headers["set-cookie"].lower()
    _still_open(deployed, task)


def test_tampered_link(deployed: EngineClient, app: AppThread, browser_like: httpx.Client):
    task = start_task(deployed)
    link = _link(app.settings, task)
    flipped = link.token[:-1] + ("A" if link.token[-1] != "A" else "B")
    r = browser_like.get("/a/" + flipped)
    assert r.status_code == 404 and "Link not valid" in r.text
    r = browser_like.post("/a/" + flipped, data={"decision": "approve", "csrf": "x"})
    assert r.status_code == 404
    _still_open(deployed, task)


def test_missing_or_forged_csrf(deployed: EngineClient, app: AppThread, browser_like: httpx.Client):
    task = start_task(deployed)
    link = _link(app.settings, task)
    # A cross-site form post: no cookie, a guessed token.
    with httpx.Client(base_url=app.base_url) as other:
        r = other.post(_path(link), data={"decision": "approve", "csrf": "0" * 64})
    assert r.status_code == 403 and "Please try again" in r.text
    # The right page token but no cookie (another browser) is refused too.
    csrf = CSRF.search(browser_like.get(_path(link)).text).group(1)  # type: ignore[union-attr]
    with httpx.Client(base_url=app.base_url) as other:
        r = other.post(_path(link), data={"decision": "approve", "csrf": csrf})
    assert r.status_code == 403
    _still_open(deployed, task)
    # The link still works afterwards.
    assert _approve(browser_like, app.settings, link).status_code == 200


def test_expired_link(deployed: EngineClient, app: AppThread, browser_like: httpx.Client):
    task = start_task(deployed)
    link = _link(app.settings, task)
    page = browser_like.get(_path(link))  # opened in time, decided too late
    csrf = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    with get_store(app.settings).session() as s:
        s.execute(
            update(ApprovalLink)
            .where(ApprovalLink.token_hash == token_hash(link.token))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    r = browser_like.post(_path(link), data={"decision": "approve", "csrf": csrf})
    assert r.status_code == 410 and "Link expired" in r.text
    assert browser_like.get(_path(link)).status_code == 410
    _still_open(deployed, task)


def test_replayed_link(deployed: EngineClient, app: AppThread, browser_like: httpx.Client):
    task = start_task(deployed)
    link = _link(app.settings, task)
    page = browser_like.get(_path(link))
    csrf = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    form = {"decision": "approve", "comment": "first", "csrf": csrf}
    assert browser_like.post(_path(link), data=form).status_code == 200
    again = browser_like.post(_path(link), data={**form, "comment": "second"})
    assert again.status_code == 409 and "Already used" in again.text
    assert browser_like.get(_path(link)).status_code == 409
    history = deployed.history_variables(task["processInstanceId"])
    assert history["comment"] == "first"
    completed = deployed.get("/history/task", taskId=task["id"])
    assert len(completed) == 1 and completed[0]["deleteReason"] == "completed"


def test_wrong_approver(deployed: EngineClient, app: AppThread, browser_like: httpx.Client):
    task = start_task(deployed, approver="anna")
    link = _link(app.settings, task, approver="bob")
    r = _approve(browser_like, app.settings, link)
    assert r.status_code == 403 and "Not yours to decide" in r.text
    # Reassigned after issue (escalation): anna's old link stops counting too.
    anna = _link(app.settings, task)
    deployed.post(f"/task/{task['id']}/assignee", {"userId": "carl"})
    r = _approve(browser_like, app.settings, anna)
    assert r.status_code == 403
    _still_open(deployed, task)


def test_self_approval(deployed: EngineClient, app: AppThread, browser_like: httpx.Client):
    task = start_task(deployed, submitter="anna", approver="anna")
    link = _link(app.settings, task)
    r = _approve(browser_like, app.settings, link)
    assert r.status_code == 403 and "Cannot approve your own request" in r.text
    _still_open(deployed, task)


def test_amount_changed_after_issue(
    deployed: EngineClient, app: AppThread, browser_like: httpx.Client
):
    task = start_task(deployed)
    link = _link(app.settings, task)
    deployed.post(
        f"/process-instance/{task['processInstanceId']}/variables",
        {"modifications": to_variables({"total": Decimal("9234.50")})},
    )
    r = _approve(browser_like, app.settings, link)
    assert r.status_code == 409 and "Amount changed" in r.text
    _still_open(deployed, task)


def test_decided_in_tasklist_first(
    deployed: EngineClient, app: AppThread, browser_like: httpx.Client
):
    task = start_task(deployed)
    link = _link(app.settings, task)
    deployed.post(
        f"/task/{task['id']}/complete",
        {"variables": to_variables({"approved": False, "comment": "by admin"})},
    )
    r = _approve(browser_like, app.settings, link)
    assert r.status_code == 409 and "Already decided" in r.text
    assert deployed.history_variables(task["processInstanceId"])["comment"] == "by admin"
    assert len(deployed.get("/history/task", taskId=task["id"])) == 1


def test_guessing_is_rate_limited(approvals_settings: Settings, deployed: EngineClient) -> None:
    app = AppThread(
        approvals_settings.model_copy(update={"approvals_failed_lookups_per_minute": 5})
    ).start()
    try:
        task = start_task(deployed)
        good = _link(app.settings, task)
        with httpx.Client(base_url=app.base_url) as c:
            codes = [c.get(f"/a/guess{i:017d}").status_code for i in range(7)]
            assert codes == [404] * 5 + [429] * 2
            # Once blocked, even a valid link waits: guessing gets no oracle.
            assert c.get(_path(good)).status_code == 429
    finally:
        app.stop()


def test_page_speaks_chinese(deployed: EngineClient, app: AppThread) -> None:
    task = start_task(deployed, lang="zh", supplierName="上海某某办公用品有限公司")
    link = _link(app.settings, task)
    with httpx.Client(base_url=app.base_url, headers={"Accept-Language": "zh-CN,zh;q=0.9"}) as c:
        r = c.get(_path(link))
    assert r.status_code == 200 and 'lang="zh"' in r.text
    assert "批准" in r.text and "驳回" in r.text and "上海某某办公用品有限公司" in r.text


def test_unassigned_task_is_assigned_to_the_approver_on_decision(
    deployed: EngineClient, app: AppThread, browser_like: httpx.Client
) -> None:
    task = start_task(deployed)
    link = _link(app.settings, task)
    deployed.post(f"/task/{task['id']}/unclaim")  # e.g. the admin released it in Tasklist
    assert _approve(browser_like, app.settings, link, comment="fine").status_code == 200
    done = deployed.get("/history/task", taskId=task["id"])[0]
    assert done["assignee"] == "anna" and done["deleteReason"] == "completed"
