from tests.fixtures_erp import tryton  # noqa: F401  (the session's real Tryton)
