"""The whole book as one PDF (site/backprop.pdf, printed by scripts/pdf_hook.py).

The PDF is read back with pypdf: it must open, hold every chapter in reading order with
its title and bookmark, show math typeset (KaTeX's fonts, no TeX source left in the
text), hold a box for every figure of the site, no navigation chrome, and be linked,
with its size, from every page. As a book: its title page gives the version and the
date of the text, its contents every chapter and section with its page, every table
cell's text is printed, a figure and its caption share a page, and no heading ends a
page (print.js lays named links over what these tests find: see ``pdf_boxes``). The
tests that read the PDF need Chromium, like the browser tests (without it, outside CI,
the build makes no PDF and they skip).
"""

import multiprocessing
import os
import re
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError
from pypdf import PdfReader

from conftest import ROOT, background

sys.path.insert(0, str(ROOT / "scripts"))
import pdf_hook  # the build's PDF hook, in scripts/

DOCS = ROOT / "docs"
MAX_BYTES = 15_000_000
RAW_TEX = re.compile(r"\\frac|\\partial|\\hat|\\sum|\\mathbb|\\\(|\\\[|\$")
CHROME = ["Skip to content", "Material for MkDocs", "Companion notebook", "Download PDF", "Back to top"]


def nav(labels: bool = False) -> list[tuple[str, str | None]]:
    """(title, page) of the book in reading order: mkdocs.yml's nav less the API reference,
    which stays online; a part has no page. A page's title is its first heading, as the
    book prints it, or, with ``labels``, its label in the nav, as the contents print it."""
    items = []
    section = re.search(r"(?ms)^nav:\n(.*?)^\S", (ROOT / "mkdocs.yml").read_text())[1]
    section = re.sub(r"(?m)^  - Reference:\n(^    .*\n)*", "", section)
    for m in re.finditer(r"^\s+- (?P<label>[^:\n]+):(?: (?P<page>\S+\.md))?$", section, re.M):
        if m["page"] is None:
            items.append((m["label"], None))
        elif labels:
            items.append((m["label"], m["page"]))
        else:
            first = re.search(r"^# (.+)$", (DOCS / m["page"]).read_text(), re.M)
            items.append((first[1].strip(), m["page"]))
    return items


def words(text: str) -> str:
    return " ".join(text.split())


def loose_words(text: str) -> str:
    """words(text), without the space that the PDF's text has where a code span meets
    the punctuation after it ("grads["w"] ," for "grads["w"],")."""
    return re.sub(r"\s+(?=[,;.:)])", "", words(text))


def page_texts(path: Path) -> list[tuple[str, str]]:
    """The text of every page of a PDF: (all of it, the part not in code)."""
    pages = []
    for page in PdfReader(path).pages:
        prose = []

        def visit(text, cm, tm, font, size, prose=prose):
            if "Mono" not in str((font or {}).get("/BaseFont", "")):  # code is set in a monospace font
                prose.append(text)

        pages.append((page.extract_text(visitor_text=visit), "".join(prose)))
    return pages


def start_reading(site: Path) -> tuple[Future, ProcessPoolExecutor]:
    """Start reading the built PDF's text in another process (pypdf, in pure Python, spends
    over ten seconds of CPU on the book): (future, pool). The site fixture starts this in
    the background as soon as the site is built."""
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("forkserver"))
    return pool.submit(page_texts, site / pdf_hook.PDF_NAME), pool


@pytest.fixture(scope="module")
def pdf(site, browser):
    """The built PDF and its text page by page: (reader, [(all text, text not in code)])."""
    out, returncode, log = site
    assert returncode == 0, log
    path = out / pdf_hook.PDF_NAME
    assert path.exists(), f"the build made no {pdf_hook.PDF_NAME}:\n{log}"
    future, pool = background.pop("pdf", None) or start_reading(out)
    with pool:
        return PdfReader(path), future.result()


def test_pdf_opens_with_a_sane_number_of_pages_and_size(site, pdf):
    reader, _ = pdf
    assert 40 <= len(reader.pages) <= 250, len(reader.pages)
    size = (site[0] / pdf_hook.PDF_NAME).stat().st_size
    assert size <= MAX_BYTES, f"{size / 1e6:.1f} MB"
    width, height = (float(x) for x in reader.pages[0].mediabox[2:])
    assert (round(width / 2.835), round(height / 2.835)) == (210, 297)  # A4, in mm


def test_pdf_has_a_title_page_and_contents(pdf):
    reader, pages = pdf
    assert reader.metadata.title == "backprop: gradient descent and backpropagation"
    assert words(pages[0][0]).startswith("backprop: gradient descent and backpropagation")
    assert words(pages[1][0]).startswith("Contents")


def test_the_title_page_gives_the_version_and_the_date_of_the_text(pdf):
    """The date is the last commit's (SOURCE_DATE_EPOCH), so that builds stay identical."""
    import backprop

    _, pages = pdf
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    day = time.gmtime(epoch)
    date = f"{day.tm_mday} {time.strftime('%B', day)} {day.tm_year}"  # the C locale's month
    assert f"Version {backprop.__version__}, text of {date}" in words(pages[0][0])
    assert pdf_hook.edition() == f"Version {backprop.__version__}, text of {date}"


def chapter_starts(pages) -> dict[str, int]:
    """The index of the page each chapter starts on, by title; a part's is its first
    chapter's, whose page its title opens."""
    starts, parts = {}, []
    for title, page in nav():
        if page is None:
            parts.append(title)
            continue
        heads = (words(title), *(words(f"{part} {title}") for part in parts[-1:]))
        found = [i for i, (text, _) in enumerate(pages) if words(text).startswith(heads)]
        assert found, f"no page starts with the chapter title {title!r}"
        starts[title] = found[0]
        while parts and parts[-1] not in starts:
            starts[parts[-1]] = found[0]
    return starts


def test_every_chapter_starts_a_page_in_reading_order(pdf):
    _, pages = pdf
    chapters = [title for title, page in nav() if page is not None]
    starts = [chapter_starts(pages)[title] for title in chapters]
    assert starts == sorted(starts) and len(set(starts)) == len(starts), starts


def lines(page) -> list[str]:
    """A PDF page's text, line by line (by height)."""
    rows: dict[int, list] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + tm[4] * cm[1] + cm[5]
            rows.setdefault(round(y), []).append((x, text))

    page.extract_text(visitor_text=visit)
    return [words(" ".join(t for _, t in sorted(rows[y]))) for y in sorted(rows, reverse=True)]


def outline(reader) -> list[tuple[str, int]]:
    """The bookmarks in reading order: (title, page number from 1)."""
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def test_the_contents_give_every_chapter_and_section_with_its_page(pdf):
    """Line by line, the contents are the bookmarks (every part, chapter and ## section),
    in order, each with the page it starts on, and a chapter by its label in the nav."""
    reader, pages = pdf
    first = min(chapter_starts(pages).values())  # the contents run up to the first chapter
    entries = [
        m.groups()
        for page in reader.pages[1:first]
        for line in lines(page)
        if (m := re.fullmatch(r"(.+?) (\d+)", line))
    ]
    label = {title: label for (title, _), (label, _) in zip(nav(), nav(labels=True), strict=True)}
    starts = {label[title]: str(i + 1) for title, i in chapter_starts(pages).items()}  # from 1
    expected = [(label.get(title, title), str(n)) for title, n in outline(reader)]
    assert entries == expected
    assert {e for e in entries if e[0] in starts} == set(starts.items())
    assert len(entries) > 2 * len(starts), "the contents list the sections"


def test_bookmarks_follow_the_nav(pdf):
    reader, _ = pdf
    chapters = []  # titles of the outline's top level, and of each part's chapters
    for i, item in enumerate(reader.outline):
        if isinstance(item, list):
            continue
        chapters.append(item.title)
        children = reader.outline[i + 1] if i + 1 < len(reader.outline) else []
        if isinstance(children, list) and item.title in [t for t, p in nav() if p is None]:
            chapters += [c.title for c in children if not isinstance(c, list)]
    assert chapters == [title for title, _ in nav()]


def test_math_is_typeset_not_left_as_tex(pdf):
    reader, pages = pdf
    fonts = {
        str(f.get_object()["/BaseFont"])
        for p in reader.pages
        for f in p["/Resources"].get("/Font", {}).values()
    }
    assert any("KaTeX_Math" in f for f in fonts), sorted(fonts)
    raw = []
    for n, (_, prose) in enumerate(pages, start=1):
        raw += [
            f"page {n}: ...{prose[max(0, m.start() - 30) : m.end() + 30]!r}..."
            for m in RAW_TEX.finditer(prose)
        ]
    assert not raw, "TeX source in the PDF's text (outside code):\n" + "\n".join(raw)


def test_every_figure_of_the_site_is_in_the_pdf(site, pdf):
    """print.js lays a self-link over each printed figure; Chromium turns it into a link
    annotation whose box is the figure's, named bp-figure-N. Each must be on one page, of
    a figure's size, inside the page."""
    out = site[0]
    on_site = 0
    for _, page in nav():
        if page is None:
            continue
        html = (out / ("" if page == "index.md" else page.removesuffix(".md")) / "index.html").read_text()
        article = html[html.index("<article") : html.index("</article>")]
        images = len(re.findall(r"<img\b", article))  # less the dark drawings and animations' stills
        dark = len(re.findall(r'<picture class="[^"]*\bbp-figure--dark\b', article))
        images -= dark + article.count("bp-live__still")
        on_site += images + article.count('class="bp-animation"')
    reader, _ = pdf
    boxes = []
    for page in reader.pages:
        width, height = (float(x) for x in page.mediabox[2:])
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if str(annot.get("/Dest", "")).startswith("/bp-figure-"):
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height, annot
                assert x1 - x0 > 100 and y1 - y0 > 50, f"a figure of {x1 - x0:.0f} x {y1 - y0:.0f} pt"
                boxes.append(annot["/Dest"])
    assert len(set(boxes)) == len(boxes) >= on_site > 20, (len(boxes), on_site)


def test_no_navigation_chrome_in_the_pdf(pdf):
    _, pages = pdf
    text = words(" ".join(prose for _, prose in pages))
    assert not [c for c in CHROME if c in text]


def test_every_page_links_the_pdf_with_its_size(site, pdf):
    out = site[0]
    size = f"({(out / pdf_hook.PDF_NAME).stat().st_size / 1e6:.1f} MB)"
    for _, page in nav():
        if page is None:
            continue
        html = (out / ("" if page == "index.md" else page.removesuffix(".md")) / "index.html").read_text()
        links = re.findall(r'<a [^>]*href="(?:\.\./)*backprop\.pdf"[^>]*>([^<]*)</a>', html)
        assert any(f"Download PDF {size}" in link for link in links), (page, links)
        assert pdf_hook.SIZE_MARK not in html
    home = (out / "index.html").read_text()
    assert f"backprop.pdf {size}</a>" in home


def test_pdf_dates_come_from_source_date_epoch(pdf):
    """Chromium writes the time of printing; the hook writes the last commit's (as
    scripts/_bootstrap.sh exports it), and an identifier hashed from the content."""
    reader, _ = pdf
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    date = time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(epoch))
    assert reader.metadata["/CreationDate"] == reader.metadata["/ModDate"] == date
    assert reader.trailer["/ID"][0] == reader.trailer["/ID"][1]


def test_without_chromium_the_links_go_and_ci_fails(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "print_page").mkdir(parents=True)
    (site / "print_page" / "index.html").write_text("<html><head></head><body></body></html>")
    page = f'<p>Text.</p><a href="backprop.pdf" data-bp-pdf>Download PDF {pdf_hook.SIZE_MARK}</a><p>More.</p>'
    (site / "index.html").write_text(page)
    monkeypatch.setattr(pdf_hook, "CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setattr(pdf_hook, "_command", "build")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(PluginError, match="no-chromium is missing"):
        pdf_hook.on_post_build({"site_dir": str(site)})
    monkeypatch.delenv("CI")
    pdf_hook.on_post_build({"site_dir": str(site)})
    assert (site / "index.html").read_text() == "<p>Text.</p><p>More.</p>"
    assert not (site / pdf_hook.PDF_NAME).exists()


# -- the PDF as a book: tables, figures, headings --------------------------------------------


def pdf_boxes(reader) -> dict[str, list[tuple[int, tuple[float, ...]]]]:
    """The boxes print.js names by laying a link over them, by name: (page index, rect) of
    each piece (an element broken over two pages has two). Named: bp-figure-N over figure
    N and bp-caption-N over its caption; bp-keep-N over a heading and bp-keep-N-end over
    the first line of the last element print.js keeps on its page."""
    boxes: dict[str, list] = {}
    for i, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            name = str(annot.get("/Dest", "")).lstrip("/")
            rect = tuple(float(v) for v in annot["/Rect"])
            if name.startswith("bp-") and rect[3] > rect[1]:
                boxes.setdefault(name, []).append((i, rect))
    return boxes


def test_every_figure_shares_its_page_with_its_caption(pdf):
    reader, _ = pdf
    boxes = pdf_boxes(reader)
    figures = [name for name in boxes if re.fullmatch(r"bp-figure-\d+", name)]
    apart = []
    for name in figures:
        caption = boxes.get(name.replace("figure", "caption"))
        assert caption, f"{name} has no caption"
        (page, figure), *more = boxes[name]
        if more or len(caption) > 1 or caption[0][0] != page:
            apart.append(f"{name} on page {page + 1}, its caption on page {caption[0][0] + 1}")
        elif caption[0][1][3] > figure[3] + 1:  # PDF heights grow upwards
            apart.append(f"{name}: its caption is above it")
    assert len(figures) > 20 and not apart, apart


def test_no_heading_ends_a_page(pdf):
    """A heading (h2 to h4, or a content tab's label) is on the page where what follows it
    starts: the first lines of a paragraph, or the figure, table, formula, code block or
    list that a short sentence or two under it lead to (print.js's rule)."""
    reader, _ = pdf
    boxes = pdf_boxes(reader)
    headings = [name for name in boxes if re.fullmatch(r"bp-keep-\d+", name)]
    stranded = []
    for name in headings:
        page, end = boxes[name][0][0], boxes[f"{name}-end"][0]
        if end[0] != page:
            text = [line for line in lines(reader.pages[page]) if line][-3:]
            stranded.append(f"page {page + 1} ends with a heading, its content on page {end[0] + 1}: {text}")
    assert len(headings) > 50 and not stranded, "\n".join(stranded)


class _Cells(HTMLParser):
    """The text of every table cell of a page's article, less its math (KaTeX's glyphs
    come out of a PDF in another form) and less any link to a note."""

    def __init__(self):
        super().__init__()
        self.cells: list[str] = []
        self._cell: list[str] | None = None
        self._math = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")
        elif self._cell is not None and (self._math or ("class", "arithmatex") in attrs):
            self._math += 1

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append(words("".join(self._cell)))
            self._cell = None
        elif self._math and tag in ("span", "div"):
            self._math -= 1

    def handle_data(self, data):
        if self._cell is not None and not self._math:
            self._cell.append(data)


def test_the_pdf_prints_every_table_cell(site, pdf):
    """Each cell's text (without its math) is in the PDF's text, on paper as on screen:
    a table wider than the page is scaled to fit, not cut."""
    _, pages = pdf
    text = loose_words(" ".join(all_text for all_text, _ in pages))
    missing, count = [], 0
    for _, page in nav():
        if page is None:
            continue
        html = (site[0] / ("" if page == "index.md" else page.removesuffix(".md")) / "index.html").read_text()
        parser = _Cells()
        parser.feed(html[html.index("<article") : html.index("</article>")])
        for cell in parser.cells:
            cell = loose_words(cell.replace("\u200b", ""))
            count += bool(cell)
            if cell and cell not in text:
                missing.append(f"{page}: {cell!r}")
    assert count > 100 and not missing, f"{len(missing)} of {count} cells not in the PDF:\n" + "\n".join(
        missing[:20]
    )
