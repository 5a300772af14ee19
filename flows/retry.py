"""Which failures a task retries: only the ones a retry can cure (a part that was down, a
timeout), never a business error that would fail the same way again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def retry_on(*kinds: type[BaseException]) -> Callable[[Any, Any, Any], bool]:
    """A Prefect `retry_condition_fn` that retries only when the task raised one of `kinds`."""

    def condition(_task: Any, _run: Any, state: Any) -> bool:
        try:
            state.result()
        except kinds:
            return True
        except Exception:
            return False
        return False

    return condition
