"""Test configuration of the whole repository.

Sybil collects, in the same pytest run as the unit tests:

- every docstring example in ``backprop/``;
- every fenced code block in ``docs/`` whose info string starts with ``python``
  (``python figure alt="..."`` included), and every inline expression
  `` `{python} expr` `` of the prose, run in file order in one namespace per chapter, as
  a reader runs the page. A block starting with ``>>>`` is a doctest.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from sybil import Region, Sybil
from sybil.evaluators.doctest import DocTestEvaluator
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.abstract.doctest import DocTestStringParser
from sybil.parsers.markdown.lexers import FencedCodeBlockLexer
from sybil.parsers.rest import DocTestParser

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "scripts"))
import literate  # noqa: E402  (the chapters' code and expressions, as the build finds them)
from pdf_hook import ARGS as CHROMIUM_ARGS  # noqa: E402  (Chromium as the PDF hook runs it)
from pdf_hook import CHROMIUM, PDF_NAME, serve  # noqa: E402  (the PDF, and the site served as the hook serves it)

FLAGS = ELLIPSIS | NORMALIZE_WHITESPACE


class ChapterCodeParser:
    """Every fence whose first word is ``python``, whatever options follow it."""

    def __init__(self):
        self.lexer = FencedCodeBlockLexer(
            language=r"[^\n]*", mapping={"language": "info", "source": "source"}
        )
        self.doctests = DocTestStringParser(DocTestEvaluator(FLAGS))
        self.python = PythonEvaluator()

    def __call__(self, document):
        for region in self.lexer(document):
            words = region.lexemes["info"].split()
            if not words or words[0] != "python":
                continue
            source = region.lexemes["source"]
            if source.lstrip().startswith(">>>"):
                for example in self.doctests(source, document.path):
                    example.adjust(region, source)
                    example.evaluator = _closing_figures(example.evaluator)
                    yield example
            else:
                region.parsed = source
                region.evaluator = _closing_figures(self.python)
                yield region


class InlineExpressionParser:
    """Every `` `{python} expr` `` of a chapter's prose, evaluated where the reader meets it."""

    def __call__(self, document):
        for it in literate.inline_expressions(document.text):
            yield Region(it.start, it.end, it, self.evaluate)

    @staticmethod
    def evaluate(example):
        it = example.parsed
        parts = Path(example.path).resolve().parts
        src = "/".join(parts[len(parts) - 1 - parts[::-1].index("docs") :])  # docs/...
        try:
            literate.evaluate_inline(it, example.namespace, src, example.path)
        except literate.ChapterError as exc:
            raise AssertionError(str(exc)) from None


def _closing_figures(evaluate):
    """Chapters draw figures for the site; under test, draw them and let them go."""

    def evaluator(example):
        try:
            return evaluate(example)
        finally:
            plt.close("all")

    return evaluator


DOCS = Sybil(
    parsers=[ChapterCodeParser(), InlineExpressionParser()],
    patterns=["docs/**/*.md", "docs/*.md"],
    name="docs",
)
DOCSTRINGS = Sybil(
    parsers=[DocTestParser(optionflags=FLAGS)],
    patterns=["backprop/*.py", "backprop/**/*.py"],
    name="docstrings",
)
pytest_collect_file = (DOCS + DOCSTRINGS).pytest()


# -- the built site, for the tests of tests/test_docs.py and tests/test_site.py -------------


ARTIFACTS = ROOT / "test-artifacts"


def start_build(out: Path, config: Path = ROOT / "mkdocs.yml", cache: Path | None = None):
    """``mkdocs build --strict`` into ``out``, started; ``cache`` set means a clean build
    with its own caches."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg"}
    if cache is not None:
        env |= {"BACKPROP_CACHE": str(cache), "BACKPROP_JUPYTER_CACHE": str(cache / "jupyter")}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)]
    output = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True}
    return subprocess.Popen(cmd, cwd=ROOT, env=env, **output)


def build_site(out: Path, config: Path = ROOT / "mkdocs.yml", cache: Path | None = None):
    """``mkdocs build --strict`` into ``out``, run to the end (the log is in ``stdout``)."""
    build = start_build(out, config, cache)
    log, _ = build.communicate(timeout=900)
    return subprocess.CompletedProcess(build.args, build.returncode, stdout=log, stderr="")


_main_build: dict = {}  # the site's build, started as soon as the tests are collected
_clean_build: dict = {}  # the second, clean build of test_two_clean_builds_are_byte_identical
background: dict = {}  # other work started once the site is built (see `site`)


def _uses(item, fixture: str) -> bool:
    return fixture in getattr(item, "fixturenames", ())


# The page tests, and the test that weighs what they loaded.
PAGE_TESTS = ("test_page_in_the_browser", "test_no_page_is_heavier_than_1_5_mb")


def pytest_collection_modifyitems(items):
    """Browser tests are marked; and the tests run in the order that keeps both cores busy:
    first those that need no site, while the site builds (`pytest_collection_finish`), then
    the browser tests, which mostly wait, while the rest of the work on the built site runs
    in the background (see `site`); the page tests last of them, as the second browser
    checks pages meanwhile and the two then share what is left (`PageChecks`); then the
    tests that collect the background's work."""
    for item in items:
        if _uses(item, "browser"):
            item.add_marker(pytest.mark.browser)

    def phase(item) -> int:
        if not _uses(item, "site"):
            return 0
        if getattr(item, "originalname", "") in PAGE_TESTS:
            return 2
        waits = _uses(item, "clean_site") or _uses(item, "pdf")  # for background work
        return 1 if _uses(item, "browser") and not waits else 3

    items.sort(key=phase)  # stable: file order within each phase


def _start_in_a_folder(record: dict, clean: bool = False) -> None:
    """Start a build into a new temporary folder, noted in ``record`` (out, build); a
    ``clean`` build has its own caches there too."""
    folder = Path(tempfile.mkdtemp(prefix="backprop-clean-" if clean else "backprop-site-"))
    cache = folder / "cache" if clean else None
    record.update(out=folder / "site", build=start_build(folder / "site", cache=cache))


def pytest_collection_finish(session):
    """The site's build starts now, and with it the clean build that the reproducibility
    test compares: the second core has work from the start, and neither ends last."""
    if session.config.option.collectonly or not any(_uses(i, "site") for i in session.items):
        return
    _start_in_a_folder(_main_build)
    if any(_uses(item, "clean_site") for item in session.items):
        _start_in_a_folder(_clean_build, clean=True)


@pytest.fixture(scope="session")
def site(request):
    """The whole site, built once per test run: (folder, exit code, log).

    The build starts once the tests are collected, and the tests that need no site run
    meanwhile. When it is done, the work the later tests collect starts in the background:
    the runs of every snippet's copy, the text of the PDF, and a second browser that checks
    pages from the end of the list while the page tests check them from the start
    (`PageChecks`)."""
    if not _main_build:  # collected in another way (a test run by pytest.main, say)
        _start_in_a_folder(_main_build)
    out, build = _main_build["out"], _main_build["build"]
    log, _ = build.communicate(timeout=900)
    items = request.session.items
    if build.returncode == 0:  # copies first: they start the forkserver, with their imports
        copies = [item for item in items if item.name == "test_every_snippet_runs_as_copied"]
        if copies:
            background["copies"] = copies[0].module.start_copies(out)
        reads = [item for item in items if _uses(item, "pdf")]
        if reads and (out / PDF_NAME).exists():
            background["pdf"] = reads[0].module.start_reading(out)
        pages = [item for item in items if getattr(item, "originalname", "") == "test_page_in_the_browser"]
        if pages and Path(CHROMIUM).exists():  # (without it, those tests skip)
            paths = [item.callspec.params["path"] for item in pages]
            background["pages"] = pages[0].module.PageChecks(out, paths)
    return out, build.returncode, log


def pytest_sessionfinish(session):
    """Background work that no test collected (a run stopped early by -x, say) is stopped,
    and the builds' folders go."""
    if "pages" in background:  # first: its page may still read the site's folder
        background.pop("pages").shutdown()
    for b in (_main_build, _clean_build):
        if "build" in b and b["build"].poll() is None:
            b["build"].kill()
            b["build"].wait()
        if "out" in b:
            shutil.rmtree(b["out"].parent, ignore_errors=True)
    for name in ("copies", "pdf"):
        if name in background:
            pool = background.pop(name)[-1]
            # Its workers end now: a pool with max_tasks_per_child left with work queued
            # would otherwise hang the interpreter's exit (CPython 3.11).
            for process in list((pool._processes or {}).values()):
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)


@pytest.fixture(scope="session")
def clean_site(site):
    """A second build of the site that reuses nothing (no cache): (folder, exit code, log)."""
    if not _clean_build:
        _start_in_a_folder(_clean_build, clean=True)
    log, _ = _clean_build["build"].communicate(timeout=900)
    return _clean_build["out"], _clean_build["build"].returncode, log


@pytest.fixture(scope="session")
def site_url(site):
    """The built site served on a free localhost port."""
    out, returncode, log = site
    if returncode != 0:
        pytest.fail(f"the site did not build:\n{log}")
    with serve(out) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Missing, it skips, except under CI=true."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); CI runs these tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch_chromium(pw)
        yield chromium
        chromium.close()


def launch_chromium(pw):
    """Debian's Chromium, launched by a Playwright instance ``pw`` with the flags that keep
    it from calling home (the PDF's printing uses them too)."""
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


PAGE_WEIGHTS: dict[str, int] = {}


def pytest_terminal_summary(terminalreporter):
    """The page-weight report, heaviest first, after every run that measured it."""
    if not PAGE_WEIGHTS:
        return
    terminalreporter.section("page weight (HTML + every asset it loads)")
    lines = [
        f"{size / 1e6:6.2f} MB  {page}" for page, size in sorted(PAGE_WEIGHTS.items(), key=lambda kv: -kv[1])
    ]
    for line in lines[:5]:
        terminalreporter.write_line(line)
    terminalreporter.write_line(f"({len(lines)} pages; all in {ARTIFACTS / 'page-weight.txt'})")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weight.txt").write_text("\n".join(lines) + "\n")
