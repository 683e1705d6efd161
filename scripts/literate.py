"""What a chapter computes: its Python blocks and its inline expressions, found and run in
reading order. Shared by the build hook (scripts/build_hooks.py), the notebook generator and
the tests' Sybil parsers (conftest.py), so that all of them see the same chapter.

- A fenced block whose info string starts with ``python`` runs; options follow the first
  word: ``figure`` (it draws one figure), ``caption="..."``, ``alt="..."``, ``id=fig-name``,
  ``hide`` (run, not shown), ``animation``, ``explorable`` (see scripts/explorables.py).
- An inline expression, Quarto's syntax, is inline code of the form `` `{python} expr` ``
  in the prose. It is evaluated at its place in the reading order, in the chapter's
  namespace, and its value (``str()`` of it; use an f-string to format) replaces it.
- ``@fig-name`` in the prose refers to the figure whose block has ``id=fig-name``.
"""

from __future__ import annotations

import ast
import contextlib
import doctest
import importlib
import inspect
import io
import re
import shlex
import textwrap
import traceback
from dataclasses import dataclass, field

FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
BACKTICKS = re.compile(r"`+")
INLINE = re.compile(r"\{python\}[ \t]+(?P<expr>.+)", re.DOTALL)
FIGURE_REF = re.compile(r"(?<![\w@/.-])@(?P<id>fig-[\w-]+)")
OPTIONS = {"figure", "hide", "animation", "explorable", "alt", "caption", "id"}
FLAGS = ("figure", "hide", "animation", "explorable")  # options without a value


SOURCE = re.compile(r"^(?P<indent>[ \t]*)<!--\s*source:\s*(?P<target>[\w.]+)\s*-->[ \t]*$", re.MULTILINE)


class ChapterError(Exception):
    """A mistake in a chapter, reported as ``docs/x.md:LINE: what went wrong``."""


@dataclass
class Block:
    """A python fence: where it is (character offsets, first line of code), its options, its code."""

    start: int
    end: int
    indent: str
    fence: str
    line: int  # the line of the fence's opening; the code starts on the next one
    code: str
    figure: bool = False
    hide: bool = False
    animation: bool = False
    explorable: bool = False
    alt: str = ""
    caption: str = ""
    id: str = ""
    unknown: list[str] = field(default_factory=list)

    @property
    def is_doctest(self) -> bool:
        return self.code.lstrip().startswith(">>>")

    def plain_code(self) -> str:
        """The code as a script: a doctest without its prompts and expected output."""
        if not self.is_doctest:
            return self.code
        examples = doctest.DocTestParser().get_examples(self.code)
        return "".join(ex.source for ex in examples).rstrip("\n")

    def key(self) -> tuple:
        return ("block", self.code, self.figure, self.hide, self.animation, self.explorable)


@dataclass
class Inline:
    """An inline expression `` `{python} expr` `` of the prose."""

    start: int
    end: int
    line: int
    expr: str

    def key(self) -> tuple:
        return ("inline", self.expr)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def fences(markdown: str) -> list[re.Match]:
    return list(FENCE.finditer(markdown))


def prose_spans(markdown: str) -> list[tuple[int, int]]:
    """(start, end) of the text outside fenced blocks."""
    spans, pos = [], 0
    for m in fences(markdown):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(markdown)))
    return spans


def code_spans(text: str, start: int = 0, end: int | None = None):
    """(start, end, content) of each inline code span in ``text[start:end]``, as CommonMark
    reads them: a run of n backticks opens and the next run of exactly n closes."""
    end = len(text) if end is None else end
    pos = start
    while True:
        opening = BACKTICKS.search(text, pos, end)
        if opening is None:
            return
        n = len(opening.group())
        closing = opening
        while True:
            closing = BACKTICKS.search(text, closing.end(), end)
            if closing is None or len(closing.group()) == n:
                break
        if closing is None:  # an unmatched run is literal text
            pos = opening.end()
            continue
        yield opening.start(), closing.end(), n, text[opening.end() : closing.start()]
        pos = closing.end()


def inline_expressions(markdown: str) -> list[Inline]:
    found = []
    for a, b in prose_spans(markdown):
        for start, end, ticks, content in code_spans(markdown, a, b):
            m = INLINE.fullmatch(content)
            if ticks == 1 and m:
                found.append(Inline(start, end, _line(markdown, start), m["expr"].strip()))
    return found


def python_blocks(markdown: str) -> list[Block]:
    blocks = []
    for m in fences(markdown):
        words = shlex.split(m["info"]) if m["info"].strip() else []
        if not words or words[0] != "python":
            continue
        indent = m["indent"]
        code = "\n".join(
            ln[len(indent) :] if ln.startswith(indent) else ln.lstrip()
            for ln in m["body"].rstrip("\n").split("\n")
        )
        block = Block(m.start(), m.end(), indent, m["fence"], _line(markdown, m.start()), code)
        for word in words[1:]:
            name, _, value = word.partition("=")
            if name not in OPTIONS or (name in FLAGS) == bool(value):
                block.unknown.append(word)
            else:
                setattr(block, name, value or True)
        blocks.append(block)
    return blocks


def items(markdown: str) -> list[Block | Inline]:
    """The chapter's blocks and inline expressions in reading order."""
    return sorted([*python_blocks(markdown), *inline_expressions(markdown)], key=lambda it: it.start)


def check(src: str, found: list[Block | Inline]) -> None:
    """Mistakes in fence options, found before anything runs."""
    ids = set()
    for b in found:
        if not isinstance(b, Block):
            continue
        where = f"{src}:{b.line}"
        if b.unknown:
            raise ChapterError(f"{where}: unknown fence option(s) {b.unknown}")
        if b.figure and not b.alt:
            raise ChapterError(f'{where}: a figure block needs alt="what the figure shows"')
        if b.figure and not b.caption:
            raise ChapterError(f'{where}: a figure block needs caption="..." (shown under it, numbered)')
        if (b.animation or b.explorable or b.caption or b.id) and not b.figure:
            raise ChapterError(f"{where}: `animation`, `explorable`, `caption` and `id` go with `figure`")
        if b.animation and b.explorable:
            raise ChapterError(f"{where}: a figure is an `animation` or `explorable`, not both")
        if b.id and (not b.id.startswith("fig-") or b.id in ids):
            raise ChapterError(f"{where}: figure ids start with fig- and are unique, got {b.id!r}")
        ids.add(b.id)


def padded(b: Block) -> str:
    """The block's code placed at its own line numbers, so that tracebacks name the chapter's lines."""
    if not b.is_doctest:
        return "\n" * b.line + b.code
    lines: list[str] = []
    for ex in doctest.DocTestParser().get_examples(b.code):
        lines += [""] * (b.line + ex.lineno - len(lines))
        lines += ex.source.rstrip("\n").split("\n")
    return "\n".join(lines)


def evaluate_inline(it: Inline, namespace: dict, src: str, path: str) -> str:
    """The text an inline expression puts on the page."""
    try:
        return str(eval(compile("\n" * (it.line - 1) + it.expr, path, "eval"), namespace))
    except Exception as exc:
        tb = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        raise ChapterError(
            f"{src}:{it.line}: the inline expression `{{python}} {it.expr}` failed: {tb}"
        ) from exc


def run_block(b: Block, namespace: dict, src: str, path: str) -> str:
    """Run a block in the chapter's namespace; return what it printed."""
    stdout = io.StringIO()
    try:
        compiled = compile(padded(b), path, "exec")  # the absolute path: tracebacks quote the chapter
        with contextlib.redirect_stdout(stdout):
            exec(compiled, namespace)
    except Exception as exc:
        # From the chapter's frame on: the runner's own exec() frame is noise to a contributor.
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__.tb_next))
        raise ChapterError(f"{src}:{b.line}: the code block starting here failed:\n{tb}") from exc
    return stdout.getvalue()


def chapter_number(markdown: str) -> str:
    """ "5" for "# 5. Two-layer ...", "6.1" for "# 6.1 Scalar ...", "" for an unnumbered page."""
    m = re.search(r"^#\s+(\d+(?:\.\d+)*)\.?\s", markdown, re.M)
    return m[1] if m else ""


def figure_numbers(markdown: str, found: list[Block | Inline]) -> dict[int, str]:
    """The number of each figure block ("5.2"), keyed by the block's start offset."""
    chapter = chapter_number(markdown)
    figures = [b for b in found if isinstance(b, Block) and b.figure]
    return {b.start: f"{chapter}.{k}" if chapter else str(k) for k, b in enumerate(figures, start=1)}


def replace_figure_refs(markdown: str, found: list[Block | Inline], src: str, link: bool = True) -> str:
    """``@fig-name`` in the prose becomes "Figure 5.2", a link to the figure."""
    numbers = figure_numbers(markdown, found)
    by_id = {b.id: numbers[b.start] for b in found if isinstance(b, Block) and b.id}
    out, pos = [], 0
    for a, b in prose_spans(markdown):
        spans = [(s, e) for s, e, _, _ in code_spans(markdown, a, b)]
        for m in FIGURE_REF.finditer(markdown, a, b):
            if any(s <= m.start() < e for s, e in spans):  # `@fig-x` in inline code stays as written
                continue
            if m["id"] not in by_id:
                raise ChapterError(
                    f"{src}:{_line(markdown, m.start())}: @{m['id']} names no figure of this page"
                )
            text = f"Figure {by_id[m['id']]}"
            out += [markdown[pos : m.start()], f"[{text}](#{m['id']})" if link else text]
            pos = m.end()
    out.append(markdown[pos:])
    return "".join(out)


def source_of(target: str) -> tuple[str, str]:
    """The code of a package object named by ``<!-- source: target -->``, without its
    docstring (the API reference shows that), and where it is ("backprop/models.py, lines
    12–20")."""
    obj, parts = None, target.split(".")
    for i in range(len(parts), 0, -1):  # the longest importable module prefix, then attributes
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr, None)
        break
    if obj is None or not (inspect.isfunction(obj) or inspect.isclass(obj)):
        raise ChapterError(f"<!-- source: {target} --> names no function or class of the package")
    lines, start = inspect.getsourcelines(obj)
    code = textwrap.dedent("".join(lines))
    body = ast.parse(code).body[0].body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        doc = body[0]
        kept = code.split("\n")
        code = "\n".join(kept[: doc.lineno - 1] + kept[doc.end_lineno :])
    path = inspect.getsourcefile(obj)
    where = path[path.rindex("backprop/") :] if "backprop/" in path else path
    return code.rstrip(), f"{where}, lines {start}–{start + len(lines) - 1}"
