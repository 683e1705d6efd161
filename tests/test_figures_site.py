"""The figures as a reader gets them, in Chromium: on a 390 px phone every figure's text is
at least 9 px as shown, and each figure follows the reader's palette (Material's toggle) and
width, loading only the variant it shows."""

import re
from pathlib import Path

import pytest
from test_site import CHAPTERS, PHONE, SHOWN_IMAGES_LOADED, page_path

from conftest import PAGE_WEIGHTS

DOCS = Path(__file__).resolve().parent.parent / "docs"
FIGURE_PAGES = [page_path(c) for c in CHAPTERS if "```python figure" in (DOCS / c).read_text()]

# The smallest text of every figure shown, in CSS px: the SVG the page shows (the image's
# chosen source, or the inline SVG of a frame-based figure) writes each text as glyphs
# scaled by its size in points over 100; the page shows the SVG at its rendered width.
SMALLEST_TEXT = """async () => {
  const out = [];
  for (const figure of document.querySelectorAll("article figure")) {
    const caption = figure.querySelector("figcaption").textContent.split(":")[0];
    const img = [...figure.querySelectorAll("img")].find((i) => i.checkVisibility());
    const svg = [...figure.querySelectorAll("svg.bp-live__svg")].find((s) => s.checkVisibility());
    if (!img && !svg) continue;  // in a tab not open
    const text = img ? await (await fetch(img.currentSrc)).text() : svg.outerHTML;
    const width = parseFloat(text.match(/<svg[^>]*?\\swidth="([\\d.]+)pt"/)[1]);
    const sizes = [...text.matchAll(/scale\\(([\\d.]+) -[\\d.]+\\)/g)].map((m) => 100 * Number(m[1]));
    const shown = (img || svg).getBoundingClientRect().width;
    out.push({ caption, src: img ? img.currentSrc.split("/").pop() : "inline",
               px: (Math.min(...sizes) * shown) / width });
  }
  return out;
}"""


def scroll_through(page):
    """As a reader would: lazy figures load as they come into view."""
    height, step = page.evaluate("[document.body.scrollHeight, innerHeight]")
    for y in range(0, height + step, step // 2):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(40)
    page.wait_for_load_state("networkidle")


def load(browser, url, viewport, scheme="light"):
    """A page scrolled through: (page, context, requests)."""
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r))
    page.goto(url, wait_until="networkidle")
    scroll_through(page)
    return page, context, requests


@pytest.mark.parametrize("path", FIGURE_PAGES)
def test_every_figure_s_text_is_at_least_9px_on_a_phone(browser, site, site_url, path):
    page, context, requests = load(browser, site_url + path, PHONE)
    try:
        # What a phone reader downloads, the variants not shown left out.
        PAGE_WEIGHTS[f"{path} (390 px)"] = sum(r.sizes()["responseBodySize"] for r in requests)
        html = (site[0] / path / "index.html").read_text()
        expected = len(re.findall(r"<figure\b", html))
        measured = {f["caption"]: f for f in page.evaluate(SMALLEST_TEXT)}
        for label in page.locator(".tabbed-labels > label").all():  # figures in tabs
            label.click()
            # (not networkidle: an idle page returns at once, before the tab's lazy image
            # has started to load, and its currentSrc is still empty)
            page.wait_for_function(SHOWN_IMAGES_LOADED, timeout=15_000)
            measured |= {f["caption"]: f for f in page.evaluate(SMALLEST_TEXT)}
        assert len(measured) == expected, sorted(measured)
        small = [f for f in measured.values() if f["px"] < 9 - 1e-6]
        assert not small, f"{path}: figure text under 9 px at 390 px: {small}"
    finally:
        context.close()


SHOWN = """() => [...document.querySelectorAll("article figure img")]
  .filter((img) => img.checkVisibility()).map((img) => img.currentSrc.split("/").pop())"""


def test_figures_follow_the_palette_and_the_width_and_load_only_what_they_show(browser, site_url):
    page, context, requests = load(browser, site_url + "univariate/", {"width": 1280, "height": 900})
    try:

        def fetched():
            return {r.url.split("/")[-1] for r in requests if "/figures/" in r.url}

        box = page.locator(".bp-animation .bp-live").first
        images = page.evaluate(SHOWN)
        assert images and all(re.fullmatch(r"univariate-\d+\.svg", src) for src in images), images
        assert box.get_attribute("data-shown") == "light"
        assert not [f for f in fetched() if "-dark" in f or "-phone" in f]  # nothing it does not show

        page.get_by_title("Switch to dark mode").click()
        page.wait_for_function("document.querySelector('.bp-live').dataset.shown === 'dark'")
        scroll_through(page)
        images = page.evaluate(SHOWN)
        assert images and all(re.fullmatch(r"univariate-\d+-dark\.svg", src) for src in images), images
        assert page.evaluate(
            "[...document.querySelectorAll('article figure img')].filter((i) => i.checkVisibility())"
            ".every((i) => i.complete && i.naturalWidth > 0)"
        )

        page.set_viewport_size(PHONE)
        page.wait_for_function("document.querySelector('.bp-live').dataset.shown === 'dark-phone'")
        scroll_through(page)
        images = page.evaluate(SHOWN)
        assert images and all(re.fullmatch(r"univariate-\d+-phone-dark\.svg", src) for src in images), images
        # The SVG in the box is the one fetched, in place of the last, at its frame.
        assert page.locator(".bp-animation svg.bp-live__svg").count() >= 1
        assert box.locator("svg").count() == 1
    finally:
        context.close()
