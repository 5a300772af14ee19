"""The library's external-task client on one keep-alive HTTP session, plus extendLock and unlock.

camunda-external-task-client-python3 builds the requests (URLs, topic bodies, variable format)
but sends each one with a fresh `requests.post`: a new TCP connection per call, which caps a
worker at a few dozen calls a second. Here the same calls go through one shared `httpx.Client`
(thread-safe, pooled connections), and the two calls the library lacks are added."""

from __future__ import annotations

from typing import Any

import httpx
from camunda.client.external_task_client import ExternalTaskClient
from camunda.variables.variables import Variables

from autoclerk.config import Settings


class TaskCallError(RuntimeError):
    """The engine refused a call about one external task (e.g. its lock was lost)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class SessionTaskClient(ExternalTaskClient):  # type: ignore[misc]
    """`ExternalTaskClient` whose calls share one pooled HTTP session."""

    def __init__(self, worker_id: str, settings: Settings, config: dict[str, Any]) -> None:
        super().__init__(worker_id, settings.engine_rest_url, config)
        auth = (settings.engine_admin_user, settings.engine_admin_password.get_secret_value())
        pool = int(config.get("connections", 16)) + 2
        self.http = httpx.Client(
            auth=auth,
            timeout=self.http_timeout_seconds,
            limits=httpx.Limits(max_connections=pool, max_keepalive_connections=pool),
        )

    def close(self) -> None:
        self.http.close()

    def _post(self, url: str, body: dict[str, Any], timeout: float | None = None) -> Any:
        r = self.http.post(url, json=body, timeout=timeout or self.http_timeout_seconds)
        if r.status_code >= 400:
            try:
                reason = r.json().get("message") or r.text
            except ValueError:
                reason = r.text
            what = url.removeprefix(self.external_task_base_url)
            raise TaskCallError(
                f"POST external-task{what}: {r.status_code} {reason}", r.status_code
            )
        return r.json() if r.content else None

    def fetch_and_lock(
        self, topic_names: Any, process_variables: Any = None, variables: Any = None
    ) -> list[dict[str, Any]]:
        body = {
            "workerId": str(self.worker_id),
            "maxTasks": self.config["maxTasks"],
            "topics": self._get_topics(topic_names, process_variables, variables),
            "asyncResponseTimeout": self.config["asyncResponseTimeout"],
            "usePriority": self.config["usePriority"],
        }
        wait = (self.config["asyncResponseTimeout"] + self.config["timeoutDeltaMillis"]) / 1000
        return list(self._post(self.get_fetch_and_lock_url(), body, timeout=wait) or [])

    def complete(self, task_id: str, global_variables: Any, local_variables: Any = None) -> bool:
        body = {
            "workerId": self.worker_id,
            "variables": Variables.format(global_variables),
            "localVariables": Variables.format(local_variables),
        }
        self._post(self.get_task_complete_url(task_id), body)
        return True

    def failure(
        self, task_id: str, error_message: str, error_details: Any, retries: int, retry_timeout: int
    ) -> bool:
        body: dict[str, Any] = {
            "workerId": self.worker_id,
            "errorMessage": error_message,
            "retries": retries,
            "retryTimeout": retry_timeout,
        }
        if error_details:
            body["errorDetails"] = error_details
        self._post(self.get_task_failure_url(task_id), body)
        return True

    def bpmn_failure(
        self, task_id: str, error_code: str, error_message: str, variables: Any = None
    ) -> bool:
        body = {
            "workerId": self.worker_id,
            "errorCode": error_code,
            "errorMessage": error_message,
            "variables": Variables.format(variables),
        }
        self._post(self.get_task_bpmn_error_url(task_id), body)
        return True

    def extend_lock(self, task_id: str, new_duration_ms: int) -> None:
        """Keep the task ours for `new_duration_ms` from now."""
        body = {"workerId": self.worker_id, "newDuration": new_duration_ms}
        self._post(f"{self.external_task_base_url}/{task_id}/extendLock", body)

    def unlock(self, task_id: str) -> None:
        """Give the task back: any worker may fetch it at once."""
        self._post(f"{self.external_task_base_url}/{task_id}/unlock", {})
