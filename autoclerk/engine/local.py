"""The local engine's life cycle: build the jar (cached by source hash), start, stop, logs."""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from autoclerk.config import PROJECT_ROOT, Settings
from autoclerk.engine.client import EngineClient
from autoclerk.processes import ManagedProcess, StartError

ENGINE_SRC = PROJECT_ROOT / "engine"
DEPLOY_FAILED_MARK = "autoclerk: DEPLOYMENT FAILED"


class EngineStartError(StartError):
    """The engine did not come up; the message carries the log's tail."""


def _source_files() -> Iterator[Path]:
    yield ENGINE_SRC / "pom.xml"
    yield ENGINE_SRC / ".mvn" / "wrapper" / "maven-wrapper.properties"
    yield from sorted(p for p in (ENGINE_SRC / "src").rglob("*") if p.is_file())


def source_hash() -> str:
    """A digest of everything that goes into the jar: change engine/, get a new jar."""
    h = hashlib.sha256()
    for p in _source_files():
        h.update(str(p.relative_to(ENGINE_SRC)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def jar_path(settings: Settings) -> Path:
    return settings.cache_dir / f"autoclerk-engine-{source_hash()}.jar"


def build(settings: Settings, force: bool = False, quiet: bool = True) -> Path:
    """Build the engine with the Maven Wrapper unless a jar for this source is cached."""
    jar = jar_path(settings)
    if jar.exists() and not force:
        return jar
    cmd = [str(ENGINE_SRC / "mvnw"), "-B", "-DskipTests", "package"]
    if quiet:
        cmd.insert(1, "-q")
    proc = subprocess.run(cmd, cwd=ENGINE_SRC, capture_output=quiet, text=True)
    if proc.returncode != 0:
        tail = "\n".join(((proc.stdout or "") + (proc.stderr or "")).splitlines()[-30:])
        raise EngineStartError(f"engine build failed (mvnw exit {proc.returncode}):\n{tail}")
    jar.parent.mkdir(parents=True, exist_ok=True)
    for old in jar.parent.glob("autoclerk-engine-*.jar"):
        old.unlink()
    shutil.copyfile(ENGINE_SRC / "target" / "autoclerk-engine.jar", jar)
    return jar


def process(settings: Settings) -> ManagedProcess:
    """The engine as a managed background process (pid and log in the engine folder)."""
    return ManagedProcess("engine", settings.engine_dir)


def pid_file(settings: Settings) -> Path:
    return process(settings).pid_file


def log_file(settings: Settings) -> Path:
    return process(settings).log_file


def running_pid(settings: Settings) -> int | None:
    """The pid of our engine if its process is alive."""
    return process(settings).pid()


def engine_env(settings: Settings) -> dict[str, str]:
    """The child's environment: ours without AUTOCLERK_*, plus exactly what settings say."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOCLERK_")}
    env.update(
        AUTOCLERK_ENGINE_HOST=settings.engine_host,
        AUTOCLERK_ENGINE_PORT=str(settings.engine_port),
        AUTOCLERK_DATA_DIR=str(settings.data_dir.resolve()),
        AUTOCLERK_BPMN_DIR=str(settings.bpmn_dir.resolve()),
        AUTOCLERK_ENGINE_ADMIN_USER=settings.engine_admin_user,
        AUTOCLERK_ENGINE_ADMIN_PASSWORD=settings.engine_admin_password.get_secret_value(),
        AUTOCLERK_ENGINE_HISTORY_TTL=settings.engine_history_ttl,
        AUTOCLERK_ENGINE_AUTHORIZATION=str(settings.engine_authorization).lower(),
        AUTOCLERK_ENGINE_HISTORY_LEVEL=settings.engine_history_level,
    )
    if settings.engine_db_url:
        env["AUTOCLERK_ENGINE_DB_URL"] = settings.engine_db_url
        env["AUTOCLERK_ENGINE_DB_USER"] = settings.engine_db_user or ""
        pw = settings.engine_db_password
        env["AUTOCLERK_ENGINE_DB_PASSWORD"] = pw.get_secret_value() if pw else ""
    return env


def command(settings: Settings) -> list[str]:
    """The java command line of the engine (building the jar if needed)."""
    java = shutil.which("java") or "java"
    return [java, *shlex.split(settings.engine_java_opts), "-jar", str(build(settings))]


def start(settings: Settings, timeout: float | None = None, die_with_parent: bool = False) -> int:
    """Start the engine (building it if needed) and return when its REST API answers."""
    cmd = command(settings)
    with EngineClient(settings=settings, timeout=5) as client:
        try:
            return process(settings).start(
                cmd,
                env=engine_env(settings),
                ready=client.is_up,
                timeout=timeout or settings.engine_start_timeout,
                die_with_parent=die_with_parent,
            )
        except StartError as e:
            raise EngineStartError(f"engine at {settings.engine_rest_url}: {e}") from e


def startup_deploy_error(settings: Settings) -> str | None:
    """The folder deployer's error from this run's log, if it refused a file."""
    log = log_file(settings)
    if not log.exists():
        return None
    for line in log.read_text(errors="replace").splitlines():
        if DEPLOY_FAILED_MARK in line:
            return line.split(DEPLOY_FAILED_MARK, 1)[1].strip()
    return None


def stop(settings: Settings, timeout: float = 30.0) -> bool:
    """Stop the engine: SIGTERM, then SIGKILL after `timeout`. True if one was running."""
    return process(settings).stop(timeout)
