"""The local Tryton: install (web client from npm, seeded template database), start, stop.

Everything lives in the data folder: `install/` holds the web client (sao) and a seeded
template database, built once; the live database is a copy of the template, so a new
throwaway database (tests) costs a file copy, not a five-minute module activation."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from autoclerk.config import Settings
from autoclerk.processes import ManagedProcess, StartError

SAO_PACKAGE = "tryton-sao@8.0.11"
HERE = Path(__file__).resolve().parent
CONF_TEMPLATE = HERE / "trytond.conf"
SEED_SCRIPT = HERE / "seed.py"
TEMPLATE_DB = "template"


class ErpError(RuntimeError):
    """The local ERP could not be installed or started; the message says why and what next."""


@dataclass(frozen=True)
class Site:
    """One runnable Tryton: its folder (config, databases, pid, log), address and database."""

    home: Path
    host: str
    port: int
    database: str

    @property
    def conf(self) -> Path:
        return self.home / "trytond.conf"

    @property
    def db_dir(self) -> Path:
        return self.home / "db"

    @property
    def db_file(self) -> Path:
        return self.db_dir / f"{self.database}.sqlite"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def client_url(self) -> str:
        """The web client, opened on this site's database."""
        return f"{self.url}/#{self.database}"


def site_for(settings: Settings) -> Site:
    """The local Tryton the settings describe."""
    return Site(settings.erp_dir, settings.erp_host, settings.erp_port, settings.erp_db_name)


def install_dir(settings: Settings) -> Path:
    return settings.erp_install_dir or settings.erp_dir / "install"


def sao_root(settings: Settings) -> Path:
    return install_dir(settings) / "sao"


def _run(cmd: list[str], what: str, **kw: object) -> None:
    # stdin answers trytond-admin's one question (the admin e-mail) with "none"
    proc = subprocess.run(cmd, capture_output=True, text=True, input="\n", **kw)  # type: ignore[call-overload]
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-25:])
        raise ErpError(f"{what} failed (exit {proc.returncode}): {' '.join(cmd)}\n{tail}")


def install_sao(settings: Settings) -> Path:
    """Fetch the web client from npm and its runtime dependencies; skip if already there."""
    root = sao_root(settings)
    if (root / "node_modules" / "jquery").is_dir() and (root / "dist").is_dir():
        return root
    npm = shutil.which("npm")
    if not npm:
        raise ErpError("npm not found: install Node.js (20+) to fetch the Tryton web client")
    root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root.parent) as tmp:
        _run([npm, "pack", SAO_PACKAGE, "--silent"], f"npm pack {SAO_PACKAGE}", cwd=tmp)
        (tgz,) = Path(tmp).glob("*.tgz")
        with tarfile.open(tgz) as tar:
            tar.extractall(tmp, filter="data")
        pkg = Path(tmp) / "package"
        _run(
            [npm, "install", "--omit=dev", "--legacy-peer-deps", "--no-audit", "--no-fund"],
            "npm install (web client dependencies)",
            cwd=pkg,
        )
        shutil.rmtree(root, ignore_errors=True)
        pkg.rename(root)
    return root


def write_conf(site: Site, sao: Path) -> None:
    site.home.mkdir(parents=True, exist_ok=True)
    site.db_dir.mkdir(parents=True, exist_ok=True)
    text = CONF_TEMPLATE.read_text().format(
        db_dir=site.db_dir.resolve(), host=site.host, port=site.port, sao_root=sao.resolve()
    )
    site.conf.write_text(text)


def _admin_env(password: str, tmp: Path) -> dict[str, str]:
    passfile = tmp / "pass"
    passfile.write_text(password)
    passfile.chmod(0o600)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRYTON")}
    env["TRYTONPASSFILE"] = str(passfile)
    return env


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def _template_stamp() -> str:
    """Changes when what goes into the template changes: then the template is rebuilt."""
    h = hashlib.sha256(SEED_SCRIPT.read_bytes())
    h.update(CONF_TEMPLATE.read_bytes())
    from importlib.metadata import version

    for dist in ("trytond", "trytond_account_invoice", "proteus"):
        h.update(version(dist).encode())
    return h.hexdigest()[:16]


def build_template(settings: Settings) -> Path:
    """Activate the modules and seed a template database once; return its file."""
    from erp.seed import MODULES

    site = Site(install_dir(settings) / "template", "127.0.0.1", 0, TEMPLATE_DB)
    stamp = site.home / "stamp"
    if site.db_file.exists() and stamp.exists() and stamp.read_text() == _template_stamp():
        return site.db_file
    shutil.rmtree(site.home, ignore_errors=True)
    write_conf(site, sao_root(settings))
    site.db_file.touch()  # trytond-admin wants the SQLite file to exist
    with tempfile.TemporaryDirectory() as tmp:
        env = _admin_env(settings.erp_password.get_secret_value(), Path(tmp))
        _run(
            [_bin("trytond-admin"), "-c", str(site.conf), "-d", site.database,
             "--all", "--activate-dependencies", "-u", *MODULES],
            "activating Tryton modules",
            env=env,
        )  # fmt: skip
        _run(
            [sys.executable, "-m", "erp.seed", str(site.conf), site.database],
            "seeding the Tryton database",
            env=env,
            cwd=HERE.parent,
        )
    stamp.write_text(_template_stamp())
    return site.db_file


def create_database(settings: Settings, site: Site) -> None:
    """Give `site` a fresh database copied from the template, admin password from settings."""
    template = build_template(settings)
    write_conf(site, sao_root(settings))
    shutil.copyfile(template, site.db_file)
    with tempfile.TemporaryDirectory() as tmp:
        env = _admin_env(settings.erp_password.get_secret_value(), Path(tmp))
        _run(
            [_bin("trytond-admin"), "-c", str(site.conf), "-d", site.database, "-p"],
            "setting the ERP admin password",
            env=env,
        )


def setup(settings: Settings, site: Site | None = None) -> str:
    """Install the local Tryton and its database if not done yet; return the client URL."""
    site = site or site_for(settings)
    with _install_lock(settings):
        return _setup(settings, site)


@contextmanager
def _install_lock(settings: Settings) -> Iterator[None]:
    """One installer at a time: tests, the demo and `up` may share the install folder."""
    folder = install_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _setup(settings: Settings, site: Site) -> str:
    install_sao(settings)
    if not site.db_file.exists():
        create_database(settings, site)
    else:
        write_conf(site, sao_root(settings))  # port or paths may have changed
    return site.client_url


def process(site: Site) -> ManagedProcess:
    """trytond as a managed background process (pid file and log in the site's folder)."""
    return ManagedProcess("trytond", site.home)


def running_pid(site: Site) -> int | None:
    return process(site).pid()


def answers(site: Site, timeout: float = 2.0) -> bool:
    """True if the server answers JSON-RPC for the database (the web client works then)."""
    try:
        r = httpx.post(
            f"{site.url}/rpc/",
            json={"id": 0, "method": "common.server.version", "params": []},
            timeout=timeout,
        )
        return r.status_code == 200 and "result" in r.json()
    except (httpx.HTTPError, ValueError):
        return False


def start(
    settings: Settings,
    site: Site | None = None,
    timeout: float | None = None,
    die_with_parent: bool = False,
) -> str:
    """Start trytond for `site` (set up first if needed); return the client URL once it answers."""
    site = site or site_for(settings)
    if running_pid(site) is not None and answers(site):
        return site.client_url
    setup(settings, site)
    with socket.socket() as s:
        if s.connect_ex((site.host, site.port)) == 0:
            raise ErpError(
                f"port {site.port} on {site.host} is taken by another program; "
                "set AUTOCLERK_ERP_PORT to a free port"
            )
    try:
        process(site).start(
            # -d loads the database at start (a lazy first login finds an empty pool in 8.0)
            [_bin("trytond"), "-c", str(site.conf), "-d", site.database],
            env=dict(os.environ),
            ready=lambda: answers(site, timeout=1.0),
            timeout=timeout or settings.erp_start_timeout,
            die_with_parent=die_with_parent,
        )
    except StartError as e:
        raise ErpError(f"trytond at {site.url}: {e}") from e
    return site.client_url


def stop(settings: Settings, site: Site | None = None, timeout: float = 15.0) -> bool:
    """Stop trytond: SIGTERM, then SIGKILL after `timeout`. True if one was running."""
    return process(site or site_for(settings)).stop(timeout)


def status(settings: Settings, site: Site | None = None) -> str | None:
    """The client URL if the local Tryton is running and answering, else None."""
    site = site or site_for(settings)
    if running_pid(site) is None or not answers(site):
        return None
    return site.client_url
