"""The BPMN engine from Python: its REST client and the local engine's life cycle."""

from autoclerk.engine.client import EngineClient, EngineDown, EngineError, to_variables

__all__ = ["EngineClient", "EngineDown", "EngineError", "to_variables"]
