from __future__ import annotations

from pathlib import Path

import pytest

from autoclerk.config import Settings


def test_defaults_point_at_local_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUTOCLERK_ENGINE_PORT", raising=False)
    s = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    assert s.engine_rest_url == "http://127.0.0.1:8080/engine-rest"
    assert s.cockpit_url == "http://127.0.0.1:8080/operaton/app/cockpit/default/"
    assert s.store_sqlalchemy_url == f"sqlite:///{tmp_path / 'autoclerk.db'}"
    assert s.engine_dir == tmp_path / "engine"
    assert s.uses_demo_password()


def test_env_vars_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AUTOCLERK_ENGINE_PORT", "9999")
    monkeypatch.setenv("AUTOCLERK_ENGINE_ADMIN_PASSWORD", "s3cret-pass")
    monkeypatch.setenv("AUTOCLERK_ENGINE_DB_URL", "jdbc:postgresql://db:5432/autoclerk")
    monkeypatch.setenv("AUTOCLERK_STORE_URL", "postgresql+psycopg://u@db/autoclerk")
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.engine_port == 9999
    assert s.engine_rest_url.endswith(":9999/engine-rest")
    assert s.engine_db_url == "jdbc:postgresql://db:5432/autoclerk"
    assert s.store_sqlalchemy_url == "postgresql+psycopg://u@db/autoclerk"
    assert not s.uses_demo_password()


def test_remote_engine_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOCLERK_ENGINE_URL", "https://bpm.example.test/engine-rest/")
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.engine_rest_url == "https://bpm.example.test/engine-rest"
    assert s.tasklist_url == "https://bpm.example.test/operaton/app/tasklist/default/"


def test_dotenv_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUTOCLERK_ENGINE_PORT", raising=False)
    env = tmp_path / ".env"
    env.write_text("AUTOCLERK_ENGINE_PORT=8181\nAUTOCLERK_ENGINE_ADMIN_USER=ops\n")
    s = Settings(_env_file=env)  # type: ignore[call-arg]
    assert s.engine_port == 8181
    assert s.engine_admin_user == "ops"


def test_secrets_stay_out_of_reprs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOCLERK_ENGINE_ADMIN_PASSWORD", "hunter2-very-secret")
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert "hunter2-very-secret" not in repr(s)
    assert "hunter2-very-secret" not in s.model_dump_json()


def test_bad_port_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOCLERK_ENGINE_PORT", "eighty")
    with pytest.raises(ValueError, match="engine_port"):
        Settings(_env_file=None)  # type: ignore[call-arg]
