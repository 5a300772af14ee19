"""The approval web app: GET shows a task behind a one-time link, POST decides it.

GET never decides (link scanners and chat previews open links). Routes are thin: the checks
live in `approvals.decide`, tokens in `approvals.links`."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from fastapi import FastAPI, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from approvals import links
from approvals.decide import Checked, Refusal, check, decide
from approvals.preview import preview_png
from approvals.ratelimit import FailedLookups
from autoclerk.config import Settings, get_settings
from autoclerk.engine import EngineClient
from autoclerk.store.approvals import ApprovalLink
from notifications.render import format_amount

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
CSRF_COOKIE = "autoclerk_csrf"
STATUS = {
    "not_found": 404,
    "expired": 410,
    "used": 409,
    "decided": 409,
    "gone": 410,
    "wrong_approver": 403,
    "self_approval": 403,
    "amount_changed": 409,
    "csrf": 403,
    "too_many": 429,
    "engine_down": 503,
}
ICONS = {"decided": "✔", "used": "✔", "too_many": "⏳", "engine_down": "⏳"}
SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",  # the token is in the URL: never hand it on
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}


@lru_cache
def _strings() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = yaml.safe_load((HERE / "strings.yaml").read_text())
    return data


def _lang(request: Request, fallback: str) -> str:
    accept = request.headers.get("accept-language", "").lower()
    first = accept.split(",")[0].strip()
    if first.startswith("zh"):
        return "zh"
    if first.startswith("en"):
        return "en"
    return fallback if fallback in ("en", "zh") else "en"


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def create_app(settings: Settings | None = None, client: EngineClient | None = None) -> FastAPI:
    """The approval app for `settings` (default: the process settings)."""
    settings = settings or get_settings()
    engine = client or EngineClient(settings=settings, timeout=15)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    limiter = FailedLookups(settings.approvals_failed_lookups_per_minute)
    app = FastAPI(title="autoclerk approvals", docs_url=None, redoc_url=None, openapi_url=None)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def page(request: Request, name: str, lang: str, status: int = 200, **ctx: Any) -> Response:
        return templates.TemplateResponse(
            request, name, {"lang": lang, "t": _strings()[lang], **ctx}, status_code=status
        )

    def refusal_page(request: Request, refusal: Refusal, lang: str) -> Response:
        t = _strings()[lang]
        by = refusal.params.get("who")
        text = t[refusal.kind].format(
            decision=refusal.params.get("decision", ""),
            by=(f" ({by})" if by else ""),
        )
        return page(
            request,
            "message.html",
            lang,
            STATUS[refusal.kind],
            kind=refusal.kind,
            heading=t[f"{refusal.kind}_title"],
            text=text,
            icon=ICONS.get(refusal.kind, "✖"),
            note="",
        )

    def find(request: Request, token: str) -> ApprovalLink:
        ip = _client_ip(request)
        if limiter.blocked(ip):
            raise Refusal("too_many", f"{ip} over the failed-lookup limit")
        link = links.lookup(settings, token)
        if link is None:
            limiter.fail(ip)
            raise Refusal("not_found", "unknown token")
        return link

    def audit(request: Request, link: ApprovalLink, event: str, **detail: Any) -> None:
        links.record(
            settings,
            link,
            event,
            ip=_client_ip(request),
            user_agent=request.headers.get("user-agent"),
            **detail,
        )

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        return JSONResponse({"ok": True})

    @app.get("/a/{token}", response_class=HTMLResponse)
    def show(request: Request, token: str) -> Response:
        lang = _lang(request, settings.notifications_default_lang)
        link: ApprovalLink | None = None
        try:
            link = find(request, token)
            checked = check(settings, engine, link)
        except Refusal as r:
            if link is not None:
                audit(request, link, "refused", kind=r.kind, reason=r.detail, method="GET")
            return refusal_page(request, r, lang)
        audit(request, link, "opened")
        return task_page(request, token, checked, lang)

    def task_page(request: Request, token: str, checked: Checked, lang: str) -> Response:
        view = checked.view
        lang = _lang(request, view.lang)
        csrf = links.csrf_token(settings, checked.link.token_hash)
        amount_text = format_amount(view.amount, view.currency)
        due_text = view.due_date.isoformat() if view.due_date else ""
        expires = checked.link.expires_at
        response = page(
            request,
            "task.html",
            lang,
            view=view,
            link=checked.link,
            token=token,
            csrf=csrf,
            amount_text=amount_text,
            due_in_fields=bool(due_text) and any(due_text in v for _, v in view.fields),
            has_preview=preview_png(settings, view.document_id) is not None,
            expires_text=expires.strftime("%Y-%m-%d %H:%M UTC"),
            money=lambda v: format_amount(v) if v not in (None, "") else "",
        )
        response.set_cookie(
            CSRF_COOKIE,
            csrf,
            max_age=3600,
            path="/a/",
            httponly=True,
            samesite="strict",
            secure=settings.approvals_base_url.startswith("https://"),
        )
        return response

    @app.post("/a/{token}", response_class=HTMLResponse)
    def submit(
        request: Request,
        token: str,
        decision: str = Form(""),
        comment: str = Form(""),
        csrf: str = Form(""),
    ) -> Response:
        lang = _lang(request, settings.notifications_default_lang)
        link: ApprovalLink | None = None
        try:
            link = find(request, token)
            # A double tap or an old tab learns "used"/"expired" before any CSRF question.
            if link.used_at is not None or links.is_expired(link):
                check(settings, engine, link)
            if not links.csrf_ok(settings, link.token_hash, csrf, request.cookies.get(CSRF_COOKIE)):
                raise Refusal("csrf", "CSRF token missing or wrong")
            if decision not in ("approve", "reject"):
                raise Refusal("csrf", f"unknown decision {decision!r}")
            checked = check(settings, engine, link)
            lang = _lang(request, checked.view.lang)
            decide(
                settings,
                engine,
                checked,
                approved=decision == "approve",
                comment=comment.strip()[:2000],
            )
        except Refusal as r:
            if link is not None:
                audit(request, link, "refused", kind=r.kind, reason=r.detail, method="POST")
            return refusal_page(request, r, lang)
        audit(request, link, "decided", decision=decision, comment=comment.strip()[:2000])
        t = _strings()[lang]
        kind = "approved" if decision == "approve" else "rejected"
        response = page(
            request,
            "message.html",
            lang,
            kind=kind,
            heading=t[f"done_{kind}"],
            text=checked.view.title,
            icon="✔" if kind == "approved" else "✖",
            note=t["done_note"],
        )
        response.delete_cookie(CSRF_COOKIE, path="/a/")
        return response

    @app.get("/a/{token}/preview.png")
    def preview(request: Request, token: str) -> Response:
        try:
            link = find(request, token)
            if link.used_at is not None or links.is_expired(link):
                return Response(status_code=404)
        except Refusal as r:
            return Response(status_code=STATUS[r.kind])
        png = preview_png(settings, link.document_id)
        if png is None:
            return Response(status_code=404)
        return FileResponse(png, media_type="image/png")

    return app
