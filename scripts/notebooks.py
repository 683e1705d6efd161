"""Companion Jupyter notebooks, generated from the chapters and executed at build time.

A chapter's prose becomes Markdown cells and its Python blocks code cells, in order; a
doctest block becomes plain code (prompts and expected output removed), split so that
each expression whose value the chapter prints ends a cell and is displayed by Jupyter.
Material's admonitions and content tabs become bold titles over their content,
``<!-- source: ... -->`` includes become listings, and links into the API reference
(mkdocstrings' ``[text][backprop.module.name]``) links to its pages on the site.

Each notebook is written twice. The one the site renders as the notebook's page shows
each figure as its chapter does (the same SVG file, its alt text, its numbered caption
under it), in place of the image the kernel drew. The one offered for download keeps
what the kernel drew, as SVG, described by the figure's alt text, under which the
caption follows as a line of Markdown: it runs top to bottom on the reader's machine.
The notebooks are build outputs: nothing here is edited by hand.
"""

from __future__ import annotations

import copy
import doctest
import hashlib
import os
import posixpath
import re
import shlex
import shutil
import sys
import tempfile
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import IPython  # noqa: F401  here, in the main thread: see below
import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

# IPython is imported above, before any worker thread starts: jupyter_client imports it
# lazily in the workers, and matplotlib, imported meanwhile by chapter code in the main
# thread, asks a half-imported IPython for get_ipython (AttributeError, a flaky build).

sys.path.insert(0, str(Path(__file__).resolve().parent))
import literate  # a sibling module

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("BACKPROP_CACHE", ROOT / ".cache")) / "notebooks"

# An admonition (!!! note "Title"), a collapsible one (??? note) or a content tab (=== "Tab").
CONTAINER = re.compile(
    r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?|===)\s*(?P<kind>[\w-]*)\s*(?:"(?P<title>[^"]*)")?\s*$'
)
FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
# A source include; unindented, as the containers are flattened first.
SOURCE = re.compile(r"^<!--\s*source:\s*(?P<target>[\w.]+)\s*-->[ \t]*$", re.M)

MD_LINK = re.compile(r"\]\((?P<target>[\w./-]+)\.md(?P<anchor>#[\w-]+)?\)")
# A link to an entry of the API reference, as mkdocstrings' autorefs writes it.
API_LINK = re.compile(r"\[(?P<text>[^\[\]]+)\]\[(?P<target>backprop(?:\.\w+)+)\]")

# Figures as SVG (as in the book), without the date matplotlib would write into each.
SETUP = """\
%matplotlib inline
%config InlineBackend.figure_formats = ["svg"]
%config InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "metadata": {"Date": None}}
from backprop.figures import plot

plot.use_book_style()  # the figures' look in the book"""


@dataclass(frozen=True)
class Figure:
    """A chapter's figure as its page shows it: ``html`` (the image or animation, its alt
    text, its numbered caption), ``alt`` the alt text alone."""

    html: str
    alt: str


def flatten_containers(markdown: str) -> str:
    """Admonitions and tabs become a bold title over their (dedented) content."""
    out, stack = [], []  # stack: indentation of the open containers' content
    for line in markdown.split("\n"):
        indent = len(line) - len(line.lstrip())
        while stack and line.strip() and indent < stack[-1]:
            stack.pop()
        depth = stack[-1] if stack else 0
        m = CONTAINER.match(line)
        if m:
            title = m["title"] or m["kind"].capitalize()
            out.append(f"**{title}**" if title else "")
            stack.append(len(m["indent"]) + 4)
            continue
        out.append(line[depth:] if line.startswith(" " * depth) else line.lstrip())
    return "\n".join(out)


def doctest_cells(code: str) -> list[str]:
    """Plain code from a doctest, one cell per example whose output the chapter shows."""
    cells, current = [], []
    for example in doctest.DocTestParser().get_examples(code):
        current.append(example.source.rstrip("\n"))
        if example.want.strip():
            cells.append("\n".join(current))
            current = []
    if current:
        cells.append("\n".join(current))
    return cells


def _listing(target: str) -> str:
    code, where = literate.source_of(target)
    return f"From `{where}`:\n\n```py\n{code}\n```"  # "py": shown, not a cell to run


def _site_url(chapter: str, target: str) -> str:
    """A chapter's link to another chapter, as a URL from the notebook's page on the site
    (notebooks/NAME/): the notebook lives two folders below the site's root."""
    path = posixpath.normpath(posixpath.join(posixpath.dirname(chapter), target))
    return "../../" + ("" if path == "index" else f"{path}/")


def _reference_pages() -> dict[str, str]:
    """The API reference's page of each documented module: {"backprop.optim": "optim"}."""
    pages = {}
    for page in sorted((ROOT / "docs" / "reference").glob("*.md")):
        for m in re.finditer(r"^:::\s*(\S+)", page.read_text(), re.M):
            pages[m[1]] = page.stem
    return pages


def _api_link(m: re.Match, chapter: str, pages: dict[str, str]) -> str:
    """``[text][backprop.optim.GD]`` as a link to that entry on the site; the text alone
    when no page documents it."""
    module = max(
        (mod for mod in pages if m["target"].startswith(mod + ".") or m["target"] == mod),
        key=len,
        default=None,
    )
    if module is None:
        return m["text"]
    return f"[{m['text']}]({_site_url(chapter, 'reference/' + pages[module])}#{m['target']})"


def chapter_notebook(markdown: str, chapter: str) -> nbformat.NotebookNode:
    """The notebook of one chapter (not executed): its title first, then a line that links
    back to the chapter, then the chapter's prose and code in order."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    title = re.search(r"^# .*$", markdown, re.M)
    heading = title[0] if title else f"# {chapter}"
    if title:
        markdown = markdown[: title.start()] + markdown[title.end() :]
    page = _site_url(chapter, posixpath.basename(chapter).rsplit(".", 1)[0])
    intro = (
        f"{heading}\n\n*The code of [this chapter of the backprop textbook]({page}), generated from "
        f"`docs/{chapter}` and executed when the site was built. It needs the `backprop` package: "
        "from a clone of the repository, `pip install -e .`*"
    )
    cells = [nbformat.v4.new_markdown_cell(intro), nbformat.v4.new_code_cell(SETUP)]
    text = SOURCE.sub(lambda m: _listing(m["target"]), flatten_containers(markdown))
    text = MD_LINK.sub(lambda m: f"]({_site_url(chapter, m['target'])}{m['anchor'] or ''})", text)
    pages = _reference_pages()
    text = API_LINK.sub(lambda m: _api_link(m, chapter, pages), text)
    number, figures = literate.chapter_number(heading), 0
    pos = 0
    for m in FENCE.finditer(text):
        prose = text[pos : m.start()].strip()
        if prose:
            cells.append(nbformat.v4.new_markdown_cell(prose))
        words = shlex.split(m["info"]) if m["info"].strip() else []
        body = m["body"].rstrip("\n")
        if words and words[0] == "python":
            if body.lstrip().startswith(">>>"):
                cells += [nbformat.v4.new_code_cell(c) for c in doctest_cells(body)]
            else:
                cells.append(nbformat.v4.new_code_cell(body))
            options = dict(w.partition("=")[::2] for w in words[1:])
            if "caption" in options:
                label = f"{number}.{figures + 1}" if number else str(figures + 1)
                cells[-1].metadata["bp_figure"] = figures  # the figure's index in the chapter
                caption = nbformat.v4.new_markdown_cell(f"*Figure {label}: {options['caption']}*")
                caption.metadata["bp_caption"] = figures
                cells.append(caption)
                figures += 1
        else:
            cells.append(nbformat.v4.new_markdown_cell(m.group(0)))
        pos = m.end()
    tail = text[pos:].strip()
    if tail:
        cells.append(nbformat.v4.new_markdown_cell(tail))
    for i, cell in enumerate(cells):  # stable ids: identical builds give identical files
        cell["id"] = f"cell-{i}"
    nb.cells = cells
    return nb


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:20]


def start_kernel() -> KernelManager:
    """A Python kernel that talks over a local socket file (IPC), not the network."""
    socket = Path(tempfile.gettempdir()) / f"backprop-kernel-{uuid.uuid4().hex[:12]}"
    km = KernelManager(kernel_name="python3", transport="ipc", ip=str(socket))
    km.start_kernel()
    return km


def execute(nb: nbformat.NotebookNode, path: Path, km: KernelManager) -> None:
    """Run the notebook in ``km``'s kernel, from an empty namespace, and save it at ``path``.

    Starting a kernel costs about a second of CPU, so a build reuses one per worker; ``%reset``
    empties it first, and execution counts are numbered from 1 as in a fresh kernel."""
    run = copy.deepcopy(nb)
    run.cells.insert(0, nbformat.v4.new_code_cell("%reset -f"))
    client = NotebookClient(run, km=km, timeout=600, resources={"metadata": {"path": str(ROOT)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        raise RuntimeError(f"the notebook of docs/{path.stem} failed:\n{exc}") from exc
    finally:
        if client.kc is not None:
            client.kc.stop_channels()
    nb.cells, nb.metadata = run.cells[1:], run.metadata  # metadata: the kernel's language_info
    code = [c for c in nb.cells if c.cell_type == "code"]
    for count, cell in enumerate(code, start=1):
        cell.execution_count = count
        cell.get("metadata", {}).pop("execution", None)  # timestamps: builds must be reproducible
        for output in cell.outputs:
            if "execution_count" in output:
                output.execution_count = count
        cell.outputs = _coalesced(cell.outputs)
    _write(nb, path)


def _coalesced(outputs: list) -> list:
    """Printed text as one output per stream: the kernel sends it in pieces whose cuts
    depend on timing, which would make two builds differ."""
    merged: list = []
    for output in outputs:
        last = merged[-1] if merged else None
        if (
            output.output_type == "stream"
            and last is not None
            and last.output_type == "stream"
            and (last.name == output.name)
        ):
            last.text += output.text
        else:
            merged.append(output)
    return merged


def with_outputs(nb: nbformat.NotebookNode, executed: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``nb`` with the outputs of ``executed``, a run of the same code cells, and its
    metadata (the kernel's language_info), as a fresh run would write it."""
    nb.metadata = executed.metadata
    runs = iter(c for c in executed.cells if c.cell_type == "code")
    for cell in nb.cells:
        if cell.cell_type == "code":
            run = next(runs)
            cell.outputs, cell.execution_count = run.outputs, run.execution_count
    return nb


def page_and_download(
    nb: nbformat.NotebookNode, figures: list[Figure]
) -> tuple[nbformat.NotebookNode, nbformat.NotebookNode]:
    """An executed notebook as the site shows it and as a reader downloads it (see the
    module's docstring): the page's figures are the chapter's (``figures``, one for each
    figure block, in order), and the download keeps the kernel's, described by their
    alt text."""
    page, download = copy.deepcopy(nb), copy.deepcopy(nb)
    drawn = [c for c in nb.cells if "bp_figure" in c.metadata]
    if len(drawn) != len(figures):
        raise ValueError(f"the notebook has {len(drawn)} figure cells but the chapter {len(figures)} figures")
    for cell in page.cells:
        if "bp_figure" in cell.metadata:
            figure = figures[cell.metadata["bp_figure"]]
            kept = [o for o in cell.get("outputs", []) if not _is_image(o)]
            cell.outputs = [
                *kept,
                nbformat.v4.new_output(
                    "display_data", data={"text/html": figure.html, "text/plain": figure.alt}
                ),
            ]
    page.cells = [c for c in page.cells if "bp_caption" not in c.metadata]  # under the figure now
    for cell in download.cells:
        if "bp_figure" in cell.metadata:
            for output in cell.get("outputs", []):
                if _is_image(output):
                    output.data["text/plain"] = figures[cell.metadata["bp_figure"]].alt
    for cell in page.cells + download.cells:
        cell.metadata.pop("bp_figure", None)
        cell.metadata.pop("bp_caption", None)
    return page, download


def _is_image(output) -> bool:
    return output.get("output_type") in ("display_data", "execute_result") and any(
        kind.startswith("image/") for kind in output.get("data", {})
    )


def slim_page(page_html: str) -> str:
    """A notebook's page without what notebook.css hides anyway: nbconvert's copy button
    (an icon, 1 kB) on every code cell and the cells' collapse bars. On a notebook of many
    cells and figures, this keeps the page within the size budget."""
    page_html = re.sub(
        r'<div class="zeroclipboard-container">\s*<clipboard-copy\b.*?</clipboard-copy>\s*</div>',
        "",
        page_html,
        flags=re.S,
    )
    return re.sub(r'<div class="jp-Collapser\b[^"]*">\s*</div>', "", page_html)


def _write(nb: nbformat.NotebookNode, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(nbformat.writes(nb))
    tmp.replace(path)  # atomic: an interrupted build leaves no half-written notebook


class Builder:
    """Executes the notebooks that are not cached in the background, in two kernels, while
    the build goes on with the chapters; ``wait(name)`` blocks until one is ready."""

    def __init__(self):
        self.pool = ThreadPoolExecutor(max_workers=2)
        self.jobs = {}
        self.downloads: dict[str, Path] = {}  # each notebook as a reader downloads it
        self.kernels: list[KernelManager] = []
        self._local = threading.local()  # each worker thread keeps its own kernel
        self._lock = threading.Lock()

    def submit(
        self, name: str, chapter: str, markdown: str, package_hash: str, figures: list[Figure]
    ) -> Path:
        """The path the chapter's executed notebook will have, as its page shows it (the
        one to download is noted in ``downloads``). Execution is keyed by the code cells (and
        the package): a prose-only edit reuses the outputs without running anything."""
        nb = chapter_notebook(markdown, chapter)
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        executed = CACHE / "executed" / _key(package_hash, *code) / f"{name}.ipynb"
        key = _key(package_hash, nbformat.writes(nb), *(f.html for f in figures))
        path = CACHE / "pages" / key / f"{name}.ipynb"
        self.downloads[name] = CACHE / "downloads" / key / f"{name}.ipynb"
        if path.exists() and self.downloads[name].exists():
            return path
        if executed.exists():
            self._finish(
                with_outputs(nb, nbformat.read(executed, as_version=4)), figures, path, self.downloads[name]
            )
        else:
            self.jobs[name] = self.pool.submit(self._run, nb, figures, executed, path, self.downloads[name])
        return path

    def _run(self, nb, figures, executed: Path, path: Path, download: Path) -> None:
        km = getattr(self._local, "km", None)
        if km is None:
            km = self._local.km = start_kernel()
            with self._lock:
                self.kernels.append(km)
        execute(nb, executed, km)
        self._finish(nbformat.read(executed, as_version=4), figures, path, download)

    @staticmethod
    def _finish(nb, figures, path: Path, download: Path) -> None:
        page, offered = page_and_download(nb, figures)
        _write(offered, download)
        _write(page, path)

    def write_downloads(self, site: Path) -> None:
        """Put each notebook to download where the chapter's link points, in place of the
        copy of its page's notebook that mkdocs-jupyter makes."""
        for name, path in self.downloads.items():
            target = site / "notebooks" / name / f"{name}.ipynb"
            if target.parent.is_dir():
                shutil.copyfile(path, target)

    def wait(self, name: str) -> None:
        job = self.jobs.pop(name, None)
        if job is not None:
            job.result()

    def close(self) -> None:
        for job in self.jobs.values():
            job.cancel()
        self.pool.shutdown(wait=True)
        for km in self.kernels:
            km.shutdown_kernel(now=True)
        self.kernels.clear()
