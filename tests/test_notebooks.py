"""The companion notebooks, as the site shows them and as a reader downloads them.

A notebook's page on the site shows each figure as its chapter does: the same SVG (or
animation), the same alt text, the same numbered caption under it; its links into the
API reference are links. The notebook to download keeps what the kernel drew, as SVG
described by the figure's alt text, with the caption under it, and ran top to bottom
when the site was built (tests/test_docs.py checks that every cell ran).
"""

import html
import re
import sys
from pathlib import Path

import nbformat

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import notebooks

DOCS = ROOT / "docs"
CHAPTERS = [
    c.relative_to(DOCS)
    for c in sorted(DOCS.rglob("*.md"))
    if c.name != "index.md" and "reference" not in c.relative_to(DOCS).parts
]
FIGURE = re.compile(r"<figure\b[^>]*>(.*?)</figure>", re.S)


def figures(page_html: str) -> list[tuple[str, str, str]]:
    """Each figure of a page's article: (its file's name or, for an animation, "inline"),
    its alt text, its caption."""
    article = page_html[page_html.index("<article") : page_html.index("</article>")]
    found = []
    for m in FIGURE.finditer(article):
        body = m[1]
        img = re.search(r"<img [^>]*>", body)  # (attributes in any order: nbconvert sorts them)
        if img:
            shown = Path(re.search(r'src="([^"]+)"', img[0])[1]).name
            alt = re.search(r'alt="([^"]*)"', img[0])[1]
        else:
            shown, alt = "inline", re.search(r'<(?:svg|div) [^>]*aria-label="([^"]*)"', body)[1]
        caption = re.search(r"<figcaption>(.*?)</figcaption>", body, re.S)[1]
        found.append((shown, html.unescape(alt), html.unescape(" ".join(caption.split()))))
    return found


def name(chapter: Path) -> str:
    return str(chapter.with_suffix("")).replace("/", "-")


def test_a_notebook_page_shows_the_figures_of_its_chapter(site):
    out = site[0]
    shown = 0
    for chapter in CHAPTERS:
        page = (out / chapter.with_suffix("") / "index.html").read_text()
        notebook = (out / "notebooks" / name(chapter) / "index.html").read_text()
        assert figures(notebook) == figures(page), chapter
        assert "No description has been provided" not in notebook, chapter
        assert not re.search(r'<img [^>]*src="data:image/png', notebook), chapter  # the kernel's PNG
        shown += len(figures(page))
    assert shown > 20


def test_a_notebook_page_links_the_api_reference(site):
    out = site[0]
    for chapter in CHAPTERS:
        notebook = (out / "notebooks" / name(chapter) / "index.html").read_text()
        assert not re.search(r"\]\[backprop\.", notebook), f"{chapter}: a raw cross-reference"
    page = (out / "notebooks" / "univariate" / "index.html").read_text()
    assert 'href="../../reference/training/#backprop.training.train"' in page


def test_a_downloaded_notebook_keeps_the_kernels_figures_as_svg_with_alt_text(site):
    out = site[0]
    for chapter in CHAPTERS:
        expected = figures((out / chapter.with_suffix("") / "index.html").read_text())
        nb = nbformat.read(out / "notebooks" / name(chapter) / f"{name(chapter)}.ipynb", as_version=4)
        drawn = [
            output.data
            for cell in nb.cells
            if cell.cell_type == "code"
            for output in cell.outputs
            if any(kind.startswith("image/") for kind in output.get("data", {}))
        ]
        assert [set(d) for d in drawn] == [{"image/svg+xml", "text/plain"}] * len(expected), chapter
        assert [d["text/plain"] for d in drawn] == [alt for _, alt, _ in expected], chapter
        captions = [
            c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("*Figure ")
        ]
        numbers = [c.split(":")[0] for _, _, c in expected]  # "Figure 5.2"
        assert [c.split(":")[0].lstrip("*") for c in captions] == numbers, chapter
        assert not any(key.startswith("bp_") for cell in nb.cells for key in cell.metadata), chapter


def test_the_page_and_the_download_of_an_executed_notebook():
    chapter = '# 3. T\n\nProse.\n\n```python figure caption="A line." alt="A line rising."\nplot()\n```\n'
    nb = notebooks.chapter_notebook(chapter, "t.md")
    drawn = [c for c in nb.cells if c.cell_type == "code"][-1]
    drawn.outputs = [
        nbformat.v4.new_output("stream", text="note\n"),
        nbformat.v4.new_output("display_data", data={"image/svg+xml": "<svg/>", "text/plain": "<Figure>"}),
    ]
    shown = notebooks.Figure(
        '<figure><img src="../../figures/t-1.svg" alt="A line rising."></figure>', "A line rising."
    )
    page, download = notebooks.page_and_download(nb, [shown])
    outputs = [c.outputs for c in page.cells if c.cell_type == "code"][-1]
    assert [o.get("text") for o in outputs] == ["note\n", None]  # printed text stays
    assert outputs[1].data == {"text/html": shown.html, "text/plain": "A line rising."}
    assert not any(c.source.startswith("*Figure") for c in page.cells)  # the caption is in the figure
    outputs = [c.outputs for c in download.cells if c.cell_type == "code"][-1]
    assert outputs[1].data == {"image/svg+xml": "<svg/>", "text/plain": "A line rising."}
    assert [c.source for c in download.cells if c.source.startswith("*Figure")] == ["*Figure 3.1: A line.*"]
