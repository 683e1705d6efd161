"""Every snippet runs as copied: the copy button of each Python block of each page (the
chapters' blocks, their listings of the package's code, the API reference's examples)
yields a program that runs on its own and prints what the page shows under the block.
(The notebooks' pages are left out: their cells are a notebook's, run in order, and the
notebook is a download.)"""

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


def pages(site: Path) -> list[Path]:
    """The site's pages but the notebooks' and the print page (which has no copy buttons)."""
    skip = ("notebooks", "print_page")
    return [p for p in sorted(site.rglob("index.html")) if p.relative_to(site).parts[0] not in skip]


def is_python(block) -> bool:
    """A Python block as the page shows it: a chapter's block or doctest, a listing, an
    example of the reference (a doctest in an unmarked block); not a signature."""
    classes = block.get("class", [])
    if {"language-python", "language-pycon", "language-py"} & set(classes):
        return True
    unmarked = not any(c.startswith("language-") or c.startswith("doc-") for c in classes)
    return unmarked and block.get_text().lstrip().startswith(">>>")


def shown_blocks(site: Path) -> list[dict]:
    """Each Python block with a copy of the built site: where it comes from, what it shows,
    what its copy button copies, and the output printed under it on the page."""
    found = []
    for page in pages(site):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        for el in soup.select(".bp-copy"):
            block = el.find_previous(class_="highlight")
            after = el.find_next(class_="highlight")
            title = after.select_one(".filename") if after else None
            shown = after.code.get_text() if title and title.get_text() == "Output" else ""
            code = block.code.get_text() if block.code else block.pre.get_text()
            copy = el["data-copy"]
            found.append({"source": el["data-source"], "shown": code, "copy": copy, "output": shown})
    return found


def blocks_without_copy(site: Path) -> list[str]:
    """Python blocks whose copy button would copy the bare block: not followed by a copy
    (paired as the site's copy.js pairs them)."""
    missing = []
    for page in pages(site):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        last = None
        for el in soup.select(".highlight, .bp-copy"):
            if "bp-copy" in el.get("class", []):
                last = None
                continue
            if last is not None:
                missing.append(f"{page.relative_to(site).parent}: {last.get_text()[:60]!r}")
            last = el if is_python(el) else None
        if last is not None:
            missing.append(f"{page.relative_to(site).parent}: {last.get_text()[:60]!r}")
    return missing


def run_copy(block: dict) -> str | None:
    """Run one copy in this (fresh) process; None if it did what the page shows, else why not."""
    import matplotlib

    matplotlib.use("Agg")
    src, line = block["source"].rsplit(":", 1) if block["source"].startswith("docs/") else ("", "0")
    if src:  # a chapter's block, as its Markdown has it
        found = [b for b in literate.python_blocks((ROOT / src).read_text()) if b.line == int(line)]
        if not found:
            return f"no Python block starts at line {line} of {src}: was the chapter edited after the build?"
        chapter = found[0]
    else:  # a listing or an example of the reference, as the page shows it
        chapter = literate.Block(0, 0, "", "```", 0, block["shown"].rstrip("\n"))
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
    missing = blocks_without_copy(out)
    assert not missing, "Python blocks whose copy button copies the bare block:\n" + "\n".join(missing)
    chapters = [(ROOT / p).read_text() for p in DOCS.rglob("*.md")]
    shown = sum(1 for text in chapters for b in literate.python_blocks(text) if not b.hide)
    listings = sum(len(literate.SOURCE.findall(text)) for text in chapters)
    from_chapters = [b for b in blocks if b["source"].startswith("docs/")]
    from_package = [b for b in blocks if b["source"].startswith("backprop/")]
    assert (len(from_chapters), len(from_package)) == (shown, listings), "a copy for each chapter's block"
    assert any(b["source"].startswith("reference/") for b in blocks), "the reference's examples have copies"
    with pool:  # shut down once every copy has run
        results = list(zip(blocks, (future.result() for future in futures), strict=True))
    problems = [f"{b['source']}: {problem}" for b, problem in results if problem]
    summary = f"{len(problems)} of {len(blocks)} snippets do not run as copied"
    assert not problems, summary + ":\n\n" + "\n\n".join(problems)


def docstring_examples():
    """Every docstring of the package that has an example, as doctest finds it."""
    import importlib
    import pkgutil

    import backprop

    finder = doctest.DocTestFinder(exclude_empty=True)
    modules = ["backprop", *(m.name for m in pkgutil.walk_packages(backprop.__path__, "backprop."))]
    for name in modules:
        for test in finder.find(importlib.import_module(name), name):
            if test.examples and test.name.startswith(name):
                yield test


def test_every_docstring_example_imports_what_it_uses():
    """Each docstring's examples run in an empty namespace, as a copy from the API reference
    runs in a fresh Python (Sybil runs them in their module's namespace)."""
    failing = []
    for test in docstring_examples():
        test.globs = {"__name__": "__main__"}
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        report = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()):
            runner.run(test, out=report.write)
        if runner.failures:
            failing.append(f"{test.name}:\n{report.getvalue()}")
    summary = f"{len(failing)} docstrings' examples need their module's namespace"
    assert not failing, summary + ":\n" + "\n".join(failing)


def test_a_listing_copies_with_the_imports_it_needs_from_its_module():
    code, _ = literate.source_of("backprop.gradcheck.numerical_gradients")
    copy = snippets.listing(code, "backprop.gradcheck")
    assert copy.setup.splitlines() == [
        "from __future__ import annotations",
        "import numpy as np",
        "from backprop import _checks",
    ]
    code, _ = literate.source_of("backprop.models.TwoLayerLinear.as_linear_map")
    copy = snippets.listing(code, "backprop.models")
    namespace = {}
    exec(copy.text, namespace)  # defines the method as a function of the model
    from backprop.models import MultivariateRegression, TwoLayerLinear

    linear = namespace["as_linear_map"](TwoLayerLinear(2, 3, seed=0))
    assert isinstance(linear, MultivariateRegression)
    assert "from backprop.models import MultivariateRegression" in copy.setup.splitlines()


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


def test_a_reference_example_copies_code_that_runs_a_signature_nothing(browser, site_url):
    permissions = ["clipboard-read", "clipboard-write"]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, permissions=permissions)
    try:
        page = context.new_page()
        page.goto(site_url + "reference/models/", wait_until="networkidle")
        assert page.locator(".doc-signature [data-clipboard-target]").count() == 0
        entry = page.locator('[id="backprop.models.UnivariateRegression.backward"]')
        example = "div[contains(@class, 'highlight')][not(contains(@class, 'doc-signature'))]"
        block = entry.locator(f"xpath=following::{example}[1]")
        assert block.inner_text().lstrip().startswith(">>>")
        block.hover()
        block.locator("[data-clipboard-target]").click()
        copied = page.evaluate("navigator.clipboard.readText()")
    finally:
        context.close()
    assert ">>>" not in copied and copied.startswith("import numpy as np\n"), copied
    assert "from backprop.models import UnivariateRegression" in copied
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(copied, {"__name__": "__main__"})  # a fresh namespace: it runs on its own
