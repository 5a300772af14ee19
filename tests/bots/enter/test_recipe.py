"""The recipe schema: the shipped recipe loads; mistakes are named by section, step, field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from autoclerk.config import Settings
from bots.enter import RecipeError, load_recipe, parse_recipe
from bots.enter.recipe import Fill, Select
from bots.enter.templates import TemplateError, make_env, render

TRYTON = Settings().erp_recipe


def minimal(**overrides: object) -> dict[str, object]:
    step = {"name": "go", "goto": "{{ base_url }}"}
    data: dict[str, object] = {
        "name": "x",
        **{s: [step] for s in ("login", "search", "create", "line", "save", "readback")},
    }
    data.update(overrides)
    return data


def test_shipped_tryton_recipe_is_valid() -> None:
    recipe = load_recipe(TRYTON)
    assert recipe.name == "tryton-8.0"
    from erp.seed import SUPPLIER_TAXES

    assert recipe.tax_map == SUPPLIER_TAXES  # every tax the local Tryton has, and only those
    party = next(s for s in recipe.create if s.name == "party")
    assert isinstance(party, Select) and party.business_error
    (pw,) = [s for s in recipe.login if s.name == "password"]
    assert isinstance(pw, Fill) and pw.value == "{{ password }}"  # from settings, not the file


def test_step_without_action_names_section_and_step() -> None:
    data = minimal(create=[{"name": "party", "value": "x"}])
    with pytest.raises(RecipeError, match=r"create\[0\] 'party': needs exactly one action"):
        parse_recipe(data)


def test_missing_field_names_step_and_field() -> None:
    data = minimal(line=[{"name": "qty", "fill": {"label": "Quantity:"}}])
    with pytest.raises(RecipeError, match=r"line\[0\] 'qty': fill: value: Field required"):
        parse_recipe(data)


def test_locator_needs_exactly_one_kind() -> None:
    data = minimal(save=[{"name": "save", "click": {"css": "#save", "label": "Save"}}])
    with pytest.raises(RecipeError, match=r"save\[0\] 'save'.*exactly one of"):
        parse_recipe(data)


def test_unknown_key_is_refused() -> None:
    with pytest.raises(RecipeError, match="colour"):
        parse_recipe(minimal(colour="red"))


def test_missing_section() -> None:
    data = minimal()
    del data["readback"]
    with pytest.raises(RecipeError, match="readback"):
        parse_recipe(data)


def test_bad_yaml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("login: [\n")
    with pytest.raises(RecipeError, match="not valid YAML"):
        load_recipe(bad)
    with pytest.raises(RecipeError, match="not found"):
        load_recipe(tmp_path / "nope.yaml")


def test_templates_format_dates_numbers_and_urls() -> None:
    recipe = parse_recipe(minimal(date_format="%d.%m.%Y", decimal_separator=","))
    env = make_env(recipe)
    ctx = {"d": date(2026, 3, 5), "n": Decimal("1234.50"), "v": [["a", "=", "Müller"]]}
    assert render(env, "{{ d | date }}", ctx) == "05.03.2026"
    assert render(env, "{{ n | num }}", ctx) == "1234,5"
    assert render(env, "{{ v | tojson | urlencode }}", ctx) == (
        "%5B%5B%22a%22%2C%22%3D%22%2C%22M%C3%BCller%22%5D%5D"
    )
    with pytest.raises(TemplateError, match="nope"):
        render(env, "{{ nope }}", ctx)


def test_fill_value_is_a_template() -> None:
    recipe = parse_recipe(
        minimal(create=[{"name": "n", "fill": {"label": "L"}, "value": "{{ x }}"}])
    )
    assert isinstance(recipe.create[0], Fill)
