"""What a reader gets: the built site checked file by file and in a real browser.

The browser tests drive Debian's Chromium with Playwright against the site served on
localhost. Each page is loaded in the light and the dark palette and must show rendered
math (no raw TeX), every figure with a size and a description, no console error, no
failed request and no request to any other host, and no serious accessibility problem
(axe-core). A page with a problem leaves full-page screenshots in
test-artifacts/screenshots/ (every page checked in full does with BACKPROP_SCREENSHOTS=1).
"""

import os
import re
import shutil
import sys
import threading
from concurrent.futures import Future
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_layout import layout_problems  # tables, wide formulas, controls

from conftest import ARTIFACTS, PAGE_WEIGHTS, ROOT, background, build_site, launch_chromium, serve

sys.path.insert(0, str(ROOT / "scripts"))
from build_hooks import config_for_docs  # the build hook, in scripts/

DOCS = ROOT / "docs"
CHAPTERS = sorted(p.relative_to(DOCS) for p in DOCS.rglob("*.md"))
MAX_PAGE_BYTES = 1_500_000


def page_path(chapter: Path) -> str:
    if chapter.name == "index.md":
        return "" if chapter.parent == Path(".") else f"{chapter.parent}/"
    return f"{chapter.with_suffix('')}/"


PAGES = [page_path(c) for c in CHAPTERS] + [
    f"notebooks/{str(c.with_suffix('')).replace('/', '-')}/"
    for c in CHAPTERS
    if c.name != "index.md" and c.parts[0] != "reference"  # the API reference has no notebooks
]


# -- links ------------------------------------------------------------------------------
class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            if attrs.get(key) and tag in ("a", "img", "link", "script", "source"):
                self.links.append(attrs[key])


def parse(path: Path) -> Links:
    return parse_text(path.read_text(errors="replace"))


def parse_text(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def mount_of(out: Path) -> str:
    """The URL path the site is built to be served at: its site_url's, which its pages'
    canonical links give (a project's GitHub Pages site is at /<repo>/)."""
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', (out / "index.html").read_text())
    return urlsplit(canonical[1]).path if canonical else "/"


def page_urls(out: Path, mount: str) -> list[str]:
    """The URL path of every HTML page of the site in ``out`` served at ``mount``."""
    urls = []
    for html in sorted(out.rglob("*.html")):
        relative = html.relative_to(out).as_posix()
        urls.append(mount + (relative.removesuffix("index.html") if html.name == "index.html" else relative))
    return urls


def files_at(out: Path, mount: str):
    """Read the site's files as a server that serves ``out`` at ``mount`` would: a URL
    path to its bytes, or None if there is no such file."""

    def read(path: str) -> bytes | None:
        if not path.startswith(mount):
            return None
        target = out / unquote(path[len(mount) :])
        if target.is_dir():
            target = target / "index.html"
        return target.read_bytes() if target.is_file() else None

    return read


def broken_links(pages: list[str], read) -> list[str]:
    """Every internal link and asset reference (href, src) of the pages (URL paths), read
    with ``read`` (URL path -> bytes or None), resolved as a browser resolves it: the
    target must exist and, for a fragment, hold an element with that id."""
    broken, seen, parsed = [], {}, {}

    def target(path: str) -> bytes | None:
        if path not in seen:
            seen[path] = read(path)
        return seen[path]

    for page_url in pages:
        for link in parse_text(target(page_url).decode(errors="replace")).links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                if not parts.netloc or " " in link:
                    broken.append(f"{page_url}: malformed external link {link}")
                continue
            if parts.scheme in ("data", "mailto", "javascript"):
                continue
            target_url = urlsplit(urljoin(page_url.replace("//", "/"), link))
            body = target(target_url.path)
            if body is None:
                broken.append(f"{page_url}: {link} -> nothing at {target_url.path}")
            elif target_url.fragment and (target_url.path.endswith((".html", "/"))):
                if target_url.path not in parsed:  # parse each page once
                    parsed[target_url.path] = parse_text(body.decode(errors="replace")).ids
                if unquote(target_url.fragment) not in parsed[target_url.path]:
                    broken.append(f"{page_url}: {link} -> no anchor #{target_url.fragment}")
    return broken


def test_every_internal_link_and_anchor_resolves(site):
    out = site[0]
    mount = mount_of(out)
    broken = broken_links(page_urls(out, mount), files_at(out, mount))
    assert not broken, "\n".join(broken)


# -- reproducibility --------------------------------------------------------------------
def test_two_clean_builds_are_byte_identical(site, clean_site):
    first, (second, returncode, log) = site[0], clean_site
    assert returncode == 0, log
    files = {p.relative_to(first) for p in first.rglob("*") if p.is_file()}
    assert files == {p.relative_to(second) for p in second.rglob("*") if p.is_file()}
    differ = [str(f) for f in sorted(files) if (first / f).read_bytes() != (second / f).read_bytes()]
    assert not differ, "files that differ between two builds:\n" + "\n".join(differ)


# -- the browser ------------------------------------------------------------------------
RAW_TEX = re.compile(r"\$|\\frac|\\partial|\\hat|\\sum|\\\(|\\\[")

VISIBLE_PROSE = """() => {
  // The text a reader sees, minus code: skip hidden elements, code, rendered math, figures.
  const skip = "pre, code, script, style, .katex, svg, .clipboard-copy-txt";
  const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
  let text = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (el.closest(skip) || el.closest("[hidden]") || getComputedStyle(el).display === "none") continue;
    text += node.textContent;
  }
  return text;
}"""

SHOWN_IMAGES_LOADED = """() => [...document.querySelectorAll("article img")]
  .filter((img) => img.checkVisibility()).every((img) => img.complete && img.naturalWidth > 0)"""

IN_VIEW_IMAGES_LOADED = """() => [...document.querySelectorAll("article img")]
  .filter((img) => {
    const box = img.getBoundingClientRect();
    return img.checkVisibility() && box.bottom > 0 && box.top < innerHeight;
  })
  .every((img) => img.complete && img.naturalWidth > 0)"""

FIGURES = """() => {
  const problems = [];
  for (const img of document.querySelectorAll("article img")) {
    if (img.closest(".tabbed-block, details:not([open])") && !img.checkVisibility()) continue;  // not opened
    // the other palette's drawing, and an animation's image for paper: not shown, not loaded
    if (img.closest(".bp-figure, .bp-live") && !img.checkVisibility()) continue;
    const box = img.getBoundingClientRect();
    if (!img.complete || img.naturalWidth === 0 || box.width === 0 || box.height === 0)
      problems.push(`image not rendered: ${img.getAttribute("src")}`);
    if (!(img.getAttribute("alt") || "").trim())
      problems.push(`image without alt: ${img.getAttribute("src")}`);
  }
  for (const svg of document.querySelectorAll("article svg")) {
    if (svg.closest("[aria-hidden=true]") || svg.getAttribute("aria-hidden") === "true") continue;
    const labelled = svg.getAttribute("aria-label") || svg.querySelector("title") ||
      svg.closest("button[aria-label], a[title], button[title]");
    if (!labelled) problems.push("an SVG without a description");
    const box = svg.getBoundingClientRect();
    if (svg.getAttribute("role") === "img" && (box.width === 0 || box.height === 0))
      problems.push(`SVG figure not rendered: ${svg.getAttribute("aria-label")}`);
  }
  return problems;
}"""


def open_page(browser, url, scheme="light"):
    """Load a page as a reader would, scrolled through so that lazy figures load.

    Returns (page, context, problems seen on the way, requests made)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    problems, requests = [], []
    host = urlsplit(url).netloc
    page.on("request", lambda r: requests.append(r))
    page.on("requestfailed", lambda r: problems.append(f"failed request {r.url}: {r.failure}"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    response = page.goto(url, wait_until="networkidle")
    if response is None or response.status != 200:
        problems.append(f"{url} answered {response and response.status}")
    height = page.evaluate("document.body.scrollHeight")
    for y in range(0, height + 900, 700):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(30)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, 0)")
    for r in requests:
        parts = urlsplit(r.url)
        if parts.scheme not in ("data", "blob") and parts.netloc != host:
            problems.append(f"request to another host: {r.url}")
    return page, context, problems, requests


def page_problems(page, html_source: str) -> list[str]:
    """What is wrong with a loaded page: raw TeX, unrendered or failed math, figures.

    Figures inside content tabs are checked tab by tab, each tab opened as a reader would."""
    problems = []
    for label in page.locator(".tabbed-labels > label").all():
        label.click()
        try:  # a figure in a tab loads lazily once shown
            page.wait_for_function(SHOWN_IMAGES_LOADED, timeout=5000)
        except PlaywrightTimeout:
            pass  # FIGURES reports the image that did not load
        problems += page.evaluate(FIGURES)
    page.evaluate("window.scrollTo(0, 0)")
    prose = page.evaluate(VISIBLE_PROSE)
    for m in RAW_TEX.finditer(prose):
        problems.append(f"raw TeX in the text: ...{prose[max(0, m.start() - 40) : m.end() + 40]!r}...")
    for error in page.locator(".katex-error").all():
        problems.append(f"KaTeX could not render {error.get_attribute('title')!r}")
    expected = html_source.count('class="arithmatex"')
    rendered = page.locator(".arithmatex .katex").count()
    if rendered < expected:
        problems.append(f"{expected - rendered} of {expected} formulas not rendered")
    problems += page.evaluate(FIGURES)
    return problems


def axe_problems(page, rules: list[str] | None = None) -> list[str]:
    """axe-core's serious and critical findings on the page shown: every rule, or ``rules``."""
    from axe_playwright_python.sync_playwright import Axe

    options: dict = {"resultTypes": ["violations"]}  # (the library's default)
    if rules is not None:
        options["runOnly"] = {"type": "rule", "values": rules}
    results = Axe().run(page, options=options)
    return [
        f"axe {v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# Every page with every check, in the light palette and then in the dark one (switched as
# a reader switches it, with the header's toggle), but the API reference's pages and the
# companion notebooks' pages: each set rendered alike from one template, they are checked
# in full on one page of each, the longest, and for the rest in the light palette without
# axe (math, figures, requests, weight, phone width), which takes seconds.
FULLY_CHECKED = {"reference/": "reference/models/", "notebooks/": "notebooks/extended-optimizers/"}


def fully_checked(path: str) -> bool:
    return all(not path.startswith(kind) or path == page for kind, page in FULLY_CHECKED.items())


PHONE = {"width": 390, "height": 844}
WIDE_ON_A_PHONE = """() => [...document.querySelectorAll("article *")]
  .filter((el) => el.getBoundingClientRect().right > innerWidth + 1
    && !el.closest(".highlight, pre, .katex-display, table, .tabbed-labels, .md-typeset__scrollwrap"))
  .slice(0, 5).map((el) => el.tagName + "." + el.className)"""


# What the palette changes: the colours, and which drawing of each figure shows (the other
# palette's is hidden). In the dark palette axe runs the rules that look at those; the rest
# see the same page in both palettes, and run in the light one.
PALETTE_RULES = ["color-contrast", "link-in-text-block", "image-alt", "role-img-alt", "svg-img-alt"]
# Full-page screenshots (a few seconds each) are taken of a page with a problem, or of every
# page checked in full when BACKPROP_SCREENSHOTS=1.
SCREENSHOTS = os.environ.get("BACKPROP_SCREENSHOTS") == "1"


def screenshot(page, path: str, scheme: str, suffix: str = "") -> None:
    """The whole page as shown, in test-artifacts/screenshots/<scheme>/."""
    shots = ARTIFACTS / "screenshots" / scheme
    shots.mkdir(parents=True, exist_ok=True)
    name = path.strip("/").replace("/", "_") or "index"
    page.screenshot(path=shots / f"{name}{suffix}.png", full_page=True)


def palette_checks(page, path: str, scheme: str, requests: list) -> tuple[list[str], list]:
    """axe in the palette shown, and its screenshot if asked for or if axe found a problem:
    (problems, the requests that the screenshot made)."""
    problems = [f"{scheme}: {p}" for p in axe_problems(page, None if scheme == "light" else PALETTE_RULES)]
    before = len(requests)
    if problems or SCREENSHOTS:
        screenshot(page, path, scheme)
    return problems, requests[before:]


def check_page(browser, site_dir: Path, url: str, path: str) -> list[str]:
    """Everything the page test checks on one page (see the module's docstring): the
    problems found."""
    page, context, problems, requests = open_page(browser, url + path)
    try:
        html_source = (site_dir / path / "index.html").read_text()
        problems += page_problems(page, html_source)
        problems += layout_problems(page, phone=False)
        # A fresh context: nothing cached, every byte counted.
        PAGE_WEIGHTS[path or "index"] = sum(r.sizes()["responseBodySize"] for r in requests)
        shooting = []  # the requests made while a screenshot was taken
        if fully_checked(path):
            found, made = palette_checks(page, path, "light", requests)
            problems += found  # (in place: the page's handlers append to this list)
            shooting += made
            page.get_by_title("Switch to dark mode").click()
            if page.evaluate("document.body.dataset.mdColorScheme") != "slate":
                problems.append("the toggle did not switch to the dark palette")
            found, made = palette_checks(page, path, "dark", requests)
            problems += found
            shooting += made
        # On a phone, wide figures shrink, and wide code, formulas and tables scroll in
        # their own box: the page itself never scrolls sideways.
        page.set_viewport_size(PHONE)
        page.wait_for_timeout(300)  # the phone's drawings of the figures in view are asked for,
        try:  # and have come before the page closes (on a busy machine, later than 300 ms)
            page.wait_for_function(IN_VIEW_IMAGES_LOADED, timeout=10_000)
        except PlaywrightTimeout:
            pass  # the request that has not finished shows below as a failed one
        for request in list(requests):
            if "/figures/" in request.url:
                request.response()
        problems += layout_problems(page, phone=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide = page.evaluate(WIDE_ON_A_PHONE)
            problems.append(f"at 390 px the page is {width} px wide: {wide}")
        if problems:  # what the page looked like when the last check ended
            dark = page.evaluate("document.body.dataset.mdColorScheme") == "slate"
            screenshot(page, path, "dark" if dark else "light", "-390px")
    finally:
        checked = len(problems)
        context.close()
    # A request still loading when the test closes the page (the phone drawings of every
    # figure already loaded, which the width's change asks for) is aborted by the closing,
    # not by the site; so are the phone drawings that Chromium asks for while it takes a
    # full-page screenshot and drops once it is taken (on a busy machine, before they come).
    closing = [p for p in problems[checked:] if not p.endswith("net::ERR_ABORTED")]
    shot = {f"failed request {r.url}: net::ERR_ABORTED" for r in shooting}
    return [p for p in problems[:checked] if p not in shot] + closing


class PageChecks:
    """The page tests' work shared between two browsers, so that both cores work.

    Started by the ``site`` fixture once the site is built: a helper thread, with a
    Playwright and a Chromium of its own (Playwright is not thread-safe), checks pages
    from the end of the list while the tests check them from the start, in the test run's
    browser. Each page is checked once; its test reports what either found."""

    def __init__(self, site_dir: Path, paths: list[str]):
        self.site_dir, self.todo = site_dir, list(paths)
        self.results = {path: Future() for path in paths}
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._check_from_the_end, daemon=True)
        self.thread.start()

    def _take(self, path: str | None = None) -> str | None:
        """Claim ``path`` (or the last page not yet claimed); None if already claimed."""
        with self.lock:
            if path is None:
                return self.todo.pop() if self.todo else None
            if path in self.todo:
                self.todo.remove(path)
                return path
            return None

    def _check(self, browser, url: str, path: str) -> None:
        try:
            self.results[path].set_result(check_page(browser, self.site_dir, url, path))
        except BaseException as exc:  # the page's test raises it
            self.results[path].set_exception(exc)

    def _check_from_the_end(self) -> None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw, serve(self.site_dir) as url:
            browser = launch_chromium(pw)
            while (path := self._take()) is not None:
                self._check(browser, url, path)
            browser.close()

    def problems(self, browser, url: str, path: str) -> list[str]:
        """The problems of ``path``: checked here and now unless the helper has it."""
        if self._take(path) is not None:
            self._check(browser, url, path)
        return self.results[path].result(timeout=600)

    def shutdown(self) -> None:
        """Leave the pages not yet claimed (a run stopped early) and let the helper end."""
        with self.lock:
            self.todo.clear()
        self.thread.join(timeout=120)


@pytest.mark.parametrize("path", PAGES)
def test_page_in_the_browser(browser, site, site_url, path):
    checks = background.get("pages")
    if checks is not None and path in checks.results:
        problems = checks.problems(browser, site_url, path)
    else:  # run in another way (pytest.main, say): check it here
        problems = check_page(browser, site[0], site_url, path)
    assert not problems, f"{path or 'index'}:\n" + "\n".join(problems)


def test_no_page_is_heavier_than_1_5_mb(browser, site_url):
    missing = [p for p in PAGES if (p or "index") not in PAGE_WEIGHTS]
    for path in missing:  # when run on its own, measure here
        _, context, _, requests = open_page(browser, site_url + path)
        PAGE_WEIGHTS[path or "index"] = sum(r.sizes()["responseBodySize"] for r in requests)
        context.close()
    heavy = {p: w for p, w in PAGE_WEIGHTS.items() if w > MAX_PAGE_BYTES}
    assert not heavy, f"pages over {MAX_PAGE_BYTES / 1e6} MB: {heavy}"


def test_search_works_offline(browser, site_url):
    """The search answers from the site's own index, which a page fetches only once the
    reader opens the search (overrides/main.html), not with every page."""
    page, context, problems, requests = open_page(browser, site_url)
    try:
        index = [r.url for r in requests if r.url.endswith("search_index.json")]
        assert not index, f"the page fetched the search index before the search opened: {index}"
        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially("momentum", delay=30)  # Material listens to key events
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=10_000)
        links = [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]
        assert any("optimizers" in (link or "") for link in links), links
        assert not problems, problems
    finally:
        context.close()


@pytest.mark.parametrize("path", ["univariate/"])  # 6.3 has explorables instead
def test_animation_controls(browser, site_url, path):
    page, context, problems, _ = open_page(browser, site_url + path)
    try:
        box = page.locator(".bp-animation").first
        box.scroll_into_view_if_needed()
        box.locator("svg.bp-live__svg").wait_for()  # figures.js has put the SVG in
        frames = int(box.get_attribute("data-frames"))
        assert frames > 10 and box.get_attribute("data-frame") == str(frames - 1)

        def frame():
            return int(box.get_attribute("data-frame"))

        def visible_states():  # the frames whose "current state" artists show: just one
            return page.evaluate(
                """(box) => [...box.querySelectorAll('[data-only]')]
                     .filter((el) => el.style.visibility !== "hidden")
                     .map((el) => el.dataset.only)""",
                box.element_handle(),
            )

        box.locator('[data-action="first"]').click()
        assert frame() == 0 and set(visible_states()) == {"0"}
        box.locator('[data-action="next"]').click()
        box.locator('[data-action="next"]').click()
        assert frame() == 2 and set(visible_states()) == {"2"}
        box.locator('[data-action="prev"]').click()
        assert frame() == 1
        box.locator('input[type="range"]').fill("5")
        assert frame() == 5
        box.locator('[data-action="play"]').click()
        page.wait_for_timeout(800)
        playing = frame()
        assert playing > 5
        box.locator('[data-action="play"]').click()  # pause
        paused = frame()
        page.wait_for_timeout(500)
        assert frame() == paused
        assert not problems, problems
    finally:
        context.close()


# -- contributor experience -------------------------------------------------------------
def test_bad_tex_fails_a_test_naming_the_page(browser, tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS / "assets", docs / "assets")
    (docs / "index.md").write_text("# Fine\n\nAll good: $x^2$.\n")
    (docs / "broken.md").write_text("# Broken\n\nA formula with a typo: $\\frac{1}{$.\n")
    config = re.sub(r"(?ms)^nav:.*?(?=^\S)", "", config_for_docs(docs))  # pages found, not listed
    (tmp_path / "mkdocs.yml").write_text(config)
    result = build_site(tmp_path / "site", tmp_path / "mkdocs.yml", cache=tmp_path / "cache")
    assert result.returncode == 0, result.stdout + result.stderr

    found = {}
    with serve(tmp_path / "site") as url:
        for path in ("", "broken/"):
            page, context, _, _ = open_page(browser, url + path)
            found[path] = page_problems(page, (tmp_path / "site" / path / "index.html").read_text())
            context.close()
    assert found[""] == []
    assert any("KaTeX could not render" in p and "frac" in p for p in found["broken/"]), found


def test_screenshot_folder_is_ignored_by_git():
    assert "/test-artifacts/" in (ROOT / ".gitignore").read_text()


def test_contributing_section_shows_the_failures():
    readme = (ROOT / "README.md").read_text()
    assert "the code block starting here failed" in readme
    assert "the inline expression `{python} x + y` failed: NameError: name 'y' is not defined" in readme
    assert "KaTeX could not render" in readme


# -- phone width, dark mode, copying, notebooks ------------------------------------------
CONTRAST = """(box) => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => { const [r, g, b] = rgb(c).map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
  let el = box, bg = "rgba(0, 0, 0, 0)";
  while (el && (bg === "rgba(0, 0, 0, 0)" || bg === "transparent")) {
    bg = getComputedStyle(el).backgroundColor; el = el.parentElement; }
  if (bg === "rgba(0, 0, 0, 0)") bg = getComputedStyle(document.body).backgroundColor;
  return [...box.querySelectorAll(".bp-animation__controls .md-button")].map((b) => {
    const s = getComputedStyle(b);
    return Math.min(ratio(s.color, bg), ratio(s.borderTopColor, bg));
  });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_animation_controls_meet_3_to_1_contrast(browser, site_url, scheme):
    page, context, _, _ = open_page(browser, site_url + "univariate/", scheme)
    try:
        ratios = page.evaluate(CONTRAST, page.locator(".bp-animation").first.element_handle())
        assert ratios and min(ratios) >= 3, ratios
        accent = page.evaluate(
            "getComputedStyle(document.querySelector('.bp-animation input[type=range]')).accentColor"
        )
        assert accent not in ("auto", ""), accent
    finally:
        context.close()


def test_the_copy_button_copies_the_block_and_the_set_up_it_needs(browser, site_url):
    permissions = ["clipboard-read", "clipboard-write"]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, permissions=permissions)
    try:
        page = context.new_page()
        page.goto(site_url + "univariate/", wait_until="networkidle")
        note = page.locator("details.bp-setup").first
        expected = note.get_attribute("data-copy")
        block = note.locator("xpath=preceding::div[contains(@class, 'highlight')][1]")
        block.hover()
        block.locator("[data-clipboard-target]").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.strip() == expected.strip()
        assert copied.startswith(("import ", "from ")) and ">>>" not in copied
    finally:
        context.close()


def test_a_notebook_page_starts_with_its_title_and_links_back(browser, site_url):
    page, context, _, _ = open_page(browser, site_url + "notebooks/univariate/")
    try:
        first = page.evaluate(
            """() => { const a = document.querySelector("article");
                 const t = [...a.querySelectorAll("h1, p, pre, img, table")][0];
                 return t.tagName + ": " + t.textContent.trim(); }"""
        )
        assert first.startswith("H1: 2. Univariate regression"), first
        link = page.locator("article a", has_text="this chapter of the backprop textbook").first
        assert link.get_attribute("href").rstrip("/").endswith("univariate")
    finally:
        context.close()
