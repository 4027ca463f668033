"""Checks a journey runs on the page it is on: axe-core, resized text, keyboard focus."""

from pathlib import Path

from django.conf import settings

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


def axe_violations(page, impacts=BLOCKING_IMPACTS):
    """Run axe-core (WCAG 2.x A/AA rules) on the page; return the violations of those impacts.

    axe is evaluated through the DevTools protocol, not added as a <script> tag, so the
    page's Content-Security-Policy stays exactly as users get it.
    """
    if not AXE_JS.exists():
        raise AssertionError(f"{AXE_JS} is missing: run `make e2e` (npm ci installs axe-core)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                'best-practice']},
                resultTypes: ['violations'],
                // Preloading re-parses the page's CSS into <style> elements, which the CSP
                // refuses (the admin's item form): a violation of axe's making, not the page's.
                preload: false,
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' ' + n.html.slice(0, 120)),
            }));
        }"""
    )
    return [violation for violation in result if violation["impact"] in impacts]


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"axe violations on {page.url}:\n" + "\n".join(
        f"- [{v['impact']}] {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in violations
    )


LAYOUT_PROBLEMS_JS = """() => {
    const problems = [];
    const viewport = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > viewport + 1) {
        problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px > ${viewport}px`);
    }
    const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    for (const el of document.querySelectorAll('body *')) {
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        if (el.closest('.visually-hidden, .skip-link, .table-scroll')) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        if (box.right > viewport + 1 && style.position !== 'fixed') {
            problems.push(`${describe(el)} sticks out to ${Math.round(box.right)}px`);
        }
        const clips = ['hidden', 'clip'];
        if ((clips.includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
            (clips.includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1)) {
            problems.push(`${describe(el)} clips its content`);
        }
    }
    return problems.slice(0, 20);
}"""


def layout_problems(page):
    """Horizontal overflow or clipped content on the current page (empty list when fine)."""
    return page.evaluate(LAYOUT_PROBLEMS_JS)


def enlarge_text(page, percent=200):
    """Enlarge all text as the browser's 'font size' setting does (rem-based CSS follows it)."""
    page.evaluate(f"document.documentElement.style.fontSize = '{percent}%'")


def assert_text_enlarges_without_loss(page):
    enlarge_text(page, 200)
    problems = layout_problems(page)
    assert not problems, f"at 200% text on {page.url}:\n" + "\n".join(problems)


def tab_to(page, selector, limit=40):
    """Press Tab until the element matching `selector` has focus; return the number of presses."""
    target = page.locator(selector)
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return presses
    raise AssertionError(f"{selector} not reached with {limit} presses of Tab on {page.url}")


def focus_is_visible(page):
    """The focused element shows a focus indicator (outline or box-shadow)."""
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                || style.boxShadow !== 'none';
        }"""
    )
