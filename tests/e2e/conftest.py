"""Browser journeys: Playwright for Python driving Debian's Chromium against `live_server`.

Every test here is marked `browser` (run them with `make e2e`). Each test gets a fresh
browser context through the `open_page` fixture, which:
- fails the test on any console error, uncaught exception or Content-Security-Policy
  violation (so a CSP that breaks the admin, or a missing file, shows up),
- saves a screenshot of the journey's last page to test-artifacts/<test>.png.
Helpers for accessibility (axe-core) and resized text live in tests/e2e/checks.py.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1366, "height": 900},
}
DEMO_PASSWORD = "e2e-pass-2025"


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            # live_server needs committed data; serialized rollback brings back the rows
            # the migrations create (directory tree, channels) after each test's flush.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make e2e` (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
    # make from that thread (fixtures, assertions) are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Logging in through the real form is part of the journeys; hashing need not be slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class PageProblems:
    """What went wrong in the browser while a test ran."""

    def __init__(self):
        self.errors = []

    def watch(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        page.on("response", self._response)

    def _response(self, response):
        if response.status >= 500:
            self.errors.append(f"HTTP {response.status} {response.url}")
        elif response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"missing resource: HTTP {response.status} {response.url}")

    def _console(self, message):
        # A failed load is reported (with its URL) by _response.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"console: {message.text}")


def artifact_name(request, suffix=""):
    name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    return f"{name}{suffix}.png"


@pytest.fixture
def open_page(browser, live_server, request):
    """open_page(viewport="desktop", path="/") -> a Playwright page on the live server.

    The page's base URL is the live server, so `page.goto("/admin/")` works.
    """
    contexts = []
    problems = PageProblems()
    pages = []

    def open_(viewport="desktop", path=None, **context_options):
        size = VIEWPORTS[viewport] if isinstance(viewport, str) else viewport
        context = browser.new_context(
            viewport=size,
            base_url=live_server.url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            **context_options,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        problems.watch(page)
        pages.append(page)
        if path is not None:
            page.goto(path)
        return page

    yield open_

    ARTIFACTS.mkdir(exist_ok=True)
    for index, page in enumerate(pages):
        if not page.is_closed():
            suffix = f"-{index}" if len(pages) > 1 else ""
            page.screenshot(path=ARTIFACTS / artifact_name(request, suffix), full_page=True)
    for context in contexts:
        context.close()
    errors = list(dict.fromkeys(problems.errors))  # once each, in order
    assert not errors, "browser reported problems:\n" + "\n".join(errors)


@pytest.fixture
def demo(transactional_db, settings):
    """The demo county of `seed_demo` (agencies, staff of every role, each feature's samples)."""
    from django.contrib.auth.models import User

    from catalog import demo as demo_data

    agencies = demo_data.seed(progress=lambda *args, **kwargs: None)
    # The demo password is public anyway; a fixed one keeps the tests independent of it.
    for user in User.objects.all():
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return agencies


def log_in(page, username, password=DEMO_PASSWORD):
    """Log in through the admin's login form, as a person would: it lands on the staff home."""
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")


# Published items for the citizen journeys, with the vocabulary of the seed documents.
SAMPLE_ITEMS = [
    ("舒城县财政局", "舒城县2025年部门预算公开说明", "部门预算", "舒财〔2025〕12号"),
    ("舒城县财政局", "舒城县2024年“三公”经费决算情况说明", "“三公”经费", "舒财〔2025〕20号"),
    ("舒城县财政局", "关于下达2025年财政衔接推进乡村振兴补助资金的通知", "财政专项资金", ""),
    ("舒城县教育体育局", "舒城县2025年义务教育阶段招生入学工作方案", "教育", "舒教体〔2025〕8号"),
    ("舒城县杭埠镇人民政府", "杭埠镇2025年农田水利设施建设项目公示", "农田水利", ""),
    (
        "舒城县人民政府办公室",
        "舒城县人民政府办公室关于印发2025年政务公开工作要点的通知",
        "其他文件",
        "舒政办〔2025〕5号",
    ),
]


@pytest.fixture
def published_items(demo):
    """A few published items across agencies and directories, by title."""
    from tests.public_catalog import make_item

    items = {}
    for agency_name, title, directory_name, number in SAMPLE_ITEMS:
        items[title] = make_item(
            demo[agency_name],
            title,
            directory_name=directory_name,
            document_number=number,
            summary=f"{title}。",
            body=f"<p>{title}，现予公开。</p><p>联系电话：0564-8622000。</p>",
        )
    return items
