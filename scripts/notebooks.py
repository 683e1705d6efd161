"""Companion Jupyter notebooks, generated from the chapters and executed at build time.

A chapter's prose becomes Markdown cells and its Python blocks code cells, in order; a
doctest block becomes plain code (prompts and expected output removed), split so that
each expression whose value the chapter prints ends a cell and is displayed by Jupyter.
Material's admonitions and content tabs become bold titles over their content, and
``<!-- source: ... -->`` includes become listings. The notebooks are build outputs:
nothing here is edited by hand.
"""

from __future__ import annotations

import copy
import doctest
import hashlib
import os
import posixpath
import re
import shlex
import sys
import tempfile
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
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

SETUP = """\
%matplotlib inline
%config InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "dpi": 72}
from backprop.figures import plot

plot.use_book_style()  # the figures' look in the book"""


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
                figures += 1
                label = f"{number}.{figures}" if number else str(figures)
                cells.append(nbformat.v4.new_markdown_cell(f"*Figure {label}: {options['caption']}*"))
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
        self.kernels: list[KernelManager] = []
        self._local = threading.local()  # each worker thread keeps its own kernel
        self._lock = threading.Lock()

    def submit(self, name: str, chapter: str, markdown: str, package_hash: str) -> Path:
        """The path the chapter's executed notebook will have. Execution is keyed by the code
        cells (and the package): a prose-only edit reuses the outputs without running anything."""
        nb = chapter_notebook(markdown, chapter)
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        executed = CACHE / "executed" / _key(package_hash, *code) / f"{name}.ipynb"
        path = CACHE / "pages" / _key(package_hash, nbformat.writes(nb)) / f"{name}.ipynb"
        if path.exists():
            return path
        if executed.exists():
            _write(with_outputs(nb, nbformat.read(executed, as_version=4)), path)
        else:
            self.jobs[name] = self.pool.submit(self._run, nb, executed, path)
        return path

    def _run(self, nb, executed: Path, path: Path) -> None:
        km = getattr(self._local, "km", None)
        if km is None:
            km = self._local.km = start_kernel()
            with self._lock:
                self.kernels.append(km)
        execute(nb, executed, km)
        _write(nbformat.read(executed, as_version=4), path)

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
