"""`autoclerk demo`: the main job on the embedded defaults, from nothing, end to end.

Starts everything (`up`), drops the sample invoices into the inbox, runs `ingest`, shows the
approval messages that reached the local outbox with their links, acts as the manager when
asked (`--approve`), waits for the bills to reach the ERP, and ends with the documents'
table. A second run finds every file known and changes nothing."""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.table import Table

from autoclerk import stack
from autoclerk.cli.stack import links
from autoclerk.config import Settings, get_settings
from autoclerk.prefect_env import prefect_client
from autoclerk.processes import StartError
from autoclerk.store import Document, DocumentState, get_store

console = Console()
LINK = re.compile(r"https?://[^\s)\]>\"']+/a/[A-Za-z0-9_-]{16,}")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
SETTLED = {
    DocumentState.quarantined,
    DocumentState.needs_review,
    DocumentState.entered,
    DocumentState.rejected,
    DocumentState.entry_failed,
}


def _sample_files(settings: Settings) -> list[Path]:
    """The demo invoices, rendered once (a PDF rendered again differs in its timestamps and
    would be a new document), plus a byte-identical copy as the duplicate file."""
    from tests.corpus.generate import demo_set

    folder = settings.data_dir / "samples"
    listing = folder / "files.json"
    if listing.exists():
        return [folder / name for name in json.loads(listing.read_text())]
    files = demo_set(folder)
    copy = folder / "small_mueller (copy).pdf"
    shutil.copyfile(files["small"], copy)
    names = [p.name for p in [*files.values(), copy]]
    listing.write_text(json.dumps(names))
    return [folder / name for name in names]


def _documents(settings: Settings) -> list[Document]:
    with get_store(settings).session() as s:
        return list(s.query(Document).order_by(Document.created_at))


def _wait(done: Callable[[], bool], timeout: float, what: str) -> bool:
    deadline = time.monotonic() + timeout
    with console.status(what):
        while time.monotonic() < deadline:
            if done():
                return True
            time.sleep(1)
    return False


def _approve(link: str, comment: str) -> str:
    """Act as the manager: open the page (GET never decides), then approve (POST)."""
    with httpx.Client(timeout=30, follow_redirects=True) as http:
        page = http.get(link)
        m = CSRF.search(page.text)
        if not m:
            return f"no decision form ({page.status_code}): the link is used, expired or decided"
        r = http.post(link, data={"csrf": m.group(1), "decision": "approve", "comment": comment})
        return "approved" if r.status_code == 200 else f"refused ({r.status_code})"


def demo(
    approve: Annotated[
        bool, typer.Option(help="Act as the manager and approve over HTTP.")
    ] = False,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each stage.")] = 300,
) -> None:
    """Run the main job end to end on the embedded defaults."""
    settings = get_settings()
    console.rule("1. start everything")
    try:
        state = stack.up(settings, on_change=lambda st: None)
    except StartError as e:
        console.print(f"[red]{e}[/red]")
        raise typer.Exit(1) from e
    if state.get("phase") != "ready":
        console.print(f"[red]not everything started: {state.get('parts')}[/red]")
        raise typer.Exit(1)
    links(settings)

    console.rule("2. invoices arrive in the inbox")
    started_at = time.time()
    settings.inbox.mkdir(parents=True, exist_ok=True)
    for f in _sample_files(settings):
        shutil.copyfile(f, settings.inbox / f.name)
        console.print(f"  {f.name}")

    console.rule("3. ingest: record, read, validate, start approvals")
    from prefect.deployments import run_deployment

    with prefect_client(settings):
        run: Any = run_deployment("ingest/inbox", timeout=timeout)
    console.print(
        f"ingest run {run.name}: {run.state_name}  {settings.prefect_ui_url}/runs/flow-run/{run.id}"
    )

    console.rule("4. approval messages (local outbox)")
    from notifications.outbox import read_messages

    def waiting_tasks() -> int:
        from autoclerk.engine import EngineClient

        with EngineClient(settings=settings) as c:
            return len(c.tasks(processDefinitionKey="invoice_approval"))

    want = waiting_tasks()
    _wait(lambda: len(_links(read_messages(settings))) >= want, 60, "waiting for messages")
    found = _links(read_messages(settings))
    for link in found:
        console.print(f"  {link}")
    if not found:
        console.print("  (no approval waiting: nothing needed a manager this time)")

    if approve and found:
        console.rule("5. the manager approves (over HTTP, as from the phone)")
        for link in found:
            console.print(f"  {_approve(link, 'approved in the autoclerk demo')}: {link}")

    console.rule("6. bills into the ERP")

    def settled() -> bool:
        docs = _documents(settings)
        waiting = [d for d in docs if d.state not in SETTLED]
        return not waiting or (not approve and all(d.state == "awaiting_approval" for d in waiting))

    if not _wait(settled, timeout, "waiting for approvals and bill entry"):
        console.print("[yellow]not everything settled in time; see `autoclerk status`[/yellow]")
    _table(settings)
    if not approve and found:
        console.print("Open the links above on a phone (or run `autoclerk demo --approve`).")
    console.print(
        f"messages since start: {len(read_messages(settings, since=started_at))}; "
        "`autoclerk status` for the admin's view, `autoclerk down` to stop."
    )


def _links(messages: list[dict[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for m in messages:
        for link in LINK.findall(str(m.get("message"))):
            seen[link] = None
    return list(seen)


def _table(settings: Settings) -> None:
    t = Table(title="documents")
    for col in ("file", "state", "why / ERP reference"):
        t.add_column(col)
    for d in _documents(settings):
        t.add_row(d.filename, d.state, (d.state_reason or "")[:90])
    console.print(t)
