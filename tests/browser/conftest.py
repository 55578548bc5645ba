"""Browser tests: headless Chromium, driven by Playwright's sync API, against a live server.

They carry the `browser` marker, so the default run leaves them out; run them with
`pytest -m browser`. Chromium comes from the system (/usr/bin/chromium): Playwright never
downloads a browser here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Response, sync_playwright
from pytest_django.live_server_helper import LiveServer

from borgerrejse.catalog.schema import ServiceDefinition
from borgerrejse.catalog.tests.fixtures import catalogue_publish

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in the test thread. Django then refuses
    # database calls from that thread (publishing the catalogue, the flush after each test),
    # though they are plain synchronous calls. The variable is set only while a browser
    # runs, so the rest of the suite keeps Django's check.
    with pytest.MonkeyPatch.context() as environment, sync_playwright() as playwright:
        environment.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def catalogue_server(
    live_server: LiveServer, transactional_db: None
) -> tuple[LiveServer, list[ServiceDefinition]]:
    """The live server with the whole catalogue published and committed, so it sees it."""
    return live_server, catalogue_publish()


@pytest.fixture
def page(
    browser: Browser, catalogue_server: tuple[LiveServer, list[ServiceDefinition]]
) -> Iterator[Page]:
    server, _definitions = catalogue_server
    # An English-speaking browser still gets Danish at "/": the URL decides the language.
    context = browser.new_context(base_url=server.url, locale="en-GB")
    page = context.new_page()
    # A missing stylesheet, font or script, or a script error, breaks a page quietly.
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))

    def record_failed_response(response: Response) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            problems.append(f"HTTP {response.status}: {response.url}")

    page.on("response", record_failed_response)
    yield page
    context.close()
    assert not problems, "the browser met problems:\n" + "\n".join(problems)
