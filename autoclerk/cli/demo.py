"""`autoclerk demo`: the main job on the embedded defaults.

Until the flows land (issue 6) the demo shows the foundation: it builds and starts the local
engine, deploys bpmn/, starts the sample process once, and prints the engine's status."""

from __future__ import annotations

import typer
from rich.console import Console

from autoclerk.cli import engine as engine_cli
from autoclerk.config import get_settings
from autoclerk.engine import EngineClient, local

console = Console()
SAMPLE_PROCESS = "hello_autoclerk"
SAMPLE_KEY = "demo-hello"


def demo() -> None:
    """Build and start the engine, deploy bpmn/, start the sample process, show status."""
    settings = get_settings()
    engine_cli.build()
    engine_cli.start(timeout=None)
    with EngineClient(settings=settings) as client:
        new = engine_cli.deploy_folder(client, settings.bpmn_dir)
        console.print("deployed: " + (", ".join(new) if new else "nothing changed"))
        running = client.process_instances(businessKey=SAMPLE_KEY)
        if running:
            console.print(f"sample process already running ({running[0]['id']}): not started again")
        else:
            inst = client.start_process(SAMPLE_PROCESS, SAMPLE_KEY, {"startedBy": "autoclerk demo"})
            console.print(f"started {SAMPLE_PROCESS} as {inst['id']} (business key {SAMPLE_KEY})")
    engine_cli.status()
    console.print(
        f"\nOpen Tasklist at {settings.tasklist_url} to see the sample task; "
        "`autoclerk engine stop` stops the engine."
    )
    if local.startup_deploy_error(settings):
        raise typer.Exit(1)
