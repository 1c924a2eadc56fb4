"""The real app under uvicorn on a free localhost port, driven by the system Chromium through Playwright.

The server is a subprocess on this worker's own test database (DATABASE_URL
from ``tests/database.py``), so the tests seed data with the factory in this
process and the browser sees it over HTTP. In CI a missing browser, Playwright
or axe-core fails the tests; elsewhere they are skipped with the reason.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from scheduling.imports.parse import ALLOW_PRIVATE_ENV
from tests.live_app import ROOT, running_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parents[1] / "js" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def missing_tools() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright for Python is missing: pip install -e '.[test]'"
    if not AXE.exists():
        return "axe-core is missing: run 'npm ci' in tests/js"
    return None


def require_tools() -> None:
    """In CI (CI=true) the browser tests must run, so a missing tool fails them; elsewhere they are skipped."""
    reason = missing_tools()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the browser tests: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def live_server(migrated_database: None) -> Iterator[str]:
    """``uvicorn api.app:app`` on this worker's database; links in pages and feeds name its own address."""
    require_tools()
    # Calendar imports may fetch from this machine, where the browser tests serve the calendars they import.
    with running_app(**{ALLOW_PRIVATE_ENV: "1"}) as url:
        yield url


@pytest.fixture(scope="session")
async def browser(live_server: str) -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    driver = await async_playwright().start()
    chromium = await driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    await chromium.close()
    await driver.stop()


@pytest.fixture
async def page(browser: Any, live_server: str) -> AsyncIterator[Any]:
    """A fresh desktop-sized tab with its own cookies, its base URL the live server."""
    from playwright.async_api import expect

    context = await browser.new_context(base_url=live_server, viewport=DESKTOP)
    # Actions and assertions wait up to 15 s: on two busy cores a page that answers a 16-date decision (and
    # writes its mail) can take longer than expect()'s default 5 s, which is a wait, not a failure.
    context.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)
    tab = await context.new_page()
    yield tab
    await context.close()


async def serious_violations(tab: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it stands (WCAG 2.x A and AA rules)."""
    # Run through the DevTools protocol, not as an inline <script>: the pages' CSP refuses inline scripts.
    await tab.evaluate(AXE.read_text(encoding="utf-8"))
    found = await tab.evaluate("""async () => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
                resultTypes: ["violations"],
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
            }));
        }""")
    return [violation for violation in found if violation["impact"] in ("serious", "critical")]


async def screenshot_both(tab: Any, name: str) -> int:
    """``docs/screenshots/<name>-phone.png`` (390×844) and ``-desktop.png`` (1280×800), whole page.

    Returns how wide the page is on the phone: wider than the screen means sideways scrolling.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await tab.set_viewport_size(PHONE)
    phone_width = int(await tab.evaluate("document.documentElement.scrollWidth"))
    await tab.screenshot(path=str(SCREENSHOTS / f"{name}-phone.png"), full_page=True)
    await tab.set_viewport_size(DESKTOP)
    await tab.screenshot(path=str(SCREENSHOTS / f"{name}-desktop.png"), full_page=True)
    return phone_width
