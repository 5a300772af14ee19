"""`autoclerk engine ...`: build, start, stop, inspect and deploy to the local engine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from autoclerk.config import get_settings
from autoclerk.engine import EngineClient, EngineError, local
from autoclerk.processes import tail

app = typer.Typer(help="The BPMN engine (Operaton): build, start, stop, status, deploy, logs.")
console = Console()
err = Console(stderr=True)


def bpmn_files(folder: Path) -> list[Path]:
    """Every process and decision table in a folder, in a stable order."""
    return sorted(p for p in folder.iterdir() if p.suffix in {".bpmn", ".dmn"})


def deploy_folder(client: EngineClient, folder: Path) -> list[str]:
    """Deploy a folder's changed files; return the names of new definitions.

    Raises EngineError naming each refused file and the engine's reason."""
    files = bpmn_files(folder)
    if not files:
        return []
    try:
        result = client.deploy(files)
    except EngineError as e:
        raise EngineError(_deploy_error_text(e, folder), e.status, e.body) from e
    new = result.get("deployedProcessDefinitions") or {}
    new_dmn = result.get("deployedDecisionDefinitions") or {}
    return [
        f"{d['key']} v{d['version']} ({d['resource']})" for d in [*new.values(), *new_dmn.values()]
    ]


def _deploy_error_text(e: EngineError, folder: Path) -> str:
    body = e.body if isinstance(e.body, dict) else {}
    details = body.get("details") or {}
    lines = [f"deployment of {folder} refused; the previous deployment stays in force:"]
    for resource, info in details.items():
        for problem in (info or {}).get("errors", []):
            lines.append(f"  {resource}: {problem.get('message')} (line {problem.get('line')})")
    if len(lines) == 1:
        lines.append(f"  {body.get('message') or e}")
    return "\n".join(lines)


@app.command()
def build(force: Annotated[bool, typer.Option(help="Rebuild even if cached.")] = False) -> None:
    """Build the engine jar with the Maven Wrapper (cached until engine/ changes)."""
    settings = get_settings()
    with console.status("building the engine (first time: a few minutes of Maven downloads)"):
        jar = local.build(settings, force=force)
    console.print(f"engine jar: {jar}")


@app.command()
def start(
    timeout: Annotated[float | None, typer.Option(help="Seconds to wait for the REST API.")] = None,
) -> None:
    """Start the local engine and return when its REST API answers."""
    settings = get_settings()
    try:
        with console.status("starting the engine"):
            pid = local.start(settings, timeout=timeout)
    except local.EngineStartError as e:
        err.print(f"[red]engine failed to start:[/red] {e}")
        raise typer.Exit(1) from e
    console.print(f"engine running (pid {pid}) at {settings.engine_rest_url}")
    console.print(f"Cockpit:  {settings.cockpit_url}")
    console.print(f"Tasklist: {settings.tasklist_url}")
    user = settings.engine_admin_user
    hint = (
        " (demo password: set AUTOCLERK_ENGINE_ADMIN_PASSWORD)"
        if settings.uses_demo_password()
        else ""
    )
    console.print(f"login:    {user}{hint}")
    if problem := local.startup_deploy_error(settings):
        err.print(f"[yellow]bpmn/ not deployed:[/yellow] {problem}")


@app.command()
def stop() -> None:
    """Stop the local engine."""
    if local.stop(get_settings()):
        console.print("engine stopped")
    else:
        console.print("engine was not running")


@app.command()
def deploy(
    folder: Annotated[
        Path | None, typer.Argument(help="Folder of .bpmn/.dmn; default bpmn/.")
    ] = None,
) -> None:
    """Deploy bpmn/ to the running engine; unchanged files make no new versions."""
    settings = get_settings()
    folder = folder or settings.bpmn_dir
    try:
        with EngineClient(settings=settings) as client:
            new = deploy_folder(client, folder)
    except EngineError as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(1) from e
    if new:
        console.print("deployed: " + ", ".join(new))
    else:
        console.print(f"{folder}: nothing changed, nothing deployed")


@app.command()
def status() -> None:
    """Deployed processes, running instances and open incidents."""
    settings = get_settings()
    try:
        with EngineClient(settings=settings) as client:
            version = client.version()
            defs = client.process_definitions()
            instances = client.process_instances()
            incidents = client.incidents()
    except EngineError as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(1) from e
    console.print(
        f"engine {version} at {settings.engine_rest_url}  ·  Cockpit {settings.cockpit_url}"
    )
    by_def: dict[str, int] = {}
    for i in instances:
        by_def[i["definitionId"]] = by_def.get(i["definitionId"], 0) + 1
    t = Table(title="process definitions (latest)")
    for col in ("key", "version", "name", "running"):
        t.add_column(col)
    for d in sorted(defs, key=lambda d: d["key"]):
        running = sum(n for def_id, n in by_def.items() if def_id.split(":")[0] == d["key"])
        t.add_row(d["key"], str(d["version"]), d.get("name") or "", str(running))
    console.print(t)
    t = Table(title=f"running instances ({len(instances)})")
    for col in ("id", "definition", "business key"):
        t.add_column(col)
    for i in instances[:20]:
        t.add_row(i["id"], i["definitionId"].split(":")[0], i.get("businessKey") or "")
    console.print(t)
    console.print(incidents_table(incidents))


def incidents_table(incidents: list[dict[str, Any]]) -> Table:
    """Open incidents as the admin reads them (the first 20)."""
    t = Table(title=f"open incidents ({len(incidents)})")
    for col in ("activity", "type", "message"):
        t.add_column(col)
    for inc in incidents[:20]:
        t.add_row(
            inc.get("activityId") or "", inc["incidentType"], inc.get("incidentMessage") or ""
        )
    return t


@app.command()
def logs(lines: Annotated[int, typer.Option("-n", help="How many lines.")] = 60) -> None:
    """The last lines of the engine's log."""
    console.print(tail(local.log_file(get_settings()), lines), markup=False, highlight=False)
