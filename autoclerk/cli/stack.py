"""`autoclerk up | down | status | submit`: the whole product, and the admin's one screen."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from autoclerk import stack
from autoclerk.cli.engine import incidents_table
from autoclerk.config import Settings, get_settings
from autoclerk.engine import EngineClient, EngineError
from autoclerk.prefect_env import prefect_client
from autoclerk.processes import StartError
from autoclerk.store import count_by_state, get_store

console = Console()
err = Console(stderr=True)


def _show_progress(state: dict[str, Any]) -> None:
    parts = state.get("parts", {})
    line = "  ".join(f"{name}: {p.get('status')}" for name, p in parts.items())
    if line:
        console.print(f"[dim]{line}[/dim]")


def up(
    timeout: Annotated[float, typer.Option(help="Seconds to wait for all parts.")] = 900,
) -> None:
    """Start everything on the embedded defaults under one supervisor."""
    settings = get_settings()
    try:
        state = stack.up(settings, timeout=timeout, on_change=_show_progress)
    except StartError as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(1) from e
    if state.get("phase") != "ready":
        for name, p in state.get("parts", {}).items():
            if p.get("status") == "failed":
                err.print(f"[red]{name} failed to start:[/red] {p.get('error')}")
        err.print(f"logs: {settings.run_dir}")
        raise typer.Exit(1)
    console.print("[green]autoclerk is up[/green]")
    links(settings)


def down() -> None:
    """Stop everything `up` started, cleanly and in reverse order."""
    stopped = stack.down(get_settings())
    console.print("stopped" + (f" (left over: {', '.join(stopped)})" if stopped else ""))


def links(settings: Settings) -> None:
    from erp.tryton import site_for

    console.print(f"Prefect UI: {settings.prefect_ui_url}")
    console.print(f"Cockpit:    {settings.cockpit_url}")
    console.print(f"Tasklist:   {settings.tasklist_url}")
    console.print(f"Tryton:     {site_for(settings).client_url}")
    console.print(f"Approvals:  {settings.approvals_base_url}")
    console.print(f"Inbox:      {settings.inbox}")


def _recent_flow_runs(settings: Settings, limit: int = 10) -> list[dict[str, Any]]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterStartTime
    from prefect.client.schemas.sorting import FlowRunSort

    with prefect_client(settings), get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            # runs that started (the schedule's future runs are not news for an admin)
            flow_run_filter=FlowRunFilter(start_time=FlowRunFilterStartTime(is_null_=False)),
            sort=FlowRunSort.START_TIME_DESC,
            limit=limit,
        )
        flows = {f.id: f.name for f in client.read_flows()}
    return [
        {
            "flow": flows.get(r.flow_id, "?"),
            "name": r.name,
            "state": r.state_name,
            "start": r.start_time.strftime("%Y-%m-%d %H:%M:%S") if r.start_time else "",
            "url": f"{settings.prefect_ui_url}/runs/flow-run/{r.id}",
        }
        for r in runs
    ]


def status() -> None:
    """Health of each part, documents by state, pending approvals, incidents, recent runs."""
    settings = get_settings()
    health = stack.health(settings)
    t = Table(title="parts")
    t.add_column("part")
    t.add_column("health")
    for name, ok in health.items():
        t.add_row(name, "[green]up[/green]" if ok else "[red]down[/red]")
    console.print(t)

    with get_store(settings).session() as s:
        states = count_by_state(s)
    t = Table(title="documents by state")
    t.add_column("state")
    t.add_column("count", justify="right")
    for state, n in sorted(states.items()):
        t.add_row(state, str(n))
    console.print(t)

    if health.get("engine"):
        try:
            with EngineClient(settings=settings) as c:
                tasks = c.tasks(sortBy="created", sortOrder="asc")
                incidents = c.incidents()
        except EngineError as e:
            err.print(f"engine: {e}")
            tasks, incidents = [], []
        t = Table(title=f"pending approvals ({len(tasks)})")
        for col in ("task", "who", "since", "process"):
            t.add_column(col)
        for task in tasks[:20]:
            process = str(task.get("processDefinitionId", "")).split(":")[0]
            t.add_row(
                task["name"], task.get("assignee") or "(unassigned)", task["created"][:19], process
            )
        console.print(t)
        console.print(incidents_table(incidents))

    if health.get("prefect"):
        t = Table(title="recent flow runs")
        for col in ("flow", "run", "state", "started", "link"):
            t.add_column(col)
        for r in _recent_flow_runs(settings):
            t.add_row(r["flow"], r["name"], r["state"], r["start"], r["url"])
        console.print(t)
    links(settings)


def submit(
    files: Annotated[list[Path], typer.Argument(help="Invoice files to ingest now.")],
) -> None:
    """Hand files to `ingest` at once, with a progress bar."""
    settings = get_settings()
    missing = [f for f in files if not f.is_file()]
    if missing:
        err.print("[red]not a file:[/red] " + ", ".join(map(str, missing)))
        raise typer.Exit(2)
    local = stack.health(settings).get("prefect")
    if not local:
        err.print(
            "[yellow]Prefect server not running (`autoclerk up`): using a temporary one[/yellow]"
        )
    from flows.ingest import ingest, on_progress

    # the run shows in the local Prefect UI when it is up
    with (
        prefect_client(settings) if local else contextlib.nullcontext(),
        Progress(console=console) as bar,
    ):
        job = bar.add_task("ingest", total=len(files))

        def advance(name: str, state: str) -> None:
            bar.console.print(f"{name}: {state}")
            bar.advance(job)

        token = on_progress.set(advance)
        try:
            outcomes = ingest(paths=[str(f.resolve()) for f in files])
        finally:
            on_progress.reset(token)
    bad = [o for o in outcomes if o.state == "quarantined"]
    for o in bad:
        err.print(f"[yellow]{o.filename} quarantined:[/yellow] {o.reason}")


def supervise() -> None:
    """Run the supervisor in the foreground (what `up` starts in the background)."""
    stack.supervise(get_settings())
