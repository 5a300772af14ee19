"""What a person sees of a user task, built from the task's BPMN extension properties and its
variables (conventions: /docs/designing-processes.md; `title`, `show:<var>`, `amountVariable`,
`currencyVariable`, `dueDateVariable`, `submitterVariable`, `documentVariable`,
`langVariable`). Variables `lines` and `warnings` (JSON text) are shown when present."""

from __future__ import annotations

import json
import re
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from autoclerk.engine import EngineClient

CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_PLACEHOLDER = re.compile(r"\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")

_cache: dict[str, tuple[str, dict[str, list[tuple[str, str]]]]] = {}
_cache_lock = threading.Lock()


@dataclass
class TaskView:
    """The facts of one user task, ready for a page or a message."""

    task_id: str
    process_instance_id: str
    title: str
    fields: list[tuple[str, str]]
    amount: Decimal | None
    approver: str | None
    submitter: str | None
    currency: str | None = None
    due_date: date | None = None
    document_id: str | None = None
    lang: str = "en"
    lines: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    process_name: str = ""
    task_name: str = ""
    variables: dict[str, Any] = field(default_factory=dict)


def _definition(client: EngineClient, definition_id: str) -> tuple[str, dict[str, Any]]:
    """(process name, {user task id: [(property name, value), ...]}) of a definition, cached:
    a deployed definition id never changes its XML."""
    with _cache_lock:
        if definition_id in _cache:
            return _cache[definition_id]
    xml = client.get(f"/process-definition/{definition_id}/xml")["bpmn20Xml"]
    root = ET.fromstring(xml.encode())
    tasks: dict[str, list[tuple[str, str]]] = {}
    name = ""
    for process in root.iter(f"{{{BPMN_NS}}}process"):
        name = name or process.get("name") or process.get("id") or ""
    for task in root.iter(f"{{{BPMN_NS}}}userTask"):
        props = [
            (p.get("name") or "", p.get("value") or "")
            for p in task.iter(f"{{{CAMUNDA_NS}}}property")
        ]
        tasks[task.get("id") or ""] = props
    entry = (name, tasks)
    with _cache_lock:
        _cache[definition_id] = entry
    return entry


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{Decimal(str(value)):,.2f}"
    return str(value)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _json_list(value: Any) -> list[Any]:
    if not value:
        return []
    if isinstance(value, list):
        return value
    try:
        data = json.loads(str(value))
    except ValueError:
        return [str(value)]
    return data if isinstance(data, list) else [data]


def _variables(client: EngineClient, task_id: str) -> dict[str, Any]:
    # While a parallel branch ends, the engine moves the task to another execution; a read
    # that falls between the two sees no variables at all. Read again; a task really without
    # variables costs three short waits.
    raw: dict[str, Any] = {}
    for attempt in range(4):
        raw = client.get(f"/task/{task_id}/variables", deserializeValues="false") or {}
        if raw:
            break
        time.sleep(0.05 * (attempt + 1))
    return raw


def task_view(client: EngineClient, task: dict[str, Any]) -> TaskView:
    """Build the view of `task` (a row of `GET /task`) from its definition and variables."""
    process_name, tasks = _definition(client, task["processDefinitionId"])
    props = tasks.get(task.get("taskDefinitionKey") or "", [])
    raw = _variables(client, task["id"])
    variables = {name: v.get("value") for name, v in raw.items()}
    p = dict(props)

    def var(prop: str, default: str | None = None) -> Any:
        name = p.get(prop, default)
        return variables.get(name) if name else None

    if "title" in p:
        title = _PLACEHOLDER.sub(
            lambda m: "" if variables.get(m[1]) is None else str(variables[m[1]]), p["title"]
        )
    else:
        title = task.get("name") or process_name
    fields = [
        (label, _text(variables[prop[5:]]))
        for prop, label in props
        if prop.startswith("show:") and variables.get(prop[5:]) is not None
    ]
    warnings = [
        str(w.get("message") or w) if isinstance(w, dict) else str(w)
        for w in _json_list(variables.get("warnings"))
    ]
    lines = [x for x in _json_list(variables.get("lines")) if isinstance(x, dict)]
    lang = str(var("langVariable", "lang") or "en")
    return TaskView(
        task_id=task["id"],
        process_instance_id=task["processInstanceId"],
        title=title.strip(),
        fields=fields,
        amount=_decimal(var("amountVariable")),
        approver=task.get("assignee"),
        submitter=var("submitterVariable", "submitter"),
        currency=var("currencyVariable"),
        due_date=_date(var("dueDateVariable")),
        document_id=var("documentVariable"),
        lang=lang if lang in ("en", "zh") else "en",
        lines=lines,
        warnings=warnings,
        process_name=process_name,
        task_name=task.get("name") or "",
        variables=variables,
    )


def message_context(view: TaskView, **extra: Any) -> dict[str, Any]:
    """The `context` for `notifications.notify` about this task (keys per the conventions)."""
    return {
        "title": view.title,
        "fields": view.fields,
        "amount": view.amount,
        "currency": view.currency,
        "approver": view.approver,
        "submitter": view.submitter,
        "task_id": view.task_id,
        "process_instance_id": view.process_instance_id,
        "document_id": view.document_id,
        "process_name": view.process_name,
        **extra,
    }
