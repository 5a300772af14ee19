"""Handlers by topic name. A handler is a small function `(task, ctx) -> variables | None`."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from camunda.external_task.external_task import ExternalTask

from autoclerk.config import Settings
from autoclerk.engine import EngineClient

# The modules whose import registers the autoclerk topics.
HANDLER_MODULES = (
    "workers.notify_approver",
    "workers.remind_approver",
    "workers.escalate",
    "workers.enter_bill",
    "workers.notify_result",
)


@dataclass
class Context:
    """What a handler may use besides its task: the settings and a REST client."""

    settings: Settings
    engine: EngineClient


Result = Mapping[str, Any] | None
Handler = Callable[[ExternalTask, Context], Result]

_handlers: dict[str, Handler] = {}
_limits: dict[str, Callable[[Settings], int]] = {}


def handler(
    topic: str, limit: Callable[[Settings], int] | None = None
) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of `topic`; `limit` (from the settings)
    caps how many of its tasks a runner holds at once, when the handler's own capacity is
    smaller than the runner's (tasks beyond it would only hold threads while they wait)."""

    def register(fn: Handler) -> Handler:
        _handlers[topic] = fn
        if limit is not None:
            _limits[topic] = limit
        return fn

    return register


def topic_limits(settings: Settings, topics: Iterable[str]) -> dict[str, int]:
    """The limits of the registered handlers of `topics` that have one."""
    return {t: _limits[t](settings) for t in topics if t in _limits}


def handlers(topics: list[str] | None = None) -> dict[str, Handler]:
    """The registered handlers (all autoclerk topics loaded), or those of `topics`."""
    for name in HANDLER_MODULES:
        importlib.import_module(name)
    if not topics:
        return dict(_handlers)
    unknown = sorted(set(topics) - set(_handlers))
    if unknown:
        raise KeyError(
            f"no handler for topic(s) {', '.join(unknown)}; known: {', '.join(sorted(_handlers))}"
        )
    return {t: _handlers[t] for t in topics}
