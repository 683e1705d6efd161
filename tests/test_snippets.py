"""Every snippet runs as copied: the copy button of each Python block of each chapter
yields a program that runs on its own and prints what the page shows under the block."""

import contextlib
import doctest
import io
import multiprocessing
import sys
import textwrap
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, background

sys.path.insert(0, str(ROOT / "scripts"))
import literate
import snippets

DOCS = ROOT / "docs"


def shown_blocks(site: Path) -> list[dict]:
    """Each shown Python block of the built site: where it comes from, what its copy button
    copies, and the output printed under it on the page."""
    found = []
    for page in sorted(site.rglob("index.html")):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        for el in soup.select(".bp-copy"):
            after = el.find_next(class_="highlight")
            title = after.select_one(".filename") if after else None
            shown = after.code.get_text() if title and title.get_text() == "Output" else ""
            found.append({"source": el["data-source"], "copy": el["data-copy"], "output": shown})
    return found


def run_copy(block: dict) -> str | None:
    """Run one copy in this (fresh) process; None if it did what the page shows, else why not."""
    import matplotlib

    matplotlib.use("Agg")
    src, line = block["source"].rsplit(":", 1)
    found = [b for b in literate.python_blocks((ROOT / src).read_text()) if b.line == int(line)]
    if not found:
        return f"no Python block starts at line {line} of {src}: was the chapter edited after the build?"
    chapter = found[0]
    code, copy = chapter.plain_code(), block["copy"]
    if not copy.endswith(code):
        return f"the copy does not end with the block's code:\n{copy}"
    namespace = {"__name__": "__main__"}
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            if chapter.is_doctest:  # the set-up, then the block with the outputs the page shows
                exec(compile(copy[: len(copy) - len(code)], block["source"], "exec"), namespace)
                test = doctest.DocTestParser().get_doctest(chapter.code, namespace, src, src, int(line))
                runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
                runner.run(test, out=out.write, clear_globs=False)
                if runner.failures:
                    return f"the doctest fails when run after its set-up:\n{out.getvalue()}"
            else:
                exec(compile(copy, block["source"], "exec"), namespace)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}\n--- the copy ---\n{copy}"
    if not chapter.is_doctest and out.getvalue() != block["output"]:
        return f"prints\n{out.getvalue()}\nbut the page shows\n{block['output']}"
    return None


def start_copies(site: Path) -> tuple[list[dict], list, ProcessPoolExecutor]:
    """Start running every shown block's copy, two at a time: (blocks, futures, pool). Each copy
    runs in a new process forked from one that has only imported numpy, matplotlib and
    backprop: an empty namespace, as in a fresh interpreter. (The site fixture starts this
    in the background as soon as the site is built.)"""
    blocks = shown_blocks(site)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["matplotlib", "matplotlib.pyplot", "numpy", "backprop"])
    pool = ProcessPoolExecutor(max_workers=2, mp_context=context, max_tasks_per_child=1)
    return blocks, [pool.submit(run_copy, block) for block in blocks], pool


def test_every_snippet_runs_as_copied(site):
    out, returncode, log = site
    assert returncode == 0, log
    blocks, futures, pool = background.pop("copies", None) or start_copies(out)
    chapters = {p.relative_to(ROOT) for p in DOCS.rglob("*.md")}
    python_blocks = sum(
        1 for p in chapters for b in literate.python_blocks((ROOT / p).read_text()) if not b.hide
    )
    assert len(blocks) == python_blocks, "every shown Python block has a copy"
    with pool:  # shut down once every copy has run
        results = list(zip(blocks, (future.result() for future in futures), strict=True))
    problems = [f"{b['source']}: {problem}" for b, problem in results if problem]
    summary = f"{len(problems)} of {len(blocks)} snippets do not run as copied"
    assert not problems, summary + ":\n\n" + "\n\n".join(problems)


def test_a_copy_holds_the_code_it_needs_and_no_more():
    chapter = textwrap.dedent(
        """\
        import numpy as np
        ---
        rng = np.random.default_rng(0)
        x = rng.normal(size=3)
        unused = 42
        ---
        print("not needed")
        y = x * 2
        ---
        print(y.round(3))
        """
    ).split("---\n")
    copy = snippets.copies(chapter)[3]
    assert copy.names == ["y"]
    assert copy.setup == (
        "import numpy as np\n\nrng = np.random.default_rng(0)\nx = rng.normal(size=3)\n\ny = x * 2"
    )


def test_a_copy_includes_what_changed_an_object_it_uses():
    chapter = [
        "from backprop import data, models, optim, train\nx, y = data.noisy_line(m=20, seed=0)",
        "model = models.UnivariateRegression(w=0.0, b=0.0)",
        "hist = train(model, x, y, optim.GD(lr=0.1), epochs=10)",
        "print(model.params['w'])",
    ]
    copy = snippets.copies(chapter)[3]
    assert "hist = train(model" in copy.setup and copy.names == ["model"]


def test_a_chapter_function_that_changes_nothing_it_is_given_is_left_out():
    chapter = [
        "import numpy as np\nx = np.arange(3.0)",
        "def total(a):\n    b = np.cumsum(a)\n    return b[-1]\nfloor = total(x)",
        "def scale(a):\n    a *= 2\n    return a\nbig = scale(x)",
        "def fill(a):\n    a[0] = 9.0\nfill(x)",
        "def run(a):\n    m = np.zeros(3)\n    m[0] = a.sum()\n    return m\nr = run(x)",
        "print(x)",
    ]
    assert snippets._pure_functions(chapter) == {"total", "run"}
    setup = snippets.copies(chapter)[5].setup
    assert "total" not in setup and "run(" not in setup  # pure: x unchanged
    assert "big = scale(x)" in setup and "fill(x)" in setup  # they change x


@pytest.mark.parametrize(
    ("code", "reads"),
    [
        ("x = x + 1", {"x"}),
        ("for k in range(n):\n    total = k + total", {"n", "total"}),
        ("for k in range(3):\n    p = k\n    print(p)", set()),
        ("def f(a):\n    return a + b", {"b"}),
        ("ys = [k * w for k in xs]", {"w", "xs"}),
    ],
)
def test_names_a_statement_reads_before_it_binds_them(code, reads):
    assert snippets.statements(code, 0)[0].uses == reads
