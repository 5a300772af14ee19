"""The local engine's life cycle: build the jar (cached by source hash), start, stop, logs."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import shlex
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from autoclerk.config import PROJECT_ROOT, Settings
from autoclerk.engine.client import EngineClient, EngineError

ENGINE_SRC = PROJECT_ROOT / "engine"
DEPLOY_FAILED_MARK = "autoclerk: DEPLOYMENT FAILED"


class EngineStartError(RuntimeError):
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


def pid_file(settings: Settings) -> Path:
    return settings.engine_dir / "engine.pid"


def log_file(settings: Settings) -> Path:
    return settings.engine_dir / "engine.log"


def _alive(pid: int) -> bool:
    try:
        # Reap it first if it is our own child that has exited (else it lingers as a zombie).
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def running_pid(settings: Settings) -> int | None:
    """The pid of our engine if its process is alive."""
    try:
        pid = int(pid_file(settings).read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if _alive(pid) else None


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
    )
    if settings.engine_db_url:
        env["AUTOCLERK_ENGINE_DB_URL"] = settings.engine_db_url
        env["AUTOCLERK_ENGINE_DB_USER"] = settings.engine_db_user or ""
        pw = settings.engine_db_password
        env["AUTOCLERK_ENGINE_DB_PASSWORD"] = pw.get_secret_value() if pw else ""
    return env


def _die_with_parent() -> None:
    # Linux: the engine gets SIGTERM when the process that started it dies (tests, Ctrl-C).
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return f"(no log at {path})"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def start(settings: Settings, timeout: float | None = None, die_with_parent: bool = False) -> int:
    """Start the engine (building it if needed) and return when its REST API answers."""
    if (pid := running_pid(settings)) is not None:
        return pid
    jar = build(settings)
    settings.engine_dir.mkdir(parents=True, exist_ok=True)
    log = log_file(settings)
    java = shutil.which("java") or "java"
    cmd = [java, *shlex.split(settings.engine_java_opts), "-jar", str(jar)]
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=settings.engine_dir,
            env=engine_env(settings),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent if die_with_parent else None,
        )
    pid_file(settings).write_text(str(proc.pid))
    deadline = time.monotonic() + (timeout or settings.engine_start_timeout)
    with EngineClient(settings=settings, timeout=5) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pid_file(settings).unlink(missing_ok=True)
                raise EngineStartError(
                    f"engine exited with code {proc.returncode} while starting; log {log}:\n"
                    + tail(log)
                )
            try:
                client.version()
                return proc.pid
            except EngineError:
                time.sleep(0.5)
    stop(settings)
    raise EngineStartError(
        f"engine did not answer at {settings.engine_rest_url} within "
        f"{timeout or settings.engine_start_timeout:.0f}s; log {log}:\n{tail(log)}"
    )


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
    pid = running_pid(settings)
    if pid is None:
        pid_file(settings).unlink(missing_ok=True)
        return False
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            break
        time.sleep(0.2)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    pid_file(settings).unlink(missing_ok=True)
    return True
