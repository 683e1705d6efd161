"""The chapters: every code fence runs under Sybil, and the site builds cleanly."""

import re
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from conftest import DOCS, build_site

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import literate  # noqa: E402  (the build's chapter parser and notebook generator, in scripts/)
import notebooks  # noqa: E402

CHAPTERS = sorted((ROOT / "docs").rglob("*.md"))
OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def code_fences(path: Path):
    """(first line, last line, info) of every fenced block, found independently of Sybil."""
    fences, current = [], None
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        m = OPEN.match(line)
        if current is None and m:
            current = (number, m["fence"], m["info"].strip())
        elif current is not None and m and m["fence"].startswith(current[1]) and not m["info"].strip():
            fences.append((current[0], number, current[2]))
            current = None
    assert current is None, f"{path}:{current[0]}: unclosed code fence"
    return fences


def test_chapters_exist():
    assert len(CHAPTERS) >= 6


def test_every_code_fence_is_collected_by_sybil():
    missed, total, collected = [], 0, 0
    for path in CHAPTERS:
        example_lines = [example.line for example in DOCS.parse(path)]
        collected += len(example_lines)
        for first, last, info in code_fences(path):
            total += 1
            if not any(first <= line <= last for line in example_lines):
                missed.append(f"docs/{path.relative_to(ROOT / 'docs')}:{first}: ```{info}")
    assert not missed, "code blocks Sybil does not run:\n" + "\n".join(missed)
    assert total > 20 and collected >= total


def test_site_builds_strict_without_warnings(site):
    out, returncode, log = site
    assert returncode == 0, log
    assert "WARNING" not in log, log
    for chapter in CHAPTERS:
        page = chapter.relative_to(ROOT / "docs").with_suffix("")
        html = out / (page.parent if page.name == "index" else page) / "index.html"
        assert html.exists(), html
        text = html.read_text()
        assert "<!-- source:" not in text  # every source include was replaced
        assert not re.search(r"<p>\s*```", text), f"{html}: a code fence was left unrendered"


def test_every_chapter_has_an_executed_notebook(site):
    out = site[0]
    for chapter in CHAPTERS:
        if chapter.name == "index.md" or "reference" in chapter.parts:  # no code, no notebook
            continue
        name = str(chapter.relative_to(ROOT / "docs").with_suffix("")).replace("/", "-")
        notebook = nbformat.read(out / "notebooks" / name / f"{name}.ipynb", as_version=4)
        code = [c for c in notebook.cells if c.cell_type == "code"]
        assert code and all(c.execution_count for c in code), f"{name}: not every cell ran"
        assert not any(o.output_type == "error" for c in code for o in c.outputs)
        assert not any(">>>" in c.source for c in code), f"{name}: doctest prompts left in a cell"
        page = (out / chapter.relative_to(ROOT / "docs").with_suffix("") / "index.html").read_text()
        assert f'notebooks/{name}/{name}.ipynb" download' in page, f"{name}: no download link"
        assert (out / "notebooks" / name / "index.html").exists()


def test_a_prose_edit_reuses_the_executed_outputs():
    executed = notebooks.chapter_notebook("# T\n\nOld prose.\n\n```python\nprint(1)\n```\n", "x.md")
    executed.cells[3].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    executed.cells[3].execution_count = 2
    executed.metadata.language_info = {"name": "python", "version": "3.11.7"}  # the kernel's
    edited = notebooks.chapter_notebook("# T\n\nNew prose.\n\n```python\nprint(1)\n```\n", "x.md")
    merged = notebooks.with_outputs(edited, executed)
    assert merged.cells[0].source.startswith("# T\n\n*The code of [this chapter")
    assert merged.cells[2].source == "New prose."
    assert merged.cells[3].outputs[0].text == "1\n" and merged.cells[3].execution_count == 2
    assert merged.metadata == executed.metadata  # as a fresh run writes it: builds agree


def test_notebook_cells_from_a_chapter():
    chapter = textwrap.dedent(
        """\
        # Title

        Some $x$ prose.

        ```python
        >>> a = 1
        >>> a + 1
        2
        >>> b = a * 3
        >>> b
        3

        ```

        !!! tip "Try it"
            Change `a`.

            ```python
            print(a)
            ```
        """
    )
    nb = notebooks.chapter_notebook(chapter, "x.md")
    assert nb.cells[0].source.startswith("# Title\n\n*The code of [this chapter")  # the title first
    kinds = [(c.cell_type, c.source) for c in nb.cells[2:]]
    assert kinds == [
        ("markdown", "Some $x$ prose."),
        ("code", "a = 1\na + 1"),
        ("code", "b = a * 3\nb"),
        ("markdown", "**Try it**\nChange `a`."),
        ("code", "print(a)"),
    ]


def broken_site(tmp_path: Path, chapter: str) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(textwrap.dedent(chapter))
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: t\ndocs_dir: {docs}\nhooks:\n  - {ROOT / 'scripts' / 'build_hooks.py'}\n"
        "markdown_extensions:\n  - pymdownx.superfences\n"
    )
    return config


def test_a_failing_block_fails_the_build_naming_file_and_line(tmp_path):
    config = broken_site(
        tmp_path,
        """\
        # A chapter

        ```python
        x = 1
        ```

        Some prose.

        ```python
        y = x + 1
        z = y / 0
        ```
        """,
    )
    result = build_site(tmp_path / "site", config, cache=tmp_path / "cache")
    assert result.returncode != 0
    log = result.stdout + result.stderr
    assert "docs/index.md:9: the code block starting here failed" in log, log
    assert re.search(r'File ".*docs/index.md", line 11, in <module>\s+z = y / 0', log), log
    assert "ZeroDivisionError" in log, log


PLOT = "import matplotlib.pyplot as plt\nplt.plot([1, 2])"


@pytest.mark.parametrize(
    ("chapter", "message"),
    [
        (f'```python figure caption="c"\n{PLOT}\n```', "docs/index.md:3: a figure block needs alt="),
        (f'```python figure alt="a"\n{PLOT}\n```', "docs/index.md:3: a figure block needs caption="),
        (
            f"```python\n{PLOT}\n```",
            "docs/index.md:3: this block draws a figure but its fence lacks `figure`",
        ),
        (
            '```python figure alt="a" caption="c"\nx = 1\n```',
            "a `figure` block draws one figure, this one drew 0",
        ),
        ("```python figur\nx = 1\n```", "docs/index.md:3: unknown fence option(s) ['figur']"),
        ("See @fig-nowhere.", "docs/index.md:3: @fig-nowhere names no figure of this page"),
        (
            '```python figure alt="a" caption="c"\nimport matplotlib.pyplot as plt\n'
            'fig, ax = plt.subplots(figsize=(14, 3))\nax.set_title("wide")\n```',
            "would show at 8.4 px (figure 1090 px wide, column 688 px) on a desktop",
        ),
        (  # drawn 7 in wide on a phone too: not with plot.subplots
            '```python figure alt="a" caption="c"\nimport matplotlib.pyplot as plt\n'
            'fig, ax = plt.subplots(figsize=(7, 3))\nax.set_title("fixed")\n```',
            "docs/index.md:3: the text '0.0' would show at 8.4 px (figure 569 px wide, column 358 px) "
            "on a phone",
        ),
        (
            '```python figure alt="a" caption="c"\nfrom backprop.figures import plot\n'
            'fig, ax = plot.subplots()\nax.plot([0, 1], [1, 1], label="a line")\n'
            'ax.legend(loc="center")\n```',
            "docs/index.md:3: the legend covers drawn data (a line)",
        ),
    ],
)
def test_chapter_mistakes_fail_the_build_naming_file_and_line(tmp_path, chapter, message):
    config = broken_site(tmp_path, f"# A chapter\n\n{chapter}\n")
    result = build_site(tmp_path / "site", config, cache=tmp_path / "cache")
    assert result.returncode != 0
    assert message in result.stdout + result.stderr


BROKEN_EXPRESSION = "# A chapter\n\n```python\nx = 1\n```\n\nThe value is `{python} x + y`.\n"
EXPRESSION_ERROR = (
    "docs/index.md:7: the inline expression `{python} x + y` failed: NameError: name 'y' is not defined"
)


def test_a_broken_inline_expression_fails_the_build_naming_file_and_line(tmp_path):
    config = broken_site(tmp_path, BROKEN_EXPRESSION)
    result = build_site(tmp_path / "site", config, cache=tmp_path / "cache")
    assert result.returncode != 0
    assert EXPRESSION_ERROR in result.stdout + result.stderr


def test_a_broken_inline_expression_fails_its_test_naming_file_and_line(tmp_path):
    (tmp_path / "docs").mkdir()
    path = tmp_path / "docs" / "index.md"
    path.write_text(BROKEN_EXPRESSION)
    examples = list(DOCS.parse(path))
    assert [ex.line for ex in examples] == [3, 7]
    namespace_owner = examples[0]
    namespace_owner.evaluate()
    with pytest.raises(AssertionError, match=re.escape(EXPRESSION_ERROR)):
        examples[1].evaluate()


def test_inline_expressions_figure_numbers_and_references_in_the_built_site(site):
    out = site[0]
    for chapter in CHAPTERS:
        page = chapter.relative_to(ROOT / "docs").with_suffix("")
        html = (out / ((page.parent if page.name == "index" else page) / "index.html")).read_text()
        prose = re.sub(r"<code>.*?</code>", "", html, flags=re.S)  # code may show the syntax
        assert "{python}" not in prose, f"{page}: an inline expression was left unevaluated"
        assert "bp-fragment-" not in html, f"{page}: a figure or copy placeholder was left"
        assert not re.search(r"(?<![\w@])@fig-", prose), f"{page}: a figure reference was left"
        figures = re.findall(r"<figure[^>]*>(.*?)</figure>", html, re.S)
        number = literate.chapter_number(chapter.read_text())
        for k, figure in enumerate(figures, start=1):
            label = f"{number}.{k}" if number else str(k)
            assert f"<figcaption>Figure {label}: " in figure, f"{page}: figure {k} has no numbered caption"
    univariate = (out / "univariate" / "index.html").read_text()
    assert (
        "agree to about as many digits" in univariate and "The largest of them is 4.4 × 10⁻¹⁰" in univariate
    )


def test_the_code_of_every_figure_is_folded_under_it(site):
    for chapter in CHAPTERS:
        blocks = [b for b in literate.python_blocks(chapter.read_text()) if b.figure and not b.hide]
        page = chapter.relative_to(ROOT / "docs").with_suffix("")
        html = (site[0] / ((page.parent if page.name == "index" else page) / "index.html")).read_text()
        folded = re.findall(r'</figure>\s*<details class="code"[^>]*>\s*<summary>Code for Figure', html)
        assert len(folded) == len(blocks), f"{page}: {len(blocks)} figures, {len(folded)} folded"


def test_no_line_of_chapter_code_is_longer_than_79_characters():
    """What a chapter shows fits the text column: its code blocks, and the package source
    it includes. (The opening line of a fence, which holds alt texts, is not shown.)"""
    long = []
    for path in CHAPTERS:
        lines = path.read_text().splitlines()
        for first, last, _ in code_fences(path):
            indent = len(lines[first - 1]) - len(lines[first - 1].lstrip())
            for number in range(first + 1, last):
                if len(lines[number - 1][indent:]) > 79:
                    long.append(f"docs/{path.relative_to(ROOT / 'docs')}:{number}")
        for target in literate.SOURCE.findall(path.read_text()):
            code, where = literate.source_of(target[1])
            long += [f"{where} (shown in {path.name})" for line in code.splitlines() if len(line) > 79]
    assert not long, "lines over 79 characters:\n" + "\n".join(long)
