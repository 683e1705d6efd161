"""Tables, wide formulas and figure controls as a reader meets them, on a desktop and a phone.

`layout_problems` is run by ``tests/test_site.py`` on every page of the site, at 1280 px
and at 390 px: no table cell's text is clipped (it fits its cell, and any box that cuts
it scrolls to it, shows a shadow at the edge that hides it and takes the keyboard's
focus); a display formula too wide for the column does the same; and on a phone every
button and slider of a figure's controls is at least 44 x 44 px. The tests here show
that each check catches what it is meant to, on small pages made for it, and look at a
wide formula of chapter 2 on a phone: its shadow is drawn, the Tab key reaches it, and
axe-core is content.
"""

import pytest

from conftest import ROOT

# The problems of the page shown, at its present width (see the module's docstring).
LAYOUT = """(phone) => {
  const problems = [];
  const name = (el) => JSON.stringify(el.textContent.trim().replace(/\\s+/g, " ").slice(0, 40));
  const where = (el) => {
    const section = el.closest("section, article");
    const heading = section && section.querySelector("h1, h2");
    return heading ? ` (under ${name(heading)})` : "";
  };
  // A box that shows content sideways out of view: does it scroll to it, with a cue (the
  // scroll shadows of extra.css, a gradient background) and the keyboard's focus?
  const scrollerProblem = (box) => {
    const s = getComputedStyle(box);
    if (!["auto", "scroll"].includes(s.overflowX) || box.scrollWidth <= box.clientWidth)
      return `cut by ${box.tagName.toLowerCase()}.${box.className} (overflow-x: ${s.overflowX}),`
        + " which does not scroll";
    if (!/gradient/.test(s.backgroundImage)) return "in a box that scrolls but shows no cue that it does";
    if (box.tabIndex < 0) return "in a box that scrolls but the keyboard cannot reach";
    return null;
  };
  // The first box up from `el` that cuts `rect` sideways: [box, problem or null].
  const clipper = (el, rect) => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX === "visible") continue;
      const left = box.getBoundingClientRect().left + box.clientLeft;
      if (rect.left >= left - 1 && rect.right <= left + box.clientWidth + 1) continue;
      return [box, scrollerProblem(box)];
    }
    return [null, null];
  };
  // The box of the text shown in an element (KaTeX's MathML copy for screen readers is
  // hidden by a clip, and left out).
  const range = document.createRange();
  const shown = (el) => {
    let left = Infinity, right = -Infinity;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim() || node.parentElement.closest(".katex-mathml")) continue;
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width === 0) continue;
        left = Math.min(left, r.left);
        right = Math.max(right, r.right);
      }
    }
    return { left, right, width: Math.max(0, right - left) };
  };
  for (const cell of document.querySelectorAll("article td, article th")) {
    if (!cell.checkVisibility()) continue;  // in a closed block or another tab
    const text = shown(cell);
    if (text.width === 0) continue;
    const box = cell.getBoundingClientRect();
    if (cell.scrollWidth > cell.clientWidth + 1 || text.left < box.left - 1 || text.right > box.right + 1) {
      problems.push(`table cell ${name(cell)}${where(cell)} runs out of its cell`);
      continue;
    }
    const [, problem] = clipper(cell, text);
    if (problem) problems.push(`table cell ${name(cell)}${where(cell)}: ${problem}`);
  }
  for (const math of document.querySelectorAll("article .katex-display")) {
    if (!math.checkVisibility()) continue;
    const [, problem] = clipper(math, shown(math));
    const formula = name(math.querySelector(".katex-html") || math);
    if (problem) problems.push(`formula ${formula}${where(math)}: ${problem}`);
  }
  if (phone) {
    const controls = document.querySelectorAll("article figure button, article [class*='__controls'] button,"
      + " article [class*='__controls'] .md-button, article input[type=range]");
    for (const control of controls) {
      if (!control.checkVisibility()) continue;
      const { width, height } = control.getBoundingClientRect();
      if (width < 44 - 0.5 || height < 44 - 0.5) {
        const label = control.getAttribute("aria-label") || control.textContent.trim() || control.type;
        const size = `${width.toFixed(0)} x ${height.toFixed(0)} px`;
        problems.push(`the control ${JSON.stringify(label)}${where(control)} is ${size}, under 44 x 44`);
      }
    }
  }
  return [...new Set(problems)];
}"""


def layout_problems(page, phone: bool) -> list[str]:
    """What is clipped or too small on the page shown (see the module's docstring)."""
    width = "390 px" if phone else f"{page.viewport_size['width']} px"
    return [f"at {width}: {p}" for p in page.evaluate(LAYOUT, phone)]


SITE_CSS = [ROOT / "docs/assets/stylesheets/extra.css"]
# What the checks rely on of Material's CSS: its colours and its table wrapper's scrolling.
MATERIAL = """<style>:root { --md-default-bg-color: #fff; --md-default-fg-color--lighter: #00000052; }
.md-typeset__scrollwrap { overflow-x: auto; }</style>"""
A11Y = ROOT / "docs/assets/javascripts/a11y.js"


def made_page(browser, body: str, width: int):
    """A page of the given body in the site's Material-like structure (article.md-typeset,
    Material's table wrapper), with the site's stylesheet and a11y.js."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    css = "".join(f"<style>{path.read_text()}</style>" for path in SITE_CSS) + MATERIAL
    # a11y.js subscribes to Material's document$; a stand-in calls it at once.
    stub = "<script>window.document$ = { subscribe: (f) => f() };</script>"
    page.set_content(
        f"<html><head>{css}{stub}</head><body><article class='md-typeset'>{body}</article>"
        f"<script>{A11Y.read_text()}</script></body></html>"
    )
    page.wait_for_timeout(50)
    return context, page


WIDE_ROW = "<tr>" + "".join(f"<td>{'words and more words ' * 3}</td>" for _ in range(4)) + "</tr>"
NUMBERS = (
    "<tr>" + "".join(f'<td style="text-align: right;">{1234.5 * k:.3f} ms</td>' for k in range(6)) + "</tr>"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # nowrap text in a box that hides what overflows: cut, as reference pages were
        (
            f"<div style='overflow: hidden'><table style='white-space: nowrap'>{WIDE_ROW}</table></div>",
            "does not scroll",
        ),
        # text in a cell that clips it with an ellipsis
        (
            "<table style='table-layout: fixed; width: 300px'><tr><td style='overflow: hidden; "
            f"white-space: nowrap; text-overflow: ellipsis'>{'the whole description ' * 5}</td></tr></table>",
            "runs out of its cell",
        ),
        # a wide table of numbers in a box that scrolls, without the site's scroll shadows
        (f"<div style='overflow-x: auto'><table>{NUMBERS}</table></div>", "shows no cue"),
        # the site's wrapper, which shows the shadows, but not reachable with the keyboard
        (
            f"<div class='md-typeset__scrollwrap' tabindex='-1'><table>{NUMBERS}</table></div>",
            "keyboard cannot reach",
        ),
    ],
)
def test_the_table_check_catches_clipped_cells(browser, body, expected):
    context, page = made_page(browser, body, 390)
    try:
        problems = layout_problems(page, phone=True)
        assert any(expected in p for p in problems), problems
    finally:
        context.close()


def test_a_table_that_wraps_or_scrolls_with_a_cue_passes(browser):
    """Text wraps in its cell; a table of numbers too wide for a phone scrolls in the site's
    wrapper, which a11y.js makes focusable."""
    body = f"<table>{WIDE_ROW}</table><div class='md-typeset__scrollwrap'><table>{NUMBERS}</table></div>"
    context, page = made_page(browser, body, 390)
    try:
        assert layout_problems(page, phone=True) == []
    finally:
        context.close()


def test_the_control_check_catches_small_buttons(browser):
    body = (
        "<div class='bp-animation__controls'><button aria-label='Play' style='min-width: 0; min-height: 0; "
        "padding: 2px'>&gt;</button><input type='range'></div>"
    )
    context, page = made_page(browser, body, 390)
    try:
        page.evaluate("() => document.querySelector('button').style.cssText += ';min-height:0;min-width:0'")
        problems = layout_problems(page, phone=True)
        assert any('control "Play"' in p and "under 44 x 44" in p for p in problems), problems
        assert not any('"range"' in p for p in problems), problems  # the site's CSS sizes the slider
    finally:
        context.close()


def test_a_wide_formula_scrolls_with_a_cue_and_takes_the_focus(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(site_url + "univariate/", wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        wide = page.locator("article div.arithmatex[tabindex='0']")
        assert wide.count() >= 3, "chapter 2 has wide formulas at 390 px"
        formula = wide.first
        formula.scroll_into_view_if_needed()
        assert formula.evaluate("(el) => el.scrollWidth > el.clientWidth")

        def strip(side: str) -> bytes:
            box = formula.bounding_box()
            x = box["x"] if side == "left" else box["x"] + box["width"] - 14
            return page.screenshot(clip={"x": x, "y": box["y"], "width": 14, "height": box["height"]})

        def cue(side: str) -> bool:
            """Does the box draw anything at that edge that is not the formula?"""
            shown = strip(side)
            formula.evaluate("(el) => el.style.setProperty('background', 'none', 'important')")
            bare = strip(side)
            formula.evaluate("(el) => el.style.removeProperty('background')")
            return shown != bare

        assert cue("right") and not cue("left")
        formula.evaluate("(el) => { el.scrollLeft = el.scrollWidth; }")
        assert cue("left") and not cue("right")
        formula.evaluate("(el) => { el.scrollLeft = 0; }")

        # The Tab key reaches it: from the element before it in the page's order.
        page.evaluate(
            """(el) => { const all = [...document.querySelectorAll("a[href], [tabindex='0']")];
                 all[all.indexOf(el) - 1].focus(); }""",
            formula.element_handle(),
        )
        page.keyboard.press("Tab")
        assert formula.evaluate("(el) => document.activeElement === el")
        page.keyboard.press("ArrowRight")  # the focused box scrolls with the arrow keys
        page.wait_for_timeout(200)
        assert formula.evaluate("(el) => el.scrollLeft > 0")
        # axe-core on the page's display formulas (the whole page is checked at 1280 px by
        # test_site.py): among others, scrollable-region-focusable.
        from axe_playwright_python.sync_playwright import Axe

        violations = Axe().run(page, context="article div.arithmatex").response["violations"]
        assert [v["id"] for v in violations] == []
    finally:
        context.close()
