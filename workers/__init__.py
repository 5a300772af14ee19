"""External-task workers: one small handler per topic (registered by name) and the runner."""

from workers.errors import BusinessError
from workers.registry import Context, handler, handlers

__all__ = ["BusinessError", "Context", "handler", "handlers"]
