"""The two kinds of failure a handler can have, as the runner tells the engine about them."""

from __future__ import annotations

BUSINESS_ERROR = "BUSINESS_ERROR"


class BusinessError(Exception):
    """The work cannot be done as asked (a bad invoice, a duplicate bill): retrying will not
    help. The runner raises the BPMN error `code` for the process to route on, with the message
    in the variable `errorMessage`.

    Code outside workers/ (bots) need not import this: an exception with a string attribute
    `bpmn_error_code`, or with `retry = False` (the entry bot's `BusinessError`), is treated
    the same way."""

    bpmn_error_code = BUSINESS_ERROR

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.bpmn_error_code = code


def business_code(exc: BaseException) -> str | None:
    """The BPMN error code of a business error, None for an application error."""
    code = getattr(exc, "bpmn_error_code", None)
    if isinstance(code, str) and code:
        return code
    return BUSINESS_ERROR if getattr(exc, "retry", None) is False else None
