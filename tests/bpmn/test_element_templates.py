"""Every topic the workers handle has a Modeler element template, and every topic our BPMN
files use has a handler."""

from __future__ import annotations

import json
import re
from pathlib import Path

from autoclerk.config import PROJECT_ROOT
from workers import handlers

TEMPLATES = PROJECT_ROOT / "bpmn" / "element-templates"
SCHEMA = "https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json"


def _templates() -> dict[str, dict]:
    out = {}
    for path in TEMPLATES.glob("*.json"):
        t = json.loads(path.read_text())
        topic = next(
            p["value"] for p in t["properties"] if p["binding"].get("name") == "camunda:topic"
        )
        out[topic] = t
    return out


def test_a_template_per_topic() -> None:
    templates = _templates()
    assert set(templates) == set(handlers())
    for topic, t in templates.items():
        assert t["$schema"] == SCHEMA and t["appliesTo"] == ["bpmn:ServiceTask"]
        bindings = {p["binding"].get("name"): p.get("value") for p in t["properties"]}
        assert bindings["camunda:type"] == "external" and bindings["camunda:topic"] == topic


def test_every_bpmn_topic_has_a_handler() -> None:
    used: set[str] = set()
    for path in Path(PROJECT_ROOT / "bpmn").glob("*.bpmn"):
        used |= set(re.findall(r'camunda:topic="([^"]+)"', path.read_text()))
    assert {"notify-approver", "escalate", "enter-bill"} <= used
    mine = {t for t in used if t in _templates()}
    assert mine <= set(handlers())
