"""The `autoclerk` command. Each capability adds its sub-command from its own module."""

from __future__ import annotations

import typer

from autoclerk.cli import approvals, demo, engine, enter, erp, extract, stack, workers

app = typer.Typer(
    name="autoclerk",
    help="Invoices in, approvals on the phone, bills in the ERP.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
app.add_typer(engine.app, name="engine")
app.add_typer(workers.app, name="workers")
app.add_typer(approvals.app, name="approvals")
app.add_typer(erp.app, name="erp")
app.command("enter")(enter.enter)
app.command("demo")(demo.demo)
app.command("extract")(extract.extract)
app.command("up")(stack.up)
app.command("down")(stack.down)
app.command("status")(stack.status)
app.command("submit")(stack.submit)
app.command("supervise", hidden=True)(stack.supervise)


def main() -> None:
    app()
