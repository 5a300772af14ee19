"""The bill-entry bot: one browser, logged-in contexts reused across bills, a recipe per ERP.

`BillEntry` is the synchronous face (context manager) others call; the work runs on
Playwright's async API in a private event-loop thread, so several contexts can type bills
in parallel on one browser (`enter_many`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import threading
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import psutil
from playwright.async_api import (
    Browser,
    BrowserContext,
    ElementHandle,
    Locator,
    Page,
    async_playwright,
)
from playwright.async_api import Error as PlaywrightError

from autoclerk.browser import launch_options
from autoclerk.config import Settings, get_settings
from autoclerk.invoice import Invoice
from autoclerk.store import Store, get_store
from autoclerk.store.entry_journal import EntryState, get_entry, mark
from bots.enter.errors import ApplicationError, BusinessError, EntryError
from bots.enter.recipe import (
    Click,
    Expect,
    Fill,
    Goto,
    Loc,
    Press,
    Read,
    Recipe,
    Select,
    Step,
    Wait,
    WaitIdle,
    WaitJs,
    load_recipe,
)
from bots.enter.templates import TemplateError, make_env, render

log = logging.getLogger(__name__)
T = TypeVar("T")

# Called after every step with (document_id, section, step name): tests use it to kill the
# browser between Save and read-back. Not a mock: the real browser really dies.
StepHook = Callable[[str, str, str], None]


@dataclass
class EntryResult:
    """What the ERP has now: its reference for the bill, and whether it was there before."""

    erp_reference: str
    already_present: bool
    artifacts: list[Path] = field(default_factory=list)
    seconds: float = 0.0


class _StepFailed(Exception):
    def __init__(self, section: str, step: Step, cause: BaseException | str) -> None:
        self.section, self.step, self.cause = section, step, cause
        super().__init__(str(cause))


# Idle = the client's own "busy" expression is false AND the page's event loop answered
# every 10 ms tick on time for `settle` ms: a client building a big form between two server
# calls blocks the loop, which a bare "no request in flight" check would take for idle.
_IDLE_FN = """(expr, settle, timeout) => new Promise((resolve) => {
  const t0 = performance.now(); let since = null; let last = t0;
  const tick = () => {
    let idle = false;
    try { idle = !!(0, eval)(expr); } catch (e) { idle = false; }
    const now = performance.now();
    if (!idle || now - last > 30) since = null;
    else if (since === null) since = now;
    last = now;
    if (since !== null && now - since >= settle) return resolve(true);
    if (now - t0 > timeout) return resolve(false);
    setTimeout(tick, 10);
  };
  tick();
})"""
IDLE_JS = "([expr, settle, timeout]) => (" + _IDLE_FN + ")(expr, settle, timeout)"
# One round trip after typing into an input: tell the client it changed (as leaving the field
# would), wait for idle, and say whether the input still holds a value.
CHANGED_JS = (
    "(el, [change, expr, settle, timeout]) => {\n"
    "  if (change) el.dispatchEvent("
    "new Event('change', {bubbles: true, cancelable: true, composed: true}));\n"
    "  return (" + _IDLE_FN + ")(expr, settle, timeout).then((ok) => [ok, el.value]);\n"
    "}"
)


class _Worker:
    """One browser context and its page, logged in once, typing bills one after another."""

    def __init__(self, bot: BillEntry, index: int) -> None:
        self.bot, self.index = bot, index
        self.browser: Browser | None = None  # the browser its context lives in
        self.context: BrowserContext | None = None
        self.page: Page | None = None
        self.logged_in = False
        self.logged_in_at = 0.0  # monotonic

    async def open(self) -> None:
        self.browser = await self.bot._live_browser()
        self.context = await self.browser.new_context(
            viewport={"width": 1400, "height": 900}, locale="en-US"
        )
        self.context.set_default_timeout(self.bot.settings.erp_step_timeout * 1000)
        if self.bot.recipe.init_script:
            await self.context.add_init_script(self.bot.recipe.init_script)
        # No DOM snapshots, no screencast: both cost CPU on every action of every bill that
        # succeeds (snapshots of sao's big DOM doubled a bill's time). A failure's trace still
        # has every action with its timing, the console and the network; the failure's
        # screenshot and HTML show the page.
        await self.context.tracing.start(screenshots=False, snapshots=False)
        self.page = await self.context.new_page()
        self.logged_in = False

    async def reset(self) -> None:
        """After a failure: a fresh context (new login) rather than a page in an unknown state."""
        if self.context is not None:
            with contextlib.suppress(PlaywrightError):
                await self.context.close()
        self.context, self.page, self.logged_in = None, None, False

    # --- running steps ---

    def loc(self, spec: Loc, ctx: dict[str, Any]) -> Locator:
        assert self.page is not None
        base: Any = self.loc(spec.within, ctx) if spec.within else self.page
        r = self.bot.render
        if spec.role:
            name = r(spec.name, ctx) if spec.name else None
            found = base.get_by_role(spec.role, name=name, exact=spec.exact)
        elif spec.label:
            found = base.get_by_label(r(spec.label, ctx), exact=spec.exact)
        elif spec.title:
            found = base.get_by_title(r(spec.title, ctx), exact=spec.exact)
        elif spec.placeholder:
            found = base.get_by_placeholder(r(spec.placeholder, ctx), exact=spec.exact)
        elif spec.text:
            found = base.get_by_text(r(spec.text, ctx), exact=spec.exact)
        else:
            found = base.locator(r(spec.css or "", ctx))
        if spec.has_text:
            # the whole text, or its beginning when the pattern ends with "*"
            text = r(spec.has_text, ctx)
            tail = "" if text.endswith("*") else r"\s*$"
            pattern = rf"^\s*{re.escape(text.removesuffix('*'))}{tail}"
            found = found.filter(has_text=re.compile(pattern))
        if spec.visible:
            found = found.filter(visible=True)
        if spec.nth is not None:
            found = found.nth(spec.nth)
        return found

    async def changed(self, handle: ElementHandle, change: bool, timeout_s: float) -> str:
        """Fire `change` on a typed-into input (optionally), wait for idle, return its value."""
        recipe = self.bot.recipe
        ok, value = await handle.evaluate(
            CHANGED_JS, [change, recipe.idle_js, recipe.idle_settle_ms, timeout_s * 1000]
        )
        if not ok:
            raise TimeoutError(f"the ERP client stayed busy for {timeout_s:.0f}s")
        return str(value or "")

    async def idle(self, timeout_s: float) -> None:
        assert self.page is not None
        recipe = self.bot.recipe
        ok = await self.page.evaluate(
            IDLE_JS, [recipe.idle_js, recipe.idle_settle_ms, timeout_s * 1000]
        )
        if not ok:
            raise TimeoutError(f"the ERP client stayed busy for {timeout_s:.0f}s")

    async def run(self, section: str, ctx: dict[str, Any], document_id: str) -> None:
        for step in self.bot.recipe.sections()[section]:
            try:
                if step.when is not None and not _truthy(self.bot.render(step.when, ctx)):
                    continue
                t0 = time.perf_counter()
                await self.step(step, ctx)
            except (PlaywrightError, TimeoutError, TemplateError) as e:
                raise _StepFailed(section, step, e) from e
            took = time.perf_counter() - t0
            self.bot.step_seconds.setdefault((section, step.name), []).append(took)
            log.debug("%s: %s / %s took %.3fs", document_id, section, step.name, took)
            if self.bot.on_step:
                self.bot.on_step(document_id, section, step.name)

    async def step(self, step: Step, ctx: dict[str, Any]) -> None:
        assert self.page is not None
        timeout_s = step.timeout or self.bot.settings.erp_step_timeout
        if step.response is None:
            await self._act(step, ctx, timeout_s)
        else:
            marker = self.bot.render(step.response, ctx)

            def answers(response: Any) -> bool:
                return marker in (response.request.post_data or "")

            async with self.page.expect_response(answers, timeout=timeout_s * 1000):
                await self._act(step, ctx, timeout_s)
        if not isinstance(step, Fill | Select):  # typing waited for idle already
            await self.idle(timeout_s)

    async def _act(self, step: Step, ctx: dict[str, Any], timeout_s: float) -> None:
        assert self.page is not None
        ms = timeout_s * 1000
        r = self.bot.render
        if isinstance(step, Goto):
            url = r(step.goto, ctx)
            if url.startswith("#"):
                await self.page.evaluate("u => { window.location.hash = u }", url[1:])
            else:
                await self.page.goto(url, timeout=ms)
        elif isinstance(step, Fill | Select):
            await self._type(step, ctx, timeout_s)
        elif isinstance(step, Click):
            await self.loc(step.click, ctx).click(timeout=ms)
        elif isinstance(step, Press):
            await self.loc(step.press, ctx).press(step.key, timeout=ms)
        elif isinstance(step, Wait):
            await self.loc(step.wait, ctx).first.wait_for(state=step.state, timeout=ms)
        elif isinstance(step, WaitJs):
            await self.page.wait_for_function(r(step.wait_js, ctx), timeout=ms, polling=50)
        elif isinstance(step, Expect):
            await self._expect(step, ctx, timeout_s)
        elif isinstance(step, Read):
            ctx[step.into] = await self._read(step, ctx, ms)
        elif isinstance(step, WaitIdle):
            pass

    async def _type(self, step: Fill | Select, ctx: dict[str, Any], timeout_s: float) -> None:
        """Type a value; for an autocomplete, click the matching suggestion.

        A client may still re-render a form it just opened and wipe what was typed, so:
        type, wait for idle, check the field kept it, and type again until the step's time
        is up. A suggestion that never shows is the step's (business) failure."""
        value = self.bot.render(step.value, ctx)
        deadline = time.monotonic() + timeout_s
        ms = timeout_s * 1000
        problem = "no attempt"
        first = True
        while time.monotonic() < deadline:
            # one element for the whole attempt: widgets may add inputs once typed into
            handle = await self.loc(
                step.fill if isinstance(step, Fill) else step.select, ctx
            ).element_handle(timeout=ms)
            if first and not isinstance(step, Fill) and await handle.input_value():
                # A select that replaces a value the form came with (the company's currency):
                # autocompletes ask the server only once the old value is gone.
                await handle.fill("", timeout=ms)
                await handle.press("Backspace", timeout=ms)
            first = False
            await handle.fill(value, timeout=ms)
            if not isinstance(step, Fill):
                option = self.loc(step.option, ctx).first
                wait = max(0.1, min(1.2, deadline - time.monotonic()))
                try:
                    await option.wait_for(state="visible", timeout=wait * 1000)
                except PlaywrightError:
                    problem = f"no suggestion {step.option.describe()} for {value!r}"
                    log.debug("step %r: no suggestion yet, typing again", step.name)
                    continue
                await option.click(timeout=ms)
            kept = await self.changed(handle, isinstance(step, Fill), timeout_s)
            if isinstance(step, Select) and not step.keeps_value:
                return
            if not value or kept:
                return
            problem = f"the field lost the value typed into it ({value!r})"
            log.debug("step %r: the field lost its value, typing again", step.name)
        raise TimeoutError(f"{problem} within {timeout_s:.0f}s")

    async def _expect(self, step: Expect, ctx: dict[str, Any], timeout_s: float) -> None:
        target = self.loc(step.expect, ctx)
        deadline = time.monotonic() + timeout_s
        want = r_value = None
        if step.value is not None:
            want = self.bot.render(step.value, ctx)
        while True:
            if step.count is not None:
                n = await target.count()
                if n == step.count:
                    return
                problem = f"expected {step.count} of {step.expect.describe()}, found {n}"
            else:
                await target.first.wait_for(state="visible", timeout=timeout_s * 1000)
                if want is None:
                    return
                r_value = await target.first.input_value()
                if r_value == want:
                    return
                problem = f"{step.expect.describe()} shows {r_value!r}, expected {want!r}"
            if time.monotonic() > deadline:
                raise TimeoutError(problem)
            await asyncio.sleep(0.05)

    async def _read(self, step: Read, ctx: dict[str, Any], ms: float) -> Any:
        assert self.page is not None
        if step.js is not None:
            return await self.page.evaluate(self.bot.render(step.js, ctx))
        assert step.read is not None
        target = self.loc(step.read, ctx)
        if step.what == "count":
            return await target.count()
        if step.what == "value":
            return await target.first.input_value(timeout=ms)
        return (await target.first.inner_text(timeout=ms)).strip()

    # --- one bill ---

    async def ensure_ready(self) -> None:
        if self.logged_in and (
            time.monotonic() - self.logged_in_at >= self.bot.settings.erp_relogin_after
        ):
            # a session kept for hours ends some day: start a fresh one before it does
            await self.reset()
        if self.context is None or self.browser is not await self.bot._live_browser():
            await self.open()
        if not self.logged_in:
            await self.run("login", self.bot.base_context(), "-")
            self.logged_in, self.logged_in_at = True, time.monotonic()
            self.bot.logins += 1

    async def enter(self, document_id: str, invoice: Invoice) -> EntryResult:
        t0 = time.monotonic()
        bot = self.bot
        keys = {
            "erp": bot.recipe.name,
            "supplier": invoice.supplier.name,
            "invoice_number": invoice.number,
        }
        with bot.store.session() as s:
            row = get_entry(s, document_id)
            if row is not None and row.state == EntryState.entered and row.erp_reference:
                return EntryResult(row.erp_reference, True, [], time.monotonic() - t0)
            resuming = row is not None and row.state == EntryState.submitting
        ctx = bot.invoice_context(invoice)
        bot.check_business_rules(invoice, document_id)
        section = "login"
        try:
            await self.ensure_ready()
            assert self.context is not None
            await self.context.tracing.start_chunk(title=document_id)
            section = "search"
            await self.run("search", ctx, document_id)
            found = int(ctx.get("found") or 0)
            if found > 1:
                raise BusinessError(
                    f"the ERP already has {found} bills from {invoice.supplier.name!r} numbered "
                    f"{invoice.number!r}; a person must decide which one counts"
                )
            if found == 1:
                ref = str(ctx.get("erp_reference") or "").strip()
                if not ref:
                    raise _StepFailed(
                        "search", bot.recipe.search[-1], "found a bill but read no reference"
                    )
                with bot.store.session() as s:
                    mark(s, document_id, EntryState.entered, erp_reference=ref, **keys)
                await self.run("close", ctx, document_id)
                await self.context.tracing.stop_chunk()
                if resuming:
                    log.info("document %s: journal settled, the ERP has it as %s", document_id, ref)
                return EntryResult(ref, True, [], time.monotonic() - t0)
            section = "create"
            await self.run("create", ctx, document_id)
            for i, line in enumerate(invoice.lines):
                section = f"line {i + 1}"
                line_ctx = {
                    **ctx,
                    "line": line,
                    "line_no": i + 1,
                    "line_count": len(invoice.lines),
                    "tax": bot.tax_name(line.tax_rate),
                }
                await self.run("line", line_ctx, document_id)
            with bot.store.session() as s:
                mark(s, document_id, EntryState.submitting, **keys)
            section = "save"
            await self.run("save", ctx, document_id)
            section = "readback"
            await self.run("readback", ctx, document_id)
            ref = str(ctx.get("erp_reference") or "").strip()
            if not ref:
                raise _StepFailed("readback", bot.recipe.readback[-1], "read no ERP reference")
            with bot.store.session() as s:
                mark(s, document_id, EntryState.entered, erp_reference=ref, **keys)
            await self.run("close", ctx, document_id)
            await self.context.tracing.stop_chunk()
            return EntryResult(ref, False, [], time.monotonic() - t0)
        except _StepFailed as e:
            err = await self.classify(e, ctx, document_id)
        except BusinessError as e:
            err = e
            err.artifacts = await self.save_artifacts(document_id, section)
        except (PlaywrightError, TimeoutError) as e:
            err = ApplicationError(f"{section}: {_first_line(e)}", step=section)
            err.artifacts = await self.save_artifacts(document_id, section)
        if isinstance(err, BusinessError):
            with bot.store.session() as s:
                row = get_entry(s, document_id)
                if row is None or row.state != EntryState.submitting:
                    mark(s, document_id, EntryState.failed, error=err.message, **keys)
        await self.reset()
        raise err

    async def classify(self, e: _StepFailed, ctx: dict[str, Any], document_id: str) -> EntryError:
        """Turn a failed step into a business or an application error, with artifacts."""
        recipe = self.bot.recipe
        where = f"{e.section} step {e.step.name!r}"
        message = await self._dialog_text(recipe.business_error_dialog, ctx)
        if message:
            err: EntryError = BusinessError(
                f"the ERP refused the bill at {where}: {message}", step=e.step.name
            )
        elif app_message := await self._dialog_text(recipe.application_error_dialog, ctx):
            err = ApplicationError(f"the ERP failed at {where}: {app_message}", step=e.step.name)
        elif e.step.business_error and not isinstance(e.cause, TemplateError):
            text = self.bot.render(e.step.business_error, ctx)
            err = BusinessError(f"{text} ({where})", step=e.step.name)
        elif isinstance(e.cause, TemplateError):
            err = BusinessError(f"recipe {where}: {e.cause}", step=e.step.name)
        else:
            log.warning("%s failed: %s", where, e.cause)
            err = ApplicationError(f"{where} failed: {_first_line(e.cause)}", step=e.step.name)
        err.artifacts = await self.save_artifacts(document_id, f"{e.section}-{e.step.name}")
        return err

    async def _dialog_text(self, spec: Loc | None, ctx: dict[str, Any]) -> str | None:
        if spec is None or self.page is None or self.page.is_closed():
            return None
        try:
            target = self.loc(spec, ctx)
            if await target.count() == 0 or not await target.first.is_visible():
                return None
            return " ".join((await target.first.inner_text(timeout=2000)).split())
        except PlaywrightError:
            return None

    async def save_artifacts(self, document_id: str, what: str) -> list[Path]:
        """Screenshot, page HTML and Playwright trace under the document's artifact folder."""
        folder = self.bot.settings.artifacts_dir / _safe(document_id)
        folder.mkdir(parents=True, exist_ok=True)
        stem = folder / f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{_safe(what)}"
        saved: list[Path] = []
        problems: list[str] = []
        page = self.page
        if page is not None and not page.is_closed():
            try:
                path = stem.with_suffix(".png")
                await page.screenshot(path=str(path), full_page=True, timeout=5000)
                saved.append(path)
            except PlaywrightError as e:
                problems.append(f"screenshot: {_first_line(e)}")
            try:
                path = stem.with_suffix(".html")
                path.write_text(await page.content(), encoding="utf-8")
                saved.append(path)
            except PlaywrightError as e:
                problems.append(f"html: {_first_line(e)}")
        else:
            problems.append("screenshot/html: the page was gone (browser closed or crashed)")
        if self.context is not None:
            try:
                path = stem.with_suffix(".trace.zip")
                await self.context.tracing.stop_chunk(path=str(path))
                saved.append(path)
            except PlaywrightError as e:
                problems.append(f"trace: {_first_line(e)}")
        if problems:
            path = stem.with_suffix(".missing.txt")
            path.write_text("\n".join(problems) + "\n", encoding="utf-8")
            saved.append(path)
        return saved


def _truthy(text: str) -> bool:
    return text.strip().lower() not in {"", "0", "false", "none", "no"}


def _first_line(e: BaseException | str) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)[:80] or "x"


class BillEntry:
    """Types approved bills into the ERP through its web UI, never twice.

    with BillEntry(settings) as bot:
        result = bot.enter(document_id, invoice)   # EntryResult, or BusinessError/ApplicationError
    """

    def __init__(
        self,
        settings: Settings | None = None,
        recipe: Recipe | Path | str | None = None,
        *,
        contexts: int = 1,
        headless: bool = True,
        store: Store | None = None,
        on_step: StepHook | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        if recipe is None:
            recipe = self.settings.erp_recipe
        self.recipe = recipe if isinstance(recipe, Recipe) else load_recipe(recipe)
        self.contexts = max(1, contexts)
        self.headless = headless
        self.store = store or get_store(self.settings)
        self.on_step = on_step
        self.env = make_env(self.recipe)
        self._templates: dict[str, Any] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._pw: Any = None
        self._browser: Browser | None = None
        self._workers: list[_Worker] = []
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._launching = asyncio.Lock()
        # how many times a context logged in (once each, unless the browser had to restart)
        self.logins = 0
        # seconds each step took, per (section, step name): the bench prints them
        self.step_seconds: dict[tuple[str, str], list[float]] = {}

    # --- templates and rules ---

    def render(self, template: str, ctx: dict[str, Any]) -> str:
        return render(self.env, template, ctx)

    def base_context(self) -> dict[str, Any]:
        s = self.settings
        return {
            "base_url": s.erp_web_url,
            "db": s.erp_db_name,
            "user": s.erp_user,
            "password": s.erp_password.get_secret_value(),
            "vars": self.recipe.vars,
        }

    def invoice_context(self, invoice: Invoice) -> dict[str, Any]:
        return {**self.base_context(), "invoice": invoice}

    def tax_name(self, rate: Decimal) -> str:
        key = format(Decimal(rate).normalize(), "f")
        name = self.recipe.tax_map.get(key)
        if name is None:
            raise BusinessError(
                f"no ERP tax for rate {key} %: add it to tax_map in recipe {self.recipe.source}"
            )
        return name

    def check_business_rules(self, invoice: Invoice, document_id: str) -> None:
        """Refuse before typing what the ERP cannot take (currency, tax rates, empty bill)."""
        known = self.recipe.currencies
        if known is not None and invoice.currency not in known:
            raise BusinessError(
                f"document {document_id}: currency {invoice.currency} is not set up in the ERP "
                f"(known: {', '.join(known)}); add it there and to the recipe's currencies"
            )
        if not invoice.lines:
            raise BusinessError(f"document {document_id}: the invoice has no lines to enter")
        for line in invoice.lines:
            self.tax_name(line.tax_rate)

    # --- life cycle ---

    def __enter__(self) -> BillEntry:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        assert self._loop is not None, "use BillEntry as a context manager (or call start())"
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    def start(self) -> None:
        """Launch the browser (once); contexts log in lazily on their first bill."""
        if self._loop is not None:
            return
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="bill-entry", daemon=True
        )
        self._thread.start()
        self._call(self._start())

    async def _start(self) -> None:
        self._idle, self._launching = asyncio.Queue(), asyncio.Lock()  # this loop's
        self._pw = await async_playwright().start()
        await self._live_browser()
        self._workers = [_Worker(self, i) for i in range(self.contexts)]
        for w in self._workers:
            self._idle.put_nowait(w)

    async def _live_browser(self) -> Browser:
        """The browser, launched again if it died (crash, out of memory, killed): a bot that
        lives as long as its worker process must outlive its browser. Contexts of the dead
        one open and log in again on their next bill."""
        async with self._launching:
            if self._browser is None or not self._browser.is_connected():
                if self._browser is not None:
                    log.warning("the browser is gone; launching a new one")
                self._browser = await self._pw.chromium.launch(
                    **launch_options(self.settings, self.headless)
                )
            return self._browser

    def close(self) -> None:
        """Close the browser and stop the event-loop thread."""
        if self._loop is None:
            return
        try:
            self._call(self._close())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            if self._thread:
                self._thread.join(timeout=10)
            self._loop.close()
            self._loop = None

    async def _close(self) -> None:
        try:
            if self._browser is not None:
                await self._browser.close()
        except PlaywrightError:
            pass
        if self._pw is not None:
            await self._pw.stop()

    def login(self) -> None:
        """Log every context in now (else the first bill of each context pays for it)."""
        self._call(self._login_all())

    async def _login_all(self) -> None:
        await asyncio.gather(*(w.ensure_ready() for w in self._workers))

    # --- entering bills ---

    def enter(self, document_id: str, invoice: Invoice) -> EntryResult:
        """Enter one bill (or find it already there). Raises BusinessError or ApplicationError.

        Several threads may call it at once: each bill takes a context that is free (and
        waits for one when all are busy)."""
        return self._call(self._enter_on_free_context(document_id, invoice))

    async def _enter_on_free_context(self, document_id: str, invoice: Invoice) -> EntryResult:
        worker = await self._idle.get()
        try:
            return await worker.enter(document_id, invoice)
        finally:
            self._idle.put_nowait(worker)

    def enter_many(self, bills: Sequence[tuple[str, Invoice]]) -> list[EntryResult | EntryError]:
        """Enter bills on all contexts in parallel; one result or error per bill, in order."""
        return self._call(self._enter_many(bills))

    async def _enter_many(
        self, bills: Sequence[tuple[str, Invoice]]
    ) -> list[EntryResult | EntryError]:
        async def one(document_id: str, invoice: Invoice) -> EntryResult | EntryError:
            try:
                return await self._enter_on_free_context(document_id, invoice)
            except EntryError as e:
                return e

        return list(await asyncio.gather(*(one(d, i) for d, i in bills)))

    def browser_connected(self) -> bool:
        """Whether the browser is up and Playwright still talks to it."""
        return self._browser is not None and self._browser.is_connected()

    def browser_pid(self) -> int | None:
        """The browser's process id (tests kill it to prove a crash loses nothing)."""
        return _browser_pid()


def _browser_pid() -> int | None:
    # Playwright starts its driver as our child and the browser as the driver's child.
    for proc in psutil.Process().children(recursive=True):
        try:
            cmd = proc.cmdline()
        except psutil.Error:
            continue
        if cmd and "chrom" in Path(cmd[0]).name and not any(a.startswith("--type=") for a in cmd):
            return int(proc.pid)
    return None
