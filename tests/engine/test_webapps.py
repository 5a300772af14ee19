"""Cockpit and Tasklist load in a real Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from autoclerk.browser import launch_options
from autoclerk.config import Settings
from autoclerk.engine import EngineClient

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("app_name", ["cockpit", "tasklist", "admin"])
def test_webapp_loads(
    engine: EngineClient, engine_settings: Settings, artifacts_dir: Path, app_name: str
) -> None:
    url = f"{engine_settings.engine_web_url}/{app_name}/default/"
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_options(engine_settings))
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(url, wait_until="networkidle")
            # The login form is the app's own: sign in as the admin from settings.
            page.get_by_placeholder("Username").fill(engine_settings.engine_admin_user)
            page.get_by_placeholder("Password").fill(
                engine_settings.engine_admin_password.get_secret_value()
            )
            page.get_by_role("button", name="Log in").click()
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(artifacts_dir / f"engine-{app_name}.png"))
            assert app_name.lower() in page.title().lower()
            assert "operaton" in page.title().lower()
        finally:
            browser.close()
