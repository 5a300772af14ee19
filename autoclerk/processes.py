"""Background processes autoclerk starts: pid file, log file, health wait, clean stop.

The engine, the Prefect server, the workers, the approval app and the ERP are all started
this way, so `status` and `down` treat them alike."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


class StartError(RuntimeError):
    """A process did not come up; the message carries its log's tail."""


def _die_with_parent() -> None:
    # Linux: the child gets SIGTERM when the process that started it dies (tests, Ctrl-C).
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def alive(pid: int) -> bool:
    """True while the process runs (our own exited children are reaped, not counted)."""
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def tail(path: Path, lines: int = 40) -> str:
    """The last lines of a log file, or a note that there is none."""
    if not path.exists():
        return f"(no log at {path})"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@dataclass(frozen=True)
class ManagedProcess:
    """One named background process with its pid file and log under `run_dir`."""

    name: str
    run_dir: Path

    @property
    def pid_file(self) -> Path:
        return self.run_dir / f"{self.name}.pid"

    @property
    def log_file(self) -> Path:
        return self.run_dir / f"{self.name}.log"

    def pid(self) -> int | None:
        """The pid if the process is alive."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if alive(pid) else None

    def start(
        self,
        cmd: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        ready: Callable[[], bool] | None = None,
        timeout: float = 120.0,
        die_with_parent: bool = False,
    ) -> int:
        """Start unless running; return when `ready()` is true (or at once without it)."""
        if (pid := self.pid()) is not None:
            return pid
        self.run_dir.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("w") as out:
            proc = subprocess.Popen(
                list(cmd),
                cwd=cwd or self.run_dir,
                env=dict(env) if env is not None else None,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_die_with_parent if die_with_parent else None,
            )
        self.pid_file.write_text(str(proc.pid))
        deadline = time.monotonic() + timeout
        while ready is not None:
            if proc.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise StartError(
                    f"{self.name} exited with code {proc.returncode} while starting; "
                    f"log {self.log_file}:\n{tail(self.log_file)}"
                )
            if ready():
                break
            if time.monotonic() > deadline:
                self.stop()
                raise StartError(
                    f"{self.name} was not ready within {timeout:.0f}s; "
                    f"log {self.log_file}:\n{tail(self.log_file)}"
                )
            time.sleep(0.5)
        return proc.pid

    def stop(self, timeout: float = 30.0) -> bool:
        """SIGTERM the process group, SIGKILL after `timeout`. True if one was running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True
