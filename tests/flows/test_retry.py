"""Only curable failures are retried."""

from __future__ import annotations

from bots.enter import ApplicationError, BusinessError
from flows.retry import retry_on


class Done:
    def __init__(self, error: BaseException | None) -> None:
        self.error = error

    def result(self) -> str:
        if self.error:
            raise self.error
        return "ok"


def test_retries_only_the_kinds_named() -> None:
    condition = retry_on(ApplicationError)
    assert condition(None, None, Done(ApplicationError("ERP timed out")))
    assert not condition(None, None, Done(BusinessError("supplier unknown")))
    assert not condition(None, None, Done(ValueError("bug")))
    assert not condition(None, None, Done(None))
