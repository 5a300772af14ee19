"""A small typed client for the Operaton (Camunda 7) REST API."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from autoclerk.config import Settings, get_settings

# Name and source shared with the engine's own folder deployer: duplicate filtering compares
# only deployments with both equal, so the CLI and a restart never add versions of the same file.
DEPLOYMENT_NAME = "autoclerk"


class EngineError(RuntimeError):
    """The engine answered, but refused: the message carries its reason."""

    def __init__(self, message: str, status: int | None = None, body: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class EngineDown(EngineError):
    """The engine did not answer at all (not started, wrong URL, network)."""


MAX_STRING = 4000  # the engine's column for String variables (ACT_RU_VARIABLE.TEXT_)


def to_variables(values: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Python values to the engine's typed variables. Money (Decimal) travels as Double;
    lists and dicts as JSON text in a String (the local engine has no Spin plugin)."""
    out: dict[str, dict[str, Any]] = {}
    for name, v in values.items():
        if isinstance(v, bool):
            out[name] = {"value": v, "type": "Boolean"}
        elif isinstance(v, int):
            out[name] = {"value": v, "type": "Long"}
        elif isinstance(v, float | Decimal):
            out[name] = {"value": float(v), "type": "Double"}
        elif isinstance(v, datetime):
            out[name] = {"value": v.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+0000", "type": "Date"}
        elif isinstance(v, date):
            out[name] = {"value": v.isoformat(), "type": "String"}
        elif isinstance(v, dict | list):
            out[name] = {"value": json.dumps(v, default=str, ensure_ascii=False), "type": "String"}
        elif v is None:
            out[name] = {"value": None, "type": "Null"}
        else:
            out[name] = {"value": str(v), "type": "String"}
    for name, typed in out.items():
        if typed["type"] == "String" and len(typed["value"]) > MAX_STRING:
            raise ValueError(
                f"variable {name!r} is {len(typed['value'])} characters; the engine stores at "
                f"most {MAX_STRING} in a String: shorten it or keep it in the document store"
            )
    return out


def from_variables(variables: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The engine's typed variables to plain Python values."""
    return {name: v.get("value") for name, v in variables.items()}


class EngineClient:
    """REST calls autoclerk makes to the engine. Every error names what was asked."""

    def __init__(
        self,
        base_url: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
        settings: Settings | None = None,
    ) -> None:
        s = settings or get_settings()
        self.base_url = (base_url or s.engine_rest_url).rstrip("/")
        auth = (user or s.engine_admin_user, password or s.engine_admin_password.get_secret_value())
        self._http = httpx.Client(base_url=self.base_url, auth=auth, timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> EngineClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- plumbing ---
    def request(self, method: str, path: str, **kw: Any) -> Any:
        try:
            r = self._http.request(method, path, **kw)
        except httpx.TransportError as e:
            raise EngineDown(
                f"engine at {self.base_url} does not answer ({e.__class__.__name__}: {e}); "
                "is it running? try `autoclerk engine start`"
            ) from e
        if r.status_code >= 400:
            try:
                body = r.json()
                reason = body.get("message") or body
            except ValueError:
                body, reason = r.text, r.text[:500]
            raise EngineError(f"{method} {path}: {r.status_code} {reason}", r.status_code, body)
        if r.status_code == 204 or not r.content:
            return None
        return r.json()

    def get(self, path: str, **params: Any) -> Any:
        return self.request("GET", path, params={k: v for k, v in params.items() if v is not None})

    def post(self, path: str, body: Any = None) -> Any:
        return self.request("POST", path, json=body if body is not None else {})

    # --- engine ---
    def version(self) -> str:
        return str(self.get("/version")["version"])

    def is_up(self) -> bool:
        try:
            self.version()
            return True
        except EngineError:
            return False

    # --- deployments ---
    def deploy(
        self, files: Iterable[Path], name: str = DEPLOYMENT_NAME, source: str = DEPLOYMENT_NAME
    ) -> dict[str, Any]:
        """Deploy files as one deployment; unchanged resources are not deployed again."""
        paths = list(files)
        data = {
            "deployment-name": name,
            "enable-duplicate-filtering": "true",
            "deploy-changed-only": "true",
            "deployment-source": source,
        }
        multipart = [(p.name, (p.name, p.read_bytes(), "application/xml")) for p in paths]
        result: dict[str, Any] = self.request(
            "POST", "/deployment/create", data=data, files=multipart
        )
        return result

    def process_definitions(self, latest: bool = True) -> list[dict[str, Any]]:
        return list(self.get("/process-definition", latestVersion=str(latest).lower()) or [])

    def decision_definitions(self, latest: bool = True) -> list[dict[str, Any]]:
        return list(self.get("/decision-definition", latestVersion=str(latest).lower()) or [])

    # --- process instances ---
    def start_process(
        self, key: str, business_key: str | None = None, variables: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"variables": to_variables(variables or {})}
        if business_key:
            body["businessKey"] = business_key
        result: dict[str, Any] = self.post(f"/process-definition/key/{key}/start", body)
        return result

    def process_instances(self, **filters: Any) -> list[dict[str, Any]]:
        return list(self.get("/process-instance", **filters) or [])

    def incidents(self, **filters: Any) -> list[dict[str, Any]]:
        return list(self.get("/incident", **filters) or [])

    def history_instance(self, instance_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self.get(f"/history/process-instance/{instance_id}")
        return result

    def history_variables(self, instance_id: str) -> dict[str, Any]:
        rows = self.get("/history/variable-instance", processInstanceId=instance_id) or []
        return {r["name"]: r.get("value") for r in rows}

    # --- external tasks ---
    def fetch_and_lock(
        self,
        worker_id: str,
        topics: Iterable[str],
        max_tasks: int = 10,
        lock_ms: int = 30_000,
        wait_ms: int | None = None,
    ) -> list[dict[str, Any]]:
        body: dict[str, Any] = {
            "workerId": worker_id,
            "maxTasks": max_tasks,
            "topics": [{"topicName": t, "lockDuration": lock_ms} for t in topics],
        }
        if wait_ms:
            body["asyncResponseTimeout"] = wait_ms
        return list(self.post("/external-task/fetchAndLock", body) or [])

    def complete(
        self, task_id: str, worker_id: str, variables: Mapping[str, Any] | None = None
    ) -> None:
        body = {"workerId": worker_id, "variables": to_variables(variables or {})}
        self.post(f"/external-task/{task_id}/complete", body)

    # --- user tasks ---
    def tasks(self, **filters: Any) -> list[dict[str, Any]]:
        return list(self.get("/task", **filters) or [])
