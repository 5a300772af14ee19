"""Deploying bpmn/: unchanged files add no versions, a bad file is named and refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from autoclerk.cli import app
from autoclerk.config import Settings
from autoclerk.engine import EngineClient, local

pytestmark = pytest.mark.integration
runner = CliRunner()


def versions(client: EngineClient, key: str) -> list[int]:
    rows = client.get("/process-definition", key=key)
    return sorted(r["version"] for r in rows)


def test_project_bpmn_is_deployed_at_start(engine: EngineClient, engine_settings: Settings) -> None:
    keys = {d["key"] for d in engine.process_definitions()}
    for f in engine_settings.bpmn_dir.glob("*.bpmn"):
        assert f.stem in keys or f.read_text().count('isExecutable="true"') == 0, f.name
    assert local.startup_deploy_error(engine_settings) is None


def test_bad_file_is_named_and_previous_deployment_kept(
    engine: EngineClient, fixtures: Path, tmp_path: Path
) -> None:
    shutil.copy(fixtures / "pay_test.bpmn", tmp_path / "pay_test.bpmn")
    assert runner.invoke(app, ["engine", "deploy", str(tmp_path)]).exit_code == 0
    before = versions(engine, "pay_test")

    # Change the good file and add a broken one: the whole deployment must be refused.
    (tmp_path / "pay_test.bpmn").write_text(
        (fixtures / "pay_test.bpmn").read_text().replace('name="Pay"', 'name="Pay now"')
    )
    shutil.copy(fixtures / "broken.bpmn.txt", tmp_path / "broken.bpmn")
    result = runner.invoke(app, ["engine", "deploy", str(tmp_path)])

    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "broken.bpmn" in out
    assert "nowhere" in out  # the engine's reason: the flow's target does not exist
    assert "previous deployment stays in force" in out
    assert versions(engine, "pay_test") == before
    assert "pay_broken" not in {d["key"] for d in engine.process_definitions()}


def test_deploy_twice_adds_no_version(engine: EngineClient, fixtures: Path, tmp_path: Path) -> None:
    shutil.copy(fixtures / "pay_test.bpmn", tmp_path)
    runner.invoke(app, ["engine", "deploy", str(tmp_path)])
    before = versions(engine, "pay_test")
    result = runner.invoke(app, ["engine", "deploy", str(tmp_path)])
    assert result.exit_code == 0
    assert "nothing changed" in result.output
    assert versions(engine, "pay_test") == before


def test_restart_does_not_create_new_versions(
    engine_settings: Settings, fixtures: Path, tmp_path: Path
) -> None:
    """A second engine of its own: start, stop, start again on the same database."""
    from tests.conftest import free_port

    bpmn = tmp_path / "bpmn"
    bpmn.mkdir()
    shutil.copy(fixtures / "pay_test.bpmn", bpmn)
    shutil.copy(fixtures / "broken.bpmn.txt", tmp_path / "broken.bpmn")
    s = engine_settings.model_copy(
        update={"data_dir": tmp_path / "data", "bpmn_dir": bpmn, "engine_port": free_port()}
    )
    try:
        local.start(s, die_with_parent=True)
        with EngineClient(settings=s) as c:
            assert versions(c, "pay_test") == [1]
        local.stop(s)
        local.start(s, die_with_parent=True)
        with EngineClient(settings=s) as c:
            assert versions(c, "pay_test") == [1]
        local.stop(s)

        # A bad file at start-up: named in the log and by `startup_deploy_error`, the engine
        # still runs on the previous deployment.
        shutil.copy(tmp_path / "broken.bpmn", bpmn / "broken.bpmn")
        local.start(s, die_with_parent=True)
        problem = local.startup_deploy_error(s)
        assert problem is not None and "broken.bpmn" in problem
        with EngineClient(settings=s) as c:
            assert versions(c, "pay_test") == [1]
    finally:
        local.stop(s)
