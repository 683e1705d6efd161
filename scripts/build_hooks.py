"""mkdocs hooks: run each chapter's Python blocks at build time and embed what they draw.

Fence info strings (the first word is always ``python``, so Sybil runs every block):

- ```` ```python ````: shown and run. A block that starts with ``>>>`` is a doctest;
  it is shown as a console session whose prompts and output the copy button leaves out.
- ```` ```python figure alt="what it shows" ````: shown, run, then every matplotlib
  figure it opened is saved as SVG and placed under the code as an image with that alt.
- ```` ```python figure hide alt="..." ````: plumbing: run and its figure shown, code not.
- ```` ```python figure animation alt="..." ````: the figure is inlined as SVG with
  play, pause, step and slider controls. Artists tagged with ``plot.frame(k, artist)``
  appear at frame k and stay (with ``stay=False``, show at frame k only); untagged
  ones are the background.

A page's blocks run in order in one namespace, as a reader running the page would.
``<!-- source: backprop.models.UnivariateRegression.backward -->`` on a line of its
own is replaced by that object's source code, so the book shows the package as it is.

Figures are cached under ``.cache/figures`` by the page's code and the package's
source: editing prose rebuilds from the cache without running anything.
"""

from __future__ import annotations

import contextlib
import doctest
import hashlib
import html
import importlib
import inspect
import io
import json
import logging
import os
import posixpath
import re
import shlex
import sys
import textwrap
import time
import traceback
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs_jupyter.plugin import NotebookFile

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebooks  # a sibling module of this hook file

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("BACKPROP_CACHE", ROOT / ".cache")) / "figures"
log = logging.getLogger("mkdocs.hooks.backprop")

FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
SOURCE = re.compile(r"^(?P<indent>[ \t]*)<!--\s*source:\s*(?P<target>[\w.]+)\s*-->[ \t]*$", re.MULTILINE)

_files: Files | None = None
_config = None
_notebooks: notebooks.Builder | None = None
_code_hash = ""  # of the package and this file, computed once per build


class Block:
    """One python fence of a chapter: where it is, its code and its options."""

    def __init__(self, match: re.Match, text: str):
        self.match = match
        self.indent = match["indent"]
        self.line = text.count("\n", 0, match.start()) + 2  # first line of the code
        words = shlex.split(match["info"])
        opts = dict(w.split("=", 1) if "=" in w else (w, True) for w in words[1:])
        self.figure = bool(opts.pop("figure", False))
        self.hide = bool(opts.pop("hide", False))
        self.animation = bool(opts.pop("animation", False))
        self.alt = opts.pop("alt", "")
        self.unknown = sorted(opts)
        self.code = "\n".join(
            ln[len(self.indent) :] if ln.startswith(self.indent) else ln.lstrip()
            for ln in match["body"].rstrip("\n").split("\n")
        )
        self.is_doctest = self.code.lstrip().startswith(">>>")


def on_config(config):
    global _config
    _config = config
    return config


def on_files(files: Files, config) -> Files:
    """Add each chapter's notebook (rendered by mkdocs-jupyter); execute the new ones in the
    background while the chapters build."""
    global _files, _notebooks, _code_hash
    _files = files
    _code_hash = _package_hash()
    if _notebooks is not None:
        _notebooks.close()
    _notebooks = notebooks.Builder()
    for f in list(files.documentation_pages()):
        if not f.src_uri.endswith(".md") or f.src_uri == "index.md":
            continue
        markdown = Path(f.abs_src_path).read_text()
        if any(_first_word(m["info"]) == "python" for m in FENCE.finditer(markdown)):
            name = _notebook_name(f.src_uri)
            path = str(_notebooks.submit(name, f.src_uri, markdown, _code_hash))
            generated = File.generated(config, f"notebooks/{name}.ipynb", abs_src_path=path)
            page_file = NotebookFile(generated, **config)
            page_file.abs_src_path = path  # the wrapper would otherwise derive None from src_dir
            files.append(page_file)
    return files


@event_priority(100)  # before mkdocs-jupyter's on_pre_page, which reads the notebook
def on_pre_page(page, config, files):
    if page.file.src_uri.startswith("notebooks/") and page.file.src_uri.endswith(".ipynb"):
        try:
            _notebooks.wait(_notebook_name(page.file.src_uri[len("notebooks/") :]))
        except RuntimeError as exc:
            raise PluginError(str(exc)) from exc
    return page


def on_post_page(output: str, page, config) -> str:
    """Notebook pages: drop the CSS mkdocs-jupyter inlines in every one of them (0.6 MB of
    JupyterLab styles, and code colours that fail contrast checks). The site's notebook.css,
    a few kB, styles the cells with the theme's own colours. Material inlines no styles."""
    if page.file.src_uri.startswith("notebooks/"):
        output = re.sub(r"<style[^>]*>(?:(?!</style>).){200,}</style>", "", output, flags=re.S)
    return output


def on_post_build(config) -> None:
    _notebooks.close()


def on_build_error(error) -> None:
    if _notebooks is not None:
        _notebooks.close()


def config_for_docs(docs: Path) -> str:
    """The site's mkdocs.yml, pointed at a copy of docs/ elsewhere (for benchmarks, tests)."""
    config = (ROOT / "mkdocs.yml").read_text().replace("docs_dir: docs", f"docs_dir: {docs}")
    return config.replace("  - scripts/build_hooks.py", f"  - {Path(__file__).resolve()}")


def _notebook_name(src_uri: str) -> str:
    return src_uri.rsplit(".", 1)[0].replace("/", "-")


def _notebook_links(markdown: str, page) -> str:
    """Links to the chapter's notebook, rendered and as a download, under the title."""
    name = _notebook_name(page.file.src_uri)
    if _files.get_file_from_path(f"notebooks/{name}.ipynb") is None:
        return markdown
    view = posixpath.relpath(f"notebooks/{name}.ipynb", posixpath.dirname(page.file.src_uri) or ".")
    # mkdocs-jupyter copies the .ipynb beside its rendered page, notebooks/NAME/NAME.ipynb
    download = "../" * page.url.count("/") + f"notebooks/{name}/{name}.ipynb"
    box = (
        '!!! example "Companion notebook"\n'
        f"    This chapter's code as a Jupyter notebook, executed when the site was built: "
        f'[view it]({view}) or <a href="{download}" download>download {name}.ipynb</a>.\n'
    )
    title = re.search(r"^# .*$", markdown, re.M)
    at = title.end() if title else 0
    return markdown[:at] + "\n\n" + box + "\n" + markdown[at:]


def on_page_markdown(markdown: str, page, config, files) -> str:
    if page.file.src_uri.startswith("notebooks/"):
        # A notebook's page (mkdocs-jupyter renders it): its text is its chapter's, so the
        # search index, loaded by every page, leaves it out rather than carry it twice.
        page.meta["search"] = {"exclude": True}
        return markdown
    src = f"docs/{page.file.src_uri}"
    markdown = _notebook_links(SOURCE.sub(lambda m: _source_block(m, src), markdown), page)
    blocks = [Block(m, markdown) for m in FENCE.finditer(markdown) if _first_word(m["info"]) == "python"]
    for b in blocks:
        if b.unknown:
            raise PluginError(f"{src}:{b.line - 1}: unknown fence option(s) {b.unknown}")
        if b.figure and not b.alt:
            raise PluginError(f'{src}:{b.line - 1}: a figure block needs alt="what the figure shows"')
        if b.animation and not b.figure:
            raise PluginError(f"{src}:{b.line - 1}: `animation` goes with `figure alt=...`")
    if not blocks:
        return markdown
    outputs = _outputs_for(page, src, blocks)
    out, pos = [], 0
    for b, (stdout, svgs) in zip(blocks, outputs, strict=True):
        out.append(markdown[pos : b.match.start()])
        out.append(_render(b, stdout, svgs, page))
        pos = b.match.end()
    out.append(markdown[pos:])
    return "".join(out)


def _first_word(info: str) -> str:
    return info.split()[0] if info.split() else ""


def _source_block(m: re.Match, src: str) -> str:
    """The source of a package object as a (non-executed) code listing."""
    obj, parts = None, m["target"].split(".")
    for i in range(len(parts), 0, -1):  # longest importable module prefix, then attributes
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr, None)
        break
    if obj is None:
        raise PluginError(f"{src}: <!-- source: {m['target']} --> names nothing importable")
    lines, start = inspect.getsourcelines(obj)
    code = textwrap.dedent("".join(lines))
    where = Path(inspect.getsourcefile(obj)).resolve().relative_to(ROOT)
    title = f"{where}, lines {start}–{start + len(lines) - 1}" if start else str(where)
    ind = m["indent"]
    body = "\n".join(ind + ln if ln else ln for ln in code.rstrip().split("\n"))
    # Fenced as "py", not "python": a listing to read, which this hook does not run.
    return f'{ind}```py title="{title}"\n{body}\n{ind}```'


def _render(b: Block, stdout: str, svgs: list[str], page) -> str:
    """The block as the reader sees it: its code, what it printed, what it drew."""
    ind, fence = b.indent, b.match["fence"]

    def fenced(info: str, text: str) -> str:
        body = "\n".join(ind + ln if ln else ln for ln in text.rstrip("\n").split("\n"))
        return f"{ind}{fence}{info}\n{body}\n{ind}{fence}"

    parts = []
    if not b.hide:
        parts.append(fenced("pycon" if b.is_doctest else "python", b.code))
        if stdout.strip():
            parts.append(fenced('text title="Output"', stdout))
    if b.animation:
        for n, svg_uri in enumerate(svgs):
            svg_path = _files.get_file_from_path(svg_uri).abs_src_path
            parts.append(_animation_html(b, svg_path, prefix=f"a{b.line}-{n}"))
        return "\n\n".join(parts)
    for svg_uri in svgs:
        # Raw HTML, so that an alt text with brackets or quotes needs no Markdown escaping;
        # the URL is relative to the page's URL, as the browser resolves it.
        src = "../" * page.url.count("/") + svg_uri
        width, height = _svg_size(_files.get_file_from_path(svg_uri).abs_src_path)
        # Width and height reserve the space of a lazily loaded figure: no layout shift.
        img = f'<img src="{src}" alt="{html.escape(b.alt)}" width="{width}" height="{height}" loading="lazy">'
        parts.append(f"{ind}<figure>\n{ind}  {img}\n{ind}</figure>")
    return "\n\n".join(parts)


# Material Design icons (Apache 2.0): first frame, step back, play, step forward.
_BUTTONS = [
    ("first", "First frame", "M6 18V6h2v12H6m3.5-6L18 6v12l-8.5-6z"),
    ("prev", "Step back", "M15.41 16.58 10.83 12l4.58-4.59L14 6l-6 6 6 6 1.41-1.42z"),
    ("play", "Play", "M8 5.14v14l11-7-11-7z"),
    ("next", "Step forward", "M8.59 16.58 13.17 12 8.59 7.41 10 6l6 6-6 6-1.41-1.42z"),
]


def _icon(path: str) -> str:
    return f'<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><path d="{path}"/></svg>'


def _animation_html(b: Block, svg_path: str, prefix: str) -> str:
    """An inline SVG whose tagged groups a small script reveals frame by frame."""
    svg = Path(svg_path).read_text()
    svg = svg[svg.index("<svg") :]
    for kind in ("frame", "only"):  # unique ids, should a page have two animations
        svg = svg.replace(f' id="{kind}-', f' id="{prefix}-{kind}-')
    svg = re.sub(r"<svg ", f'<svg role="img" aria-label="{html.escape(b.alt)}" ', svg, count=1)
    svg = "\n".join(line for line in svg.splitlines() if line.strip())  # a blank line ends raw HTML
    frames = 1 + max(int(k) for k in re.findall(rf'id="{prefix}-(?:frame|only)-(\d+)-', svg))
    button = '<button type="button" class="md-button" data-action="{}" aria-label="{}" title="{}">{}</button>'
    buttons = [button.format(action, label, label, _icon(path)) for action, label, path in _BUTTONS]
    controls = "".join(buttons) + (
        f'<input type="range" min="0" max="{frames - 1}" value="{frames - 1}" aria-label="Frame">'
        f'<output aria-live="polite">{frames - 1} / {frames - 1}</output>'
    )
    return (
        f'{b.indent}<div class="bp-animation" data-frames="{frames}" data-prefix="{prefix}">\n'
        f'<div class="bp-animation__figure">\n{svg}\n</div>\n'
        f'<div class="bp-animation__controls">{controls}</div>\n</div>'
    )


def _svg_size(path: str) -> tuple[int, int]:
    """The SVG's size in CSS pixels (matplotlib writes it in points)."""
    head = Path(path).read_text()[:2000]
    w, h = (float(re.search(rf'{k}="([\d.]+)pt"', head)[1]) for k in ("width", "height"))
    return round(w * 4 / 3), round(h * 4 / 3)


def _package_hash() -> str:
    """What a chapter's outputs depend on besides its own code: the package, the build's
    code (this hook and the notebook runner), and data files the chapters read."""
    paths = [*sorted((ROOT / "backprop").glob("*.py")), Path(__file__), Path(notebooks.__file__)]
    paths += sorted(p for p in (ROOT / "docs").rglob("*.json") if "assets" not in p.parts)
    h = hashlib.sha256()
    for path in paths:
        h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _outputs_for(page, src: str, blocks: list[Block]) -> list[tuple[str, list[str]]]:
    """(printed text, SVG src_uris) of each block, from the cache or by running the page."""
    key = hashlib.sha256(_code_hash.encode())
    for b in blocks:
        key.update(repr((b.code, b.figure, b.hide, b.animation)).encode())
    key = key.hexdigest()[:20]
    index = CACHE / f"{key}.json"
    if index.exists():
        results = json.loads(index.read_text())
    else:
        results = _run_page(src, page.file.abs_src_path, blocks, key)
        index.write_text(json.dumps(results))
    stem = page.file.src_uri.rsplit(".", 1)[0].replace("/", "-")
    outputs, count = [], 0
    for result in results:
        uris = []
        for name in result["svgs"]:
            count += 1
            uris.append(f"figures/{stem}-{count}.svg")
            _add_file(uris[-1], CACHE / name, copy=not result.get("animation"))
        outputs.append((result["stdout"], uris))
    return outputs


def _add_file(uri: str, path: Path, copy: bool = True) -> None:
    """Make a figure known to the build; ``copy=False`` for one that is inlined in its page."""
    old = _files.get_file_from_path(uri)
    if old is not None:
        _files.remove(old)
    file = File.generated(_config, uri, abs_src_path=str(path))
    if not copy:
        file.inclusion = InclusionLevel.EXCLUDED
    _files.append(file)


def _padded_code(b: Block) -> str:
    """The block's code placed at its own line numbers, so tracebacks name the chapter's lines."""
    if not b.is_doctest:
        return "\n" * (b.line - 1) + b.code
    lines: list[str] = []
    for ex in doctest.DocTestParser().get_examples(b.code):
        lines += [""] * (b.line - 1 + ex.lineno - len(lines))
        lines += ex.source.rstrip("\n").split("\n")
    return "\n".join(lines)


def _run_page(src: str, path: str, blocks: list[Block], key: str) -> list[dict]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from backprop import plot

    plot.use_book_style()
    CACHE.mkdir(parents=True, exist_ok=True)
    namespace = {"__name__": "__main__"}
    results: list[dict] = []
    started = time.perf_counter()
    for b in blocks:
        plt.close("all")
        stdout = io.StringIO()
        try:
            # The absolute path lets the traceback quote the chapter's own lines.
            compiled = compile(_padded_code(b), path, "exec")
            with contextlib.redirect_stdout(stdout):
                exec(compiled, namespace)
        except Exception as exc:
            # From the chapter's frame on: the hook's own exec() frame is noise to a contributor.
            tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__.tb_next))
            raise PluginError(f"{src}:{b.line - 1}: the code block starting here failed:\n{tb}") from exc
        figs = [plt.figure(n) for n in plt.get_fignums()]
        if figs and not b.figure:
            raise PluginError(
                f"{src}:{b.line - 1}: this block draws a figure but its fence lacks `figure alt=...`"
            )
        if b.figure and not figs:
            raise PluginError(f"{src}:{b.line - 1}: this block is marked `figure` but draws nothing")
        if b.animation and not any(a.get_gid() for fig in figs for a in fig.findobj()):
            raise PluginError(f"{src}:{b.line - 1}: an animation needs artists tagged by plot.frame(k, ...)")
        if b.animation:  # every frame's state goes into the SVG; the page's script picks one
            for fig in figs:
                for artist in fig.findobj(lambda a: (a.get_gid() or "").startswith("only-")):
                    artist.set_visible(True)
        svgs = []
        for j, fig in enumerate(figs):
            buf = io.BytesIO()
            fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
            svgs.append(f"{key}-{len(results)}-{j}.svg")
            (CACHE / svgs[-1]).write_bytes(buf.getvalue())
        # A doctest's output is already on the page, under each prompt.
        stdout_text = "" if b.is_doctest else stdout.getvalue()
        results.append({"stdout": stdout_text, "svgs": svgs, "animation": b.animation})
        plt.close("all")
    log.info("ran the code of %s in %.1f s", src, time.perf_counter() - started)
    return results
