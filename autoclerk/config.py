"""The one settings object of autoclerk: env vars `AUTOCLERK_*`, a `.env` file, or defaults."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, computed_field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# A clearly-named demo credential; `autoclerk` warns when it is used with a non-local engine.
DEMO_ADMIN_PASSWORD = "demo"


class Settings(BaseSettings):
    """Everything autoclerk can be told. Nested names use `__`, e.g. nothing needs them yet."""

    model_config = SettingsConfigDict(
        env_prefix="AUTOCLERK_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="All local state lives here.")
    bpmn_dir: Path = Field(default=PROJECT_ROOT / "bpmn", description="Processes to deploy.")
    cache_dir: Path = Field(
        default=PROJECT_ROOT / ".cache",
        description="Built artefacts (engine jar) kept across runs.",
    )

    # --- the engine (Operaton) ---
    engine_host: str = "127.0.0.1"
    engine_port: int = 8080
    engine_url: str | None = Field(
        default=None, description="REST base of a remote engine; default: the local one."
    )
    engine_admin_user: str = "demo"
    engine_admin_password: SecretStr = SecretStr(DEMO_ADMIN_PASSWORD)
    engine_db_url: str | None = Field(
        default=None, description="JDBC URL, e.g. jdbc:postgresql://db/autoclerk; default: H2."
    )
    engine_db_user: str | None = None
    engine_db_password: SecretStr | None = None
    engine_history_ttl: str = "P30D"
    engine_history_level: str = Field(default="full", pattern="^(none|activity|audit|full)$")
    engine_authorization: bool = Field(
        default=False,
        description="Per-user permissions in the engine; on when engine users have limited rights.",
    )
    engine_start_timeout: float = 180.0
    engine_java_opts: str = "-Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1"

    # --- the document store ---
    store_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite in the data folder."
    )

    # --- the browser for Playwright ---
    chromium_path: Path | None = None

    # --- the ERP (bill entry; the local one is Tryton, see `autoclerk erp`) ---
    erp_url: str | None = Field(
        default=None, description="Web client base URL of the ERP; default: the local Tryton."
    )
    erp_host: str = "127.0.0.1"
    erp_port: int = 8000
    erp_db_name: str = "autoclerk"
    erp_user: str = "admin"
    erp_password: SecretStr = SecretStr("autoclerk-demo")
    erp_recipe: Path = Field(
        default=PROJECT_ROOT / "bots" / "enter" / "recipes" / "tryton.yaml",
        description="The recipe the bill-entry bot follows.",
    )
    erp_artifacts_dir: Path | None = Field(
        default=None, description="Screenshots, HTML, traces per document; default data/artifacts."
    )
    erp_install_dir: Path | None = Field(
        default=None, description="Installed web client and seeded template; default data/erp."
    )
    erp_step_timeout: float = Field(default=15.0, description="Seconds one recipe step may take.")
    erp_relogin_after: float = Field(
        default=8 * 3600,
        ge=0,
        description="Seconds after which a kept browser context logs in again before its next "
        "bill, well inside the ERP's session lifetime (Tryton: [session] max_age).",
    )
    erp_contexts: int = Field(
        default=1,
        ge=1,
        description="Browser contexts (each logged in once) the bill-entry bot of a worker "
        "process types bills in at once; 2 keeps a 2-core machine busy.",
    )
    erp_start_timeout: float = 60.0

    # --- approvals (the mobile approval page) and notifications (apprise) ---
    approvals_public_url: str | None = Field(
        default=None,
        description="Base URL people reach the approval page at (links in messages); "
        "default http://approvals_host:approvals_port.",
    )
    approvals_host: str = "127.0.0.1"
    approvals_port: int = 8090
    approvals_secret_key: SecretStr | None = Field(
        default=None,
        description="Key for CSRF tokens; default: a random key kept in data/approvals.key.",
    )
    approvals_link_hours: float = Field(
        default=72.0, gt=0, le=72, description="Link lifetime (capped by the due date)."
    )
    approvals_failed_lookups_per_minute: int = Field(
        default=10, ge=1, description="Unknown links one IP may try per minute before 429."
    )
    notifications_config: Path | None = Field(
        default=None,
        description="apprise YAML with recipients and channels; default data/channels.yaml "
        "if present, else notifications/channels.example.yaml.",
    )
    notifications_default_lang: str = Field(default="en", pattern="^(en|zh)$")

    # --- the main job: Prefect, the inbox, the supervisor ---
    prefect_host: str = "127.0.0.1"
    prefect_port: int = 4200
    inbox_dir: Path | None = Field(default=None, description="Default: data/inbox.")
    flow_concurrency: int = Field(
        default=4, ge=1, description="Flow runs at once; SQLite locks up at about eight."
    )
    ingest_interval_seconds: int = Field(default=60, ge=5)
    digest_cron: str = "0 7 * * *"
    admin_recipient: str = Field(default="admin", description="apprise tag of the admins.")
    outbox_host: str = "127.0.0.1"
    outbox_port: int = Field(default=8099, description="The local outbox (embedded defaults).")
    ingest_submitter: str = Field(
        default="inbox",
        description="Who submitted inbox files (approvers cannot approve their own).",
    )

    # --- the external-task workers (workers/) ---
    worker_id: str | None = Field(default=None, description="Default: autoclerk-<host>-<pid>.")
    worker_threads: int = Field(default=8, ge=1, description="Handlers running at once.")
    worker_lock_ms: int = Field(default=60_000, ge=1000, description="Lock per fetched task.")
    worker_poll_ms: int = Field(default=10_000, ge=0, description="Long-poll wait per fetch.")
    worker_retries: int = Field(default=3, ge=0, description="Retries before an incident.")
    worker_retry_ms: int = Field(default=10_000, ge=0, description="First back-off; doubles.")
    worker_shutdown_grace: float = Field(
        default=10.0, ge=0, description="Seconds running handlers get after SIGTERM."
    )

    # --- the invoice-reading bot (bots/extract) ---
    extract_templates_dir: Path | None = Field(
        default=None, description="Folder of invoice2data YAML vendor templates; none by default."
    )
    extract_pdf_password: SecretStr | None = Field(
        default=None, description="Tried on encrypted PDFs."
    )
    extract_max_bytes: int = Field(default=50_000_000, ge=1, description="Bigger files: refused.")
    extract_max_pages: int = Field(default=200, ge=1)
    extract_min_confidence: float = Field(
        default=0.75, ge=0, le=1, description="Below this any field sends the invoice to review."
    )
    extract_workers: int | None = Field(
        default=None, ge=1, description="Processes for batch reading; default: CPU count."
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def engine_rest_url(self) -> str:
        """Base URL of the engine's REST API, without a trailing slash."""
        if self.engine_url:
            return self.engine_url.rstrip("/")
        return f"http://{self.engine_host}:{self.engine_port}/engine-rest"

    @property
    def engine_web_url(self) -> str:
        """Base URL of the engine's webapps (Cockpit, Tasklist, Admin)."""
        return self.engine_rest_url.removesuffix("/engine-rest") + "/operaton/app"

    @property
    def cockpit_url(self) -> str:
        return f"{self.engine_web_url}/cockpit/default/"

    @property
    def tasklist_url(self) -> str:
        return f"{self.engine_web_url}/tasklist/default/"

    @property
    def store_sqlalchemy_url(self) -> str:
        return self.store_url or f"sqlite:///{self.data_dir / 'autoclerk.db'}"

    @property
    def engine_dir(self) -> Path:
        """Where the local engine keeps its jar, database, pid file and log."""
        return self.data_dir / "engine"

    @property
    def erp_web_url(self) -> str:
        """Base URL of the ERP's web client, without a trailing slash."""
        return (self.erp_url or f"http://{self.erp_host}:{self.erp_port}").rstrip("/")

    @property
    def erp_dir(self) -> Path:
        """Where the local ERP keeps its configuration, database, pid file and log."""
        return self.data_dir / "erp"

    @property
    def artifacts_dir(self) -> Path:
        """Bot artifacts (screenshots, page HTML, traces), one folder per document."""
        return self.erp_artifacts_dir or self.data_dir / "artifacts"

    @property
    def approvals_base_url(self) -> str:
        """Base of the links in approval messages, without a trailing slash."""
        url = self.approvals_public_url or f"http://{self.approvals_host}:{self.approvals_port}"
        return url.rstrip("/")

    @property
    def notifications_config_path(self) -> Path:
        """The apprise YAML that names recipients (tags) and their channels."""
        if self.notifications_config:
            return self.notifications_config
        local = self.data_dir / "channels.yaml"
        if local.exists():
            return local
        return PROJECT_ROOT / "notifications" / "channels.example.yaml"

    @property
    def inbox(self) -> Path:
        return self.inbox_dir or self.data_dir / "inbox"

    @property
    def originals_dir(self) -> Path:
        """Each document's original bytes, named by content hash."""
        return self.data_dir / "documents"

    @property
    def run_dir(self) -> Path:
        """Pid files and logs of the processes `autoclerk up` starts."""
        return self.data_dir / "run"

    @property
    def prefect_api_url(self) -> str:
        return f"http://{self.prefect_host}:{self.prefect_port}/api"

    @property
    def prefect_ui_url(self) -> str:
        return f"http://{self.prefect_host}:{self.prefect_port}"

    def uses_demo_password(self) -> bool:
        return self.engine_admin_password.get_secret_value() == DEMO_ADMIN_PASSWORD


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
