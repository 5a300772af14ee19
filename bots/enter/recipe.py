"""The recipe: how to type a bill into one ERP's web UI, as data (YAML) checked by pydantic.

A recipe has sections (login, search, create, line, save, readback, close) of small named
steps. Values are Jinja templates over the invoice (see docs/recipes.md). Errors name the
section, the step and the field, e.g. `create[2] 'party': select: field required`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

SECTIONS = ("login", "search", "create", "line", "save", "readback", "close")


class Loc(BaseModel):
    """A Playwright locator: role/label first, CSS when needed; `within` scopes it."""

    model_config = ConfigDict(extra="forbid")

    role: str | None = None
    name: str | None = Field(default=None, description="accessible name, with `role`")
    label: str | None = None
    title: str | None = None
    placeholder: str | None = None
    text: str | None = None
    css: str | None = None
    exact: bool = True
    has_text: str | None = None
    nth: int | None = None
    visible: bool = Field(default=True, description="only elements a person could see")
    within: Loc | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Loc:
        kinds = [
            k for k in ("role", "label", "title", "placeholder", "text", "css") if getattr(self, k)
        ]
        if len(kinds) != 1:
            raise ValueError(
                "a locator needs exactly one of role/label/title/placeholder/text/css, "
                f"got {kinds or 'none'}"
            )
        return self

    def describe(self) -> str:
        for k in ("role", "label", "title", "placeholder", "text", "css"):
            if v := getattr(self, k):
                s = f"{k}={v!r}" + (f" name={self.name!r}" if self.name else "")
                if self.has_text:
                    s += f" has_text={self.has_text!r}"
                return s + (f" within {self.within.describe()}" if self.within else "")
        return "?"


LocSpec = Annotated[Loc, Field(description="where on the page")]


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="shown in errors and traces")
    when: str | None = Field(default=None, description="template; the step runs if it is truthy")
    timeout: float | None = Field(default=None, description="seconds; default from settings")
    business_error: str | None = Field(
        default=None,
        description="template: if this step fails, it is this business error (not retried)",
    )
    response: str | None = Field(
        default=None,
        description="the step waits for the server's answer to a request whose body contains this",
    )


class Goto(_Step):
    goto: str = Field(
        description="URL template; '#...' only changes the fragment (keeps the session)"
    )


class Fill(_Step):
    fill: LocSpec
    value: str


class Select(_Step):
    """Type into an autocomplete field, then click the suggestion that matches."""

    select: LocSpec
    value: str
    option: LocSpec = Field(description="the suggestion to click; its has_text is a template")
    keeps_value: bool = Field(
        default=True, description="false for list widgets that empty the input once they add"
    )


class Click(_Step):
    click: LocSpec


class Press(_Step):
    press: LocSpec
    key: str


class WaitIdle(_Step):
    wait_idle: Literal[True]


class Wait(_Step):
    wait: LocSpec
    state: Literal["visible", "hidden", "attached", "detached"] = "visible"


class WaitJs(_Step):
    wait_js: str = Field(description="a JS expression; the step waits until it is true")


class Expect(_Step):
    expect: LocSpec
    count: int | None = Field(default=None, description="exact number of matches")
    value: str | None = Field(default=None, description="template; the input's value must equal it")


class Read(_Step):
    read: LocSpec | None = None
    js: str | None = Field(default=None, description="a JS expression instead of a locator")
    into: str = Field(description="variable name; `found`/`erp_reference` have meaning")
    what: Literal["value", "text", "count"] = "text"

    @model_validator(mode="after")
    def _source(self) -> Read:
        if (self.read is None) == (self.js is None):
            raise ValueError("read needs exactly one of `read` (a locator) or `js`")
        return self


Step = Goto | Fill | Select | Click | Press | WaitIdle | Wait | WaitJs | Expect | Read

STEP_KINDS = {
    "goto": Goto,
    "fill": Fill,
    "select": Select,
    "click": Click,
    "press": Press,
    "wait_idle": WaitIdle,
    "wait": Wait,
    "wait_js": WaitJs,
    "expect": Expect,
    "read": Read,
}


class Recipe(BaseModel):
    """One ERP's way of entering a supplier bill."""

    model_config = ConfigDict(extra="forbid")

    name: str
    idle_js: str = Field(
        default="true", description="JS expression true while the ERP's client is idle"
    )
    idle_settle_ms: int = Field(default=50, description="idle must hold this long")
    init_script: str | None = Field(
        default=None,
        description="JS run in every page before the ERP's own (e.g. turn off animations)",
    )
    date_format: str = "%Y-%m-%d"
    decimal_separator: str = "."
    vars: dict[str, Any] = Field(default_factory=dict, description="constants for templates")
    tax_map: dict[str, str] = Field(
        default_factory=dict, description="tax rate in percent ('19') -> the ERP's tax name"
    )
    currencies: list[str] | None = Field(
        default=None, description="currencies the ERP knows; others are a business error"
    )
    business_error_dialog: Loc | None = Field(
        default=None, description="where the ERP shows a refusal (its text becomes the error)"
    )
    application_error_dialog: Loc | None = None
    login: list[Step]
    search: list[Step]
    create: list[Step]
    line: list[Step]
    save: list[Step]
    readback: list[Step]
    close: list[Step] = Field(default_factory=list)
    source: str = Field(default="", exclude=True, description="file it came from")

    def sections(self) -> dict[str, list[Step]]:
        return {name: getattr(self, name) for name in SECTIONS}


class RecipeError(ValueError):
    """The recipe file is not valid; the message names section, step and field."""


def _parse_step(raw: Any, where: str) -> Step:
    if not isinstance(raw, dict):
        raise RecipeError(f"{where}: a step is a mapping with `name` and one action, got {raw!r}")
    kinds = [k for k in STEP_KINDS if k in raw]
    if "js" in raw and "into" in raw and not kinds:
        kinds = ["read"]  # a read from a JS expression instead of a locator
    if len(kinds) != 1:
        raise RecipeError(
            f"{where} {raw.get('name', '?')!r}: needs exactly one action of "
            f"{sorted(STEP_KINDS)}, got {kinds or 'none'}"
        )
    cls = STEP_KINDS[kinds[0]]
    try:
        return cls.model_validate(raw)  # type: ignore[return-value]
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or kinds[0]}: {err['msg']}"
            for err in e.errors()
        )
        raise RecipeError(f"{where} {raw.get('name', '?')!r}: {kinds[0]}: {problems}") from None


def parse_recipe(data: dict[str, Any], source: str = "<recipe>") -> Recipe:
    """Validate a recipe given as a mapping; errors name the section, step and field."""
    if not isinstance(data, dict):
        raise RecipeError(f"{source}: a recipe is a mapping of settings and sections")
    data = dict(data)
    for section in SECTIONS:
        steps = data.get(section)
        if steps is None:
            continue
        if not isinstance(steps, list):
            raise RecipeError(f"{source}: section {section!r} must be a list of steps")
        data[section] = [
            _parse_step(raw, f"{source}: {section}[{i}]") for i, raw in enumerate(steps)
        ]
    try:
        recipe = Recipe.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in e.errors()
        )
        raise RecipeError(f"{source}: {problems}") from None
    recipe.source = source
    return recipe


def load_recipe(path: Path | str) -> Recipe:
    """Read and validate a YAML recipe file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RecipeError(f"recipe {path} not found") from None
    except yaml.YAMLError as e:
        raise RecipeError(f"recipe {path} is not valid YAML: {e}") from None
    return parse_recipe(data, str(path))
