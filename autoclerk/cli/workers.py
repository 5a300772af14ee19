"""`autoclerk workers ...`: run the external-task handlers against the engine."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from autoclerk.config import get_settings

app = typer.Typer(help="External-task workers: notify, remind, escalate, enter bills.")


@app.command()
def start(
    topic: Annotated[
        list[str] | None, typer.Option("--topic", "-t", help="Only these topics (repeatable).")
    ] = None,
    threads: Annotated[int | None, typer.Option(help="Handlers at once.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Fetch and run external tasks until Ctrl-C or SIGTERM (tasks in hand are finished or
    given back)."""
    from workers.registry import handlers, topic_limits
    from workers.runner import Runner, RunnerConfig

    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not verbose:  # one line per HTTP call (long polls every few seconds) drowns the log
        logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = get_settings()
    try:
        chosen = handlers(topic)
    except KeyError as e:
        raise typer.BadParameter(str(e.args[0]), param_hint="--topic") from e
    config = RunnerConfig.from_settings(
        settings, threads=threads, topic_limits=topic_limits(settings, chosen)
    )
    runner = Runner(settings, chosen, config)
    typer.echo(f"workers on {settings.engine_rest_url}: {', '.join(sorted(chosen))}")
    runner.run()


@app.command("topics")
def topics() -> None:
    """List the topics this installation has handlers for."""
    from workers.registry import handlers

    for name, fn in sorted(handlers().items()):
        doc = (fn.__doc__ or "").strip().splitlines()
        typer.echo(f"{name:18} {doc[0] if doc else ''}")
