"""Real-browser tests: Debian's Chromium driven by Playwright's sync API against pytest-django's live_server.

Never ``playwright install``: the browser is /usr/bin/chromium. Playwright's sync API runs an event loop
in this thread, which makes Django think the ORM is called from async code; the tests' own ORM calls
are plain synchronous ones, hence DJANGO_ALLOW_ASYNC_UNSAFE.
"""

import importlib
import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (make chromium installs it)")
    from playwright.sync_api import sync_playwright

    # Set only while Playwright runs (module scope: it stops before pytest-django's later, non-database
    # tests): their subprocesses, such as manage.py check --deploy, must not inherit it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(autouse=True)
def _default_tags_and_groups(transactional_db):
    """What the data migration made: each transactional test starts from a flushed database.

    (serialized_rollback would restore it, but once Playwright's event loop runs in this thread Django
    hands out another connection object, which has no serialized contents: the restore is skipped.)
    """
    from django.apps import apps

    defaults = importlib.import_module("annotations.migrations.0002_default_tags_and_groups")
    configs = [apps.get_app_config(label) for label in ("articles", "annotations")]
    modules = [config.models_module for config in configs]
    try:
        defaults.create_tags(apps, None)
        defaults.create_groups(apps, None)
    finally:  # the migration marks the app configs as having models; give them back their modules
        for config, module in zip(configs, modules, strict=True):
            config.models_module = module


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """``screenshot(page, "name")`` saves test-artifacts/<test>-<name>.png (git-ignored)."""

    def take(page, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=False)
        return path

    return take
