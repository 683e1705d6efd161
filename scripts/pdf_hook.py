"""mkdocs hook: the whole book as one PDF, site/backprop.pdf, printed by Chromium.

mkdocs-print-site-plugin writes ``print_page/``, every page of the nav in reading order
after a title page and a table of contents. After the build this hook gives that page
its print stylesheet and script (``docs/assets/print/``), serves the site on localhost,
opens the page in Debian's Chromium (driven by Playwright, as the browser tests do),
waits until every formula is typeset, every image loaded and every font ready, and
prints it to PDF with bookmarks and page numbers, twice: the second time with the page
each chapter starts on in the table of contents. Nothing is requested from another
host: the page's requests are checked, and any to elsewhere fails the build.

The PDF is reproducible: Chromium's creation date and file identifier are replaced
(with pypdf) by ones derived from ``SOURCE_DATE_EPOCH`` and the PDF's own content.

Links to the PDF (``data-bp-pdf`` elements: the footer's, the home page's) get its size
written into their ``<!--bp-pdf-size-->`` mark. Where no PDF is made, they are removed:
under ``mkdocs serve`` (printing would slow every live reload) and when Chromium is
missing, which is an error under ``CI=true`` and a notice otherwise.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import io
import logging
import os
import re
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

CHROMIUM = "/usr/bin/chromium"
PDF_NAME = "backprop.pdf"
PRINT_PAGE = "print_page/index.html"
SIZE_MARK = "<!--bp-pdf-size-->"
EDITION_MARK = "<!--bp-cover-edition-->"  # in docs/assets/print/cover.tpl
MONTHS = "January February March April May June July August September October November December".split()
MARGIN = {"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
TEXT_WIDTH = round((210 - 16 - 16) / 25.4 * 96)  # CSS pixels between the margins of A4
# The flags keep Chromium from calling home (the same as the browser tests').
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

log = logging.getLogger("mkdocs.hooks.pdf")
_command = "build"

# True once the print page is ready to print: print.js has laid it out, KaTeX has typeset
# every formula, every image has loaded (or failed) and every font is in.
READY = """() => document.documentElement.dataset.bpPrint === "ready"
  && [...document.querySelectorAll(".arithmatex")].every((el) => el.querySelector(".katex, .katex-error"))
  && [...document.images].every((img) => img.complete)
  && document.fonts.status === "loaded" """

# h1 and h2 of every page and part, for the bookmarks: level 0 for a part or a page at the
# top of the nav, one more per part it is in, one more for an h2. A heading's destination
# is its id or, failing that, its page's (Chromium names the targets of the page's links).
HEADINGS = """() => [...document.querySelectorAll("#print-site-page h1, #print-site-page h2")]
  .filter((h) => !h.closest("#print-site-cover-page, #print-page-toc"))
  .map((h) => {
    const section = h.closest("section");
    let level = h.tagName === "H2" ? 1 : 0;
    for (let s = section.parentElement.closest("section"); s; s = s.parentElement.closest("section"))
      if (s.classList.contains("md-section")) level++;
    const title = [...h.childNodes].filter((n) => !(n.classList && n.classList.contains("headerlink")))
      .map((n) => n.textContent).join("").trim();
    return { level, title, ids: [h.id, section.id].filter(Boolean) };
  })"""

PROBLEMS = """() => [...document.images].filter((img) => img.naturalWidth === 0)
  .map((img) => `image did not load: ${img.getAttribute("src")}`)"""

FOOTER = (
    '<div style="width: 100%; font-size: 8pt; color: #555; text-align: center; '
    'font-family: sans-serif"><span class="pageNumber"></span></div>'
)


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


@event_priority(-100)  # after print-site's on_nav, which keeps the nav for the print page
def on_nav(nav, config, files):
    """The book is the nav less the pages print-site's ``exclude`` leaves out; a part all
    of whose pages are left out (the Reference) goes too, rather than print as a title
    with nothing under it."""
    plugin = config.plugins.get("print-site")
    if plugin is not None and plugin.config.get("enabled"):
        plugin.renderer.items = _book(plugin.renderer.items, plugin.config.get("exclude", []))
    return nav


def _book(items: list, excluded: list[str]) -> list:
    from mkdocs_print_site_plugin.exclude import exclude

    kept = []
    for item in items:
        if item.is_section:
            children = _book(item.children, excluded)
            if not children:
                continue
        elif item.is_page and exclude(item.file.src_path, excluded):
            continue
        kept.append(item)
    return kept


@event_priority(-100)  # after print-site's on_post_build, which writes the print page
def on_post_build(config) -> None:
    site = Path(config["site_dir"])
    plugin = config.get("plugins", {}).get("print-site")
    if plugin is not None and not plugin.config.get("enabled"):  # scripts/serve's partial rebuild
        _link_pdf(site, None)
        return
    page = site / PRINT_PAGE
    if not page.exists():
        raise PluginError(f"{PRINT_PAGE} is missing: is the print-site plugin enabled in mkdocs.yml?")
    _prepare_print_page(page)
    if _command == "serve":
        log.info("No PDF under `mkdocs serve` (scripts/build makes it)")
        _link_pdf(site, None)
        return
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing, so the site has no PDF (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            raise PluginError(message)
        log.info("PDF NOT BUILT: %s; the site's Download PDF links are left out", message)
        _link_pdf(site, None)
        return
    started = time.perf_counter()
    pdf = _finish(*_print(site), config)
    (site / PDF_NAME).write_bytes(pdf)
    _link_pdf(site, len(pdf))
    log.info("Printed %s (%.1f MB) in %.1f s", PDF_NAME, len(pdf) / 1e6, time.perf_counter() - started)


def _prepare_print_page(page: Path) -> None:
    """The print page without what only makes sense on the site, with its own stylesheet
    and script after the site's (so they win).

    Removed: the chapters' Companion notebook boxes (they link to notebook pages, which
    the book leaves out), their "In the API reference" boxes and other links into the
    reference (which it leaves out too), the copy buttons' payloads and set-up notes, and
    the per-line anchors of code blocks, whose ids the plugin does not make unique across
    pages (while it does rewrite the links to them)."""
    html = page.read_text()
    boxes = r'<div class="admonition (?:example bp-notebook|info bp-api)">.*?</div>'
    html = re.sub(boxes, "", html, flags=re.S)
    html = re.sub(r'<a [^>]*\bid="__codelineno-[^"]*"[^>]*></a>', "", html)
    # The copy buttons' payloads and set-up notes (copy.js): paper has no copy button.
    html = re.sub(r'<div class="bp-copy"[^>]*></div>', "", html)
    html = re.sub(r"<details\b[^>]*\bbp-setup\b[^>]*>.*?</details>", "", html, flags=re.S)
    # The API reference stays online: the "in the API reference" lines under listings go,
    # and other links into it (autorefs, which print-site points at made-up anchors) keep
    # their words only.
    html = re.sub(r"<p>\s*<a [^>]*\bbp-api-link\b[^>]*>.*?</a>\s*</p>", "", html, flags=re.S)
    html = re.sub(r'<a class="autorefs\b[^>]*>(.*?)</a>', r"\1", html, flags=re.S)
    html = _unique_ids(html)
    # print-site renders the page in the 404 page's context, whose base URL is absolute (the
    # path of site_url): the page's own, relative one works wherever the site is served.
    html = re.sub(r'(<script id="__config"[^>]*>\{.*?"base": )"[^"]*"', r'\1".."', html, count=1)
    html = html.replace(EDITION_MARK, edition(), 1)
    # Which blocks are folded on the site, marked before any script runs: Material opens
    # every <details> for printing.
    html = re.sub(r"<details\b(?![^>]*\bopen\b)", "<details data-bp-folded", html)
    css = '<link rel="stylesheet" href="../assets/print/print.css">'
    js = '<script src="../assets/print/print.js"></script>'
    html = html.replace("</head>", f"{css}\n</head>", 1).replace("</body>", f"{js}\n</body>", 1)
    page.write_text(html)


def edition() -> str:
    """The title page's line on what is printed: the package's version and the date of
    the text, that of the last commit (SOURCE_DATE_EPOCH, which scripts/_bootstrap.sh
    sets), in words that do not depend on the machine's locale."""
    import backprop

    day = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", "0")))
    return f"Version {backprop.__version__}, text of {day.tm_mday} {MONTHS[day.tm_mon - 1]} {day.tm_year}"


def _unique_ids(html: str) -> str:
    """print-site turns a page's link to "#x" into "#page-x" but renames only the ids of
    headings, footnotes and list items to match: rename any other id so linked (a figure's,
    say) within its page's part of the print page."""
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    wanted = set(re.findall(r'href="#([^"]+)"', html)) - ids
    starts = [(m.start(), m[1]) for m in re.finditer(r'<section class="print-page" id="([^"]+)"', html)]
    if not wanted or not starts:
        return html
    parts = [html[: starts[0][0]]]
    for (start, key), (end, _) in zip(starts, [*starts[1:], (len(html), "")], strict=True):
        parts.append(
            re.sub(
                r'\bid="([^"]+)"',
                lambda m, key=key: f'id="{key}-{m[1]}"' if f"{key}-{m[1]}" in wanted else m[0],
                html[start:end],
            )
        )
    return "".join(parts)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves the folder at the URL path ``mount`` (nothing is found elsewhere), and, as
    GitHub Pages does, its 404.html for a page that is not there."""

    mount = "/"

    def send_head(self):
        if not urlsplit(self.path).path.startswith(self.mount):
            self.send_error(404, f"not under {self.mount}")
            return None
        missing = Path(self.directory) / "404.html"
        if os.path.exists(self.translate_path(self.path)) or not missing.is_file():
            return super().send_head()
        body = missing.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def translate_path(self, path):
        return super().translate_path("/" + path[len(self.mount) :])

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path, mount: str = "/"):
    """Serve a folder on a free localhost port, at the URL path ``mount`` (a project's
    GitHub Pages site is at /<repo>/); yields its URL. (The tests serve the built site
    with it too.)"""
    handler = functools.partial(type("_Mounted", (_Quiet,), {"mount": mount}), directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{mount}"
    finally:
        server.shutdown()
        server.server_close()


def _print(site: Path) -> tuple[bytes, list[dict]]:
    """The print page printed by Chromium (A4, page numbers), and its headings for the
    PDF's bookmarks."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    errors: list[str] = []
    with serve(site) as url, sync_playwright() as pw:
        host = urlsplit(url).netloc

        def route(request_route):
            parts = urlsplit(request_route.request.url)
            if parts.scheme in ("data", "blob") or parts.netloc == host:
                request_route.continue_()
            else:
                outside.append(request_route.request.url)
                request_route.abort()

        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            # As wide as the printed text (A4 less the margins), so that what print.js
            # measures is what is printed.
            page = browser.new_page(color_scheme="light", viewport={"width": TEXT_WIDTH, "height": 1000})
            page.emulate_media(media="print")
            page.route("**/*", route)
            page.on("pageerror", lambda e: errors.append(f"script error: {e}"))
            page.goto(url + PRINT_PAGE.removesuffix("index.html"), wait_until="load")
            try:
                page.wait_for_function(READY, timeout=60_000, polling=100)
            except PlaywrightTimeout as exc:
                raise PluginError(f"{PRINT_PAGE} never became ready to print: {errors}") from exc
            errors += page.evaluate(PROBLEMS)
            if outside or errors:
                problems = [f"request to another host: {u}" for u in outside] + errors
                raise PluginError(f"{PRINT_PAGE} cannot be printed:\n" + "\n".join(problems))
            headings = page.evaluate(HEADINGS)
            # Not tagged: Chromium's tagged PDF would give bookmarks too, but takes twice as
            # long to print and is 2.5 times larger. The bookmarks are added below instead.
            options = {
                "format": "A4",
                "margin": MARGIN,
                "print_background": True,
                "display_header_footer": True,
                "header_template": "<span></span>",
                "footer_template": FOOTER,
            }
            # Printed once to learn where each chapter starts, then again with those page
            # numbers in the contents; they fit on its lines, so no page moves (checked).
            pdf = page.pdf(**options)
            numbers = _page_numbers(pdf)
            page.evaluate(NUMBER_CONTENTS, numbers)
            pdf = page.pdf(**options)
            if _page_numbers(pdf) != numbers:
                raise PluginError(f"{PRINT_PAGE}: numbering the contents moved the chapters")
            return pdf, headings
        finally:
            browser.close()


# Each entry of the contents gets a dot leader and the number of the page it links to.
NUMBER_CONTENTS = """(numbers) => {
  for (const a of document.querySelectorAll("#print-page-toc a[href^='#']")) {
    const n = numbers[decodeURIComponent(a.getAttribute("href").slice(1))];
    if (n === undefined) continue;
    a.insertAdjacentHTML("beforeend",
      `<span class="bp-toc-dots"></span><span class="bp-toc-page">${n}</span>`);
  }
}"""


def _page_numbers(pdf: bytes) -> dict[str, int]:
    """The page number (as the footer prints it, from 1) of every named destination."""
    from pypdf import PdfReader

    with _quiet_pypdf():
        reader = PdfReader(io.BytesIO(pdf))
        return {
            name.lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()
        }


@contextlib.contextmanager
def _quiet_pypdf():
    """Chromium's trailer undercounts its objects, which pypdf warns of: harmless."""
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        pypdf_log.setLevel(level)


def _finish(raw: bytes, headings: list[dict], config) -> bytes:
    """Chromium's PDF with bookmarks (from the headings, at their named destinations), its
    metadata from mkdocs.yml, its dates from SOURCE_DATE_EPOCH and an identifier hashed
    from its content, instead of Chromium's clock."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, Fit

    # Chromium's output is the same for the same page but for its dates.
    digest = hashlib.md5(re.sub(rb"/(Creation|Mod)Date \(D:[^)]*\)", b"", raw), usedforsecurity=False)
    with _quiet_pypdf():
        reader = PdfReader(io.BytesIO(raw))
        writer = PdfWriter(clone_from=reader)
    dests = {name.lstrip("/"): d for name, d in reader.named_destinations.items()}
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    parents: list = []
    for h in headings:
        dest = next((dests[i] for i in h["ids"] if i in dests), None)
        if dest is None:
            continue
        del parents[h["level"] :]
        if len(parents) < h["level"]:
            continue  # a heading under one without a destination
        page = pages[dest.page.idnum]
        fit = Fit.xyz(left=0, top=float(dest.top))
        parent = parents[-1] if parents else None
        parents.append(writer.add_outline_item(h["title"], page, parent=parent, fit=fit))
    writer.page_mode = "/UseOutlines"
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    date = time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(epoch))
    writer.metadata = {
        "/Title": config["site_name"],
        "/Author": config.get("site_author") or "",
        "/Subject": config.get("site_description") or "",
        "/Creator": "mkdocs-print-site-plugin, printed by Chromium",
        "/Producer": "pypdf",
        "/CreationDate": date,
        "/ModDate": date,
    }
    writer._ID = ArrayObject([ByteStringObject(digest.digest())] * 2)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _link_pdf(site: Path, size: int | None) -> None:
    """Write the PDF's size into every link to it, or, without a PDF, remove the links."""
    drop = re.compile(r"<(?P<tag>\w+)\b[^>]*\bdata-bp-pdf\b[^>]*>.*?</(?P=tag)>", re.S)
    for html in site.rglob("*.html"):
        text = html.read_text()
        if SIZE_MARK not in text:
            continue
        if size is None:
            text = drop.sub("", text)
        else:
            text = text.replace(SIZE_MARK, f"({size / 1e6:.1f} MB)")
        html.write_text(text)
