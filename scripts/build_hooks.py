"""mkdocs hooks: run each chapter's code at build time and put what it computes on the page.

A chapter's Python blocks and inline expressions (see scripts/literate.py) run in reading
order in one namespace per chapter, as a reader running the page would:

- ```` ```python ````: shown and run, with what it printed under it. A block that starts
  with ``>>>`` is a doctest, shown as a console session.
- ```` ```python figure caption="..." alt="..." ````: run; the figure it draws is placed
  under it, numbered ("Figure 5.2: ..."), and its code is folded (one click opens it), so
  that prose, not plotting code, leads the page. ``id=fig-name`` lets the prose refer to
  it as ``@fig-name``. ``hide`` runs a block without showing its code (plumbing, or an
  ``assert`` that backs a claim of the prose); ``animation`` makes the figure an SVG
  animation (artists tagged with ``plot.frame(k, ...)``); ``explorable`` gives it sliders
  (scripts/explorables.py).
- `` `{python} expr` `` in the prose is replaced by the value of ``expr``.

The copy button of every shown block copies the block preceded by the earlier code it
needs (scripts/snippets.py), so that what a reader pastes runs on its own.
``<!-- source: backprop.models.UnivariateRegression.backward -->`` on a line of its own is
replaced by that object's source code, so the book shows the package as it is.

Everything a chapter computes is cached under ``.cache/figures`` by its code, its
expressions and the package's source: editing prose rebuilds without running anything.
"""

from __future__ import annotations

import hashlib
import html
import importlib
import inspect
import json
import logging
import os
import posixpath
import re
import sys
import time
import types
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs_jupyter.plugin import NotebookFile

sys.path.insert(0, str(Path(__file__).resolve().parent))
import explorables  # siblings of this hook file
import figure_variants
import literate
import notebooks
import snippets

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("BACKPROP_CACHE", ROOT / ".cache")) / "figures"
SOURCE = literate.SOURCE
log = logging.getLogger("mkdocs.hooks.backprop")

_files: Files | None = None
_config = None
_notebooks: notebooks.Builder | None = None
_code_hash = ""  # of the package and the build's code, computed once per build
_runs: dict[str, list[dict]] = {}  # a chapter's results, by the key of its code
_made: dict[tuple, str] = {}  # a chapter's notebook, by its name, text and the package's hash
_fragments: list[str] = []  # HTML put in the page after Markdown: see `_fragment`
FRAGMENT = re.compile(r"<p>bp-fragment-(\d+)</p>")


def on_config(config):
    global _config
    _config = config
    return config


def on_files(files: Files, config) -> Files:
    """Run every chapter (or take its results from the cache), then add its notebook, with
    the computed values in its prose, executed in the background while the pages build."""
    global _files, _notebooks, _code_hash
    _files = files
    _code_hash = _package_hash()
    if _notebooks is not None:
        _notebooks.close()
    _notebooks = notebooks.Builder()
    for f in list(files.documentation_pages()):
        if not f.src_uri.endswith(".md"):
            continue
        src = f"docs/{f.src_uri}"
        markdown = Path(f.abs_src_path).read_text()
        try:
            found, results = _run(src, f.abs_src_path, markdown)
            if f.src_uri == "index.md" or not any(isinstance(it, literate.Block) for it in found):
                continue
            text = literate.replace_figure_refs(
                _with_values(markdown, found, results), found, src, link=False
            )
        except literate.ChapterError as exc:
            raise PluginError(str(exc)) from exc
        name = _notebook_name(f.src_uri)
        key = (name, text, _code_hash)  # a rebuild under scripts/serve skips making it again
        path = _made.get(key)
        if path is None or not Path(path).exists():
            figures = _notebook_figures(markdown, found, results, name, f.url)
            path = _made[key] = str(_notebooks.submit(name, f.src_uri, text, _code_hash, figures))
        generated = File.generated(config, f"notebooks/{name}.ipynb", abs_src_path=path)
        page_file = NotebookFile(generated, **config)
        page_file.abs_src_path = path  # the wrapper would otherwise derive None from src_dir
        page_file.edit_uri = None  # made by the build: no "Edit this page" link
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


def on_page_markdown(markdown: str, page, config, files) -> str:
    if page.file.src_uri.startswith("notebooks/"):
        # A notebook's page (mkdocs-jupyter renders it): its text is its chapter's, so the
        # search index, loaded by every page, leaves it out rather than carry it twice.
        page.meta["search"] = {"exclude": True}
        return markdown
    src = f"docs/{page.file.src_uri}"
    _fragments.clear()
    try:
        found, results = _run(src, page.file.abs_src_path, markdown)
        markdown = _render(markdown, found, results, page)
        markdown = literate.replace_figure_refs(markdown, found, src)
    except literate.ChapterError as exc:
        raise PluginError(str(exc)) from exc
    markdown = SOURCE.sub(lambda m: _source_block(m, src), markdown)
    return _api_links(_notebook_links(markdown, page), page)


@event_priority(100)  # before plugins that collect page content (search, print)
def on_page_content(html_text: str, page, config, files) -> str:
    placed = [_fragments[int(n)] for n in FRAGMENT.findall(html_text)]
    html_text = FRAGMENT.sub(lambda m: _fragments[int(m[1])], html_text)
    if page.present_anchor_ids is not None:  # the figures' ids, for mkdocs' check of links to them
        page.present_anchor_ids |= {i for f in placed for i in re.findall(r'\bid="([^"]+)"', f)}
    # Out of the search index, which every page loads: the code that draws a figure, every
    # listing (the API reference indexes the package's names), and the TeX of the
    # formulas, which no reader searches for.
    html_text = html_text.replace('<div class="highlight">', '<div class="highlight" data-search-exclude>')
    for tag in ("div", "span"):
        math = f'<{tag} class="arithmatex">'
        html_text = html_text.replace(math, math[:-1] + " data-search-exclude>")
    return html_text.replace('<details class="code">', '<details class="code" data-search-exclude>')


def on_post_page(output: str, page, config) -> str:
    """Notebook pages: drop the CSS mkdocs-jupyter inlines in every one of them (0.6 MB of
    JupyterLab styles, and code colours that fail contrast checks). The site's notebook.css,
    a few kB, styles the cells with the theme's own colours. Material inlines no styles."""
    if page.file.src_uri.startswith("notebooks/"):
        output = re.sub(r"<style[^>]*>(?:(?!</style>).){200,}</style>", "", output, flags=re.S)
        output = notebooks.slim_page(output)
    return output


def on_post_build(config) -> None:
    _notebooks.close()
    _notebooks.write_downloads(Path(config["site_dir"]))


def on_build_error(error) -> None:
    if _notebooks is not None:
        _notebooks.close()


def config_for_docs(docs: Path) -> str:
    """The site's mkdocs.yml, pointed at a copy of docs/ elsewhere (for benchmarks, tests)."""
    config = (ROOT / "mkdocs.yml").read_text().replace("docs_dir: docs", f"docs_dir: {docs}")
    config = re.sub(r"^(  - )(scripts/\w+\.py)", lambda m: m[1] + str(ROOT / m[2]), config, flags=re.M)
    config = config.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    return config.replace("cover_page_template: docs/", f"cover_page_template: {docs}/")


# -- running a chapter ---------------------------------------------------------------------


def _run(src: str, path: str, markdown: str) -> tuple[list, list[dict]]:
    """The chapter's blocks and expressions, and what each produced: from this build's
    memory, the cache on disk, or by running the chapter."""
    found = literate.items(markdown)
    literate.check(src, found)
    key = hashlib.sha256(_code_hash.encode())
    for it in found:
        key.update(repr(it.key()).encode())
    key = key.hexdigest()[:20]
    if key not in _runs:
        index = CACHE / f"{key}.json"
        if index.exists():
            _runs[key] = json.loads(index.read_text())
        else:
            _runs[key] = _execute(src, path, found, key)
            index.write_text(json.dumps(_runs[key]))
    results = _runs[key]
    stem = src.removeprefix("docs/").rsplit(".", 1)[0].replace("/", "-")
    count = 0
    for it, result in zip(found, results, strict=True):
        if isinstance(it, literate.Block):
            result["uris"] = []  # the figure as drawn for a desktop and the light palette
            result["variant_uris"] = {}
            for files in result["figures"]:
                count += 1
                for variant, name in files.items():
                    # figures/chapter-2.svg, -dark, -phone, -phone-dark, and an animation's -still;
                    # an explorable's frames beside each, -frames.svg (scripts/explorables.py)
                    base = variant.removesuffix("-frames")
                    suffix = "" if base == "desktop-light" else "-" + base.removeprefix("desktop-")
                    frames = "-frames" if base != variant else ""
                    uri = f"figures/{stem}-{count}{suffix.removesuffix('-light')}{frames}.svg"
                    result["variant_uris"][variant] = uri
                    _add_file(uri, CACHE / name)
                result["uris"].append(result["variant_uris"]["desktop-light"])
    return found, results


def _execute(src: str, path: str, found: list, key: str) -> list[dict]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from backprop.figures import plot

    plot.use_book_style()
    CACHE.mkdir(parents=True, exist_ok=True)
    namespace = {"__name__": "__main__"}
    results: list[dict] = []
    started = time.perf_counter()
    for it in found:
        if isinstance(it, literate.Inline):
            results.append({"value": literate.evaluate_inline(it, namespace, src, path)})
            continue
        plt.close("all")
        where = f"{src}:{it.line}"
        # A figure's code runs once more for a phone, in a copy of the namespace it starts
        # from, so that what the chapter computes next is what a reader's run computes.
        before = figure_variants.snapshot(namespace, it.plain_code()) if it.figure else None
        stdout = literate.run_block(it, namespace, src, path)
        figs = [plt.figure(n) for n in plt.get_fignums()]
        if figs and not it.figure:
            raise literate.ChapterError(f"{where}: this block draws a figure but its fence lacks `figure`")
        if it.figure and len(figs) != 1:
            raise literate.ChapterError(
                f"{where}: a `figure` block draws one figure, this one drew {len(figs)}"
            )
        if it.animation and not any(a.get_gid() for fig in figs for a in fig.findobj()):
            raise literate.ChapterError(f"{where}: an animation needs artists tagged by plot.frame(k, ...)")
        result = {"stdout": "" if it.is_doctest else stdout, "figures": []}  # a doctest's is on the page
        if it.figure:
            result |= _figure(it, figs[0], before, src, path, f"{key}-{len(results)}")
        results.append(result)
        plt.close("all")
    log.info("ran the code of %s in %.1f s", src, time.perf_counter() - started)
    return results


def _figure(it: literate.Block, fig, before: dict, src: str, path: str, name: str) -> dict:
    """Every variant of a block's figure, checked and saved in the cache."""
    import matplotlib.pyplot as plt

    where = f"{src}:{it.line}"

    def draw(layout):
        if layout == "desktop":  # drawn already, in the chapter's own namespace
            return fig
        plt.close("all")
        literate.run_block(it, before, src, path)
        drawn = [plt.figure(n) for n in plt.get_fignums()]
        if len(drawn) != 1:
            raise literate.ChapterError(f"{where}: drawn for a phone, the block drew {len(drawn)} figures")
        return drawn[0]

    meta = explorables.declared(fig, it, where) if it.explorable else None
    try:  # an explorable's frames, like an animation's, all go into its SVGs
        variants = figure_variants.render(draw, where, animation=it.animation or it.explorable)
    except figure_variants.FigureError as exc:
        raise literate.ChapterError(str(exc)) from exc
    files = {}
    for (layout, scheme), svg in variants.svgs.items():
        files[f"{layout}-{scheme}"] = f"{name}-{layout}-{scheme}.svg"
        if meta is not None:  # its still, and every frame in a file of its own
            svg, frames = explorables.split(svg, meta)
            files[f"{layout}-{scheme}-frames"] = f"{name}-{layout}-{scheme}-frames.svg"
            (CACHE / files[f"{layout}-{scheme}-frames"]).write_text(frames)
        (CACHE / files[f"{layout}-{scheme}"]).write_text(svg)
    if variants.still and it.animation:
        files["still"] = f"{name}-still.svg"
        (CACHE / files["still"]).write_text(variants.still)
    sizes = {f"{layout}-{scheme}": size for (layout, scheme), size in variants.sizes.items()}
    frames = [int(k) for k in re.findall(r'data-(?:frame|only)="(\d+)"', variants.svgs[("desktop", "light")])]
    return {
        "figures": [files],
        "sizes": sizes,
        "media": variants.phone_media,
        "frames": 1 + max(frames, default=0),
        "explorable": meta,
    }


def _package_hash() -> str:
    """What a chapter's outputs depend on besides its own code: the package, the build's
    code (with the figures' variants and their SVG), the pinned versions of what draws
    them (matplotlib, Pillow), and data files the chapters read."""
    here = Path(__file__).resolve().parent
    paths = [*sorted((ROOT / "backprop").rglob("*.py")), *(here / f for f in _BUILD_CODE)]
    paths.append(ROOT / "requirements.lock")
    paths += sorted(p for p in (ROOT / "docs").rglob("*.json") if "assets" not in p.parts)
    h = hashlib.sha256()
    for path in paths:
        h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


_BUILD_CODE = ["build_hooks.py", "explorables.py", "figure_variants.py", "literate.py", "notebooks.py"]


def _add_file(uri: str, path: Path, copy: bool = True) -> None:
    """Make a figure known to the build; ``copy=False`` for one that is inlined in its page."""
    old = _files.get_file_from_path(uri)
    if old is not None:
        _files.remove(old)
    file = File.generated(_config, uri, abs_src_path=str(path))
    if not copy:
        file.inclusion = InclusionLevel.EXCLUDED
    _files.append(file)


# -- putting it on the page ----------------------------------------------------------------


def _with_values(markdown: str, found: list, results: list[dict]) -> str:
    """The chapter with each inline expression replaced by its value (for the notebook)."""
    out, pos = [], 0
    for it, result in zip(found, results, strict=True):
        if isinstance(it, literate.Inline):
            out += [markdown[pos : it.start], result["value"]]
            pos = it.end
    return "".join(out) + markdown[pos:]


def _render(markdown: str, found: list, results: list[dict], page) -> str:
    blocks = [it for it in found if isinstance(it, literate.Block)]
    copies = dict(
        zip((b.start for b in blocks), snippets.copies([b.plain_code() for b in blocks]), strict=True)
    )
    numbers = literate.figure_numbers(markdown, found)
    out, pos = [], 0
    for it, result in zip(found, results, strict=True):
        out.append(markdown[pos : it.start])
        if isinstance(it, literate.Inline):
            out.append(result["value"])
        else:
            out.append(_render_block(it, result, copies[it.start], numbers.get(it.start), page))
        pos = it.end
    out.append(markdown[pos:])
    return "".join(out)


def _fragment(html_text: str) -> str:
    """A placeholder paragraph that ``on_page_content`` replaces by ``html_text``: raw HTML
    that Markdown would otherwise wrap in paragraphs inside tabs and admonitions."""
    _fragments.append(html_text)
    return f"bp-fragment-{len(_fragments) - 1}"


def _indented(text: str, indent: str) -> str:
    return "\n".join(indent + ln if ln.strip() else "" for ln in text.split("\n"))


def _fenced(fence: str, info: str, text: str) -> str:
    return f"{fence}{info}\n{text.rstrip(chr(10))}\n{fence}"


def _render_block(b: literate.Block, result: dict, copy: snippets.Copy, number: str | None, page) -> str:
    """The block as the reader sees it: its code, what it printed, what it drew."""
    shown = []
    if not b.hide:
        shown.append(_fenced(b.fence, "pycon" if b.is_doctest else "python", b.code))
        shown.append(_copy_html(copy, f"docs/{page.file.src_uri}:{b.line}"))
        if result["stdout"].strip():
            shown.append(_fenced(b.fence, ' text title="Output"', result["stdout"]))
    code = "\n\n".join(shown)
    if not b.figure:
        return _indented(code, b.indent)
    figure = _fragment(_figure_html(b, result, number, page))
    if code:  # plotting code: folded under the figure, one click away
        code = f'??? code "Code for Figure {number}"\n\n{_indented(code, "    ")}'
    return _indented(f"{figure}\n\n{code}".rstrip(), b.indent)


def _notebook_figures(
    markdown: str, found: list, results: list[dict], name: str, chapter_url: str
) -> list[notebooks.Figure]:
    """The chapter's figures as its notebook's page shows them: as the chapter does (an
    explorable figure links to the chapter's)."""
    numbers = literate.figure_numbers(markdown, found)
    page = types.SimpleNamespace(url=f"notebooks/{name}/", chapter_url=chapter_url)  # where each page is
    return [
        notebooks.Figure(_figure_html(it, result, numbers.get(it.start), page), it.alt)
        for it, result in zip(found, results, strict=True)
        if isinstance(it, literate.Block) and it.figure
    ]


def _copy_html(copy: snippets.Copy, where: str, note: bool = True) -> str:
    """What the copy button copies (the page's copy.js hands it over), and, when the block
    builds on earlier code, a note that says so and shows that code."""
    data = f'data-copy="{html.escape(copy.text)}" data-source="{where}"'
    if not copy.setup or not note:
        return _fragment(f'<div class="bp-copy" {data} hidden></div>')
    names = ", ".join(f"<code>{html.escape(n)}</code>" for n in copy.names)
    return _fragment(
        f'<details class="bp-copy bp-setup" data-search-exclude {data}><summary>Uses {names} from above; '
        f"the copy button copies this set-up too</summary><pre><code>{html.escape(copy.setup)}</code></pre>"
        "</details>"
    )


def _figure_html(b: literate.Block, result: dict, number: str, page) -> str:
    """The figure in the variant the reader's palette and width call for (see
    scripts/figure_variants.py): the light and the dark drawing, each with its phone layout."""
    caption = f"<figcaption>Figure {number}: {_inline_html(b.caption)}</figcaption>"
    ident = f' id="{b.id}"' if b.id else ""
    # Raw HTML, so that an alt text with brackets or quotes needs no Markdown escaping;
    # URLs are relative to the page's URL, as the browser resolves them. Widths and
    # heights reserve the space of a lazily loaded figure: no layout shift.
    up = "../" * page.url.count("/")
    uris, sizes = {}, {}
    for variant, uri in result["variant_uris"].items():
        if variant != "still" and not variant.endswith("-frames"):
            uris[tuple(variant.split("-"))] = up + uri
            sizes[tuple(variant.split("-"))] = result["sizes"][variant]
    if b.explorable:  # sliders under it (scripts/explorables.py)
        frames = {v: up + result["variant_uris"]["-".join(v) + "-frames"] for v in uris}
        # A notebook's page links to the chapter's, where the sliders are.
        chapter = up + page.chapter_url if hasattr(page, "chapter_url") else None
        return explorables.figure_html(
            b, result["explorable"], (uris, frames, sizes, result["media"]), caption, ident, chapter
        )
    if b.animation:
        still = up + result["variant_uris"]["still"]
        live = figure_variants.live_html(uris, sizes, result["media"], b.alt, still)
        body = _animation_html(live, result["frames"])
        return f'<figure class="bp-animation-figure"{ident}>\n{body}\n{caption}\n</figure>'
    pictures = figure_variants.picture_html(uris, sizes, result["media"], b.alt)
    return f"<figure{ident}>\n  {pictures}\n  {caption}\n</figure>"


def _inline_html(text: str) -> str:
    """A caption's Markdown, which is plain text, `code` and $math$, as HTML (the math is
    left for KaTeX, as arithmatex leaves it)."""
    out, pos = [], 0
    for m in re.finditer(r"`([^`]+)`|\$([^$]+)\$", text):
        out.append(html.escape(text[pos : m.start()]))
        code, math = m.groups()
        out.append(
            f"<code>{html.escape(code)}</code>"
            if code
            else f'<span class="arithmatex">\\({html.escape(math)}\\)</span>'
        )
        pos = m.end()
    return "".join(out) + html.escape(text[pos:])


# Material Design icons (Apache 2.0): first frame, step back, play, step forward.
_BUTTONS = [
    ("first", "First frame", "M6 18V6h2v12H6m3.5-6L18 6v12l-8.5-6z"),
    ("prev", "Step back", "M15.41 16.58 10.83 12l4.58-4.59L14 6l-6 6 6 6 1.41-1.42z"),
    ("play", "Play", "M8 5.14v14l11-7-11-7z"),
    ("next", "Step forward", "M8.59 16.58 13.17 12 8.59 7.41 10 6l6 6-6 6-1.41-1.42z"),
]


def _icon(path: str) -> str:
    return f'<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><path d="{path}"/></svg>'


def _animation_html(live: str, frames: int) -> str:
    """The figure's box (``live``: figures.js puts the SVG of the variant shown in it), and
    controls that reveal its frames one by one (animation.js)."""
    button = '<button type="button" class="md-button" data-action="{}" aria-label="{}" title="{}">{}</button>'
    buttons = [button.format(action, label, label, _icon(path)) for action, label, path in _BUTTONS]
    controls = "".join(buttons) + (
        f'<input type="range" min="0" max="{frames - 1}" value="{frames - 1}" aria-label="Frame">'
        f'<output aria-live="polite">{frames - 1} / {frames - 1}</output>'
    )
    return (
        f'<div class="bp-animation" data-frames="{frames}">\n{live}\n'
        f'<div class="bp-animation__controls">{controls}</div>\n</div>'
    )


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
        '!!! example bp-notebook "Companion notebook"\n'
        f"    This chapter's code as a Jupyter notebook, executed when the site was built: "
        f'[view it]({view}) or <a href="{download}" download>download {name}.ipynb</a>.\n'
    )
    title = re.search(r"^# .*$", markdown, re.M)
    at = title.end() if title else 0
    return markdown[:at] + "\n\n" + box + "\n" + markdown[at:]


API_MODULES = "models|optim|losses|activations|gradcheck|data|scalar|plot|diagrams|style"
API_NAME = re.compile(rf"\b({API_MODULES})\.([A-Za-z]\w*)")
_MODULE_PATH = {  # the drawing code
    "plot": "backprop.figures.plot",
    "diagrams": "backprop.figures.diagrams",
    "style": "backprop.figures.style",
}


def _api_links(markdown: str, page) -> str:
    """At the end of a chapter, links to the API reference entries of the package's classes
    and functions it uses (`models.TwoLayerLinear`, `optim.Adam`, `train`, ...)."""
    if page.file.src_uri.startswith("reference/"):
        return markdown
    names = {f"{_MODULE_PATH.get(m[1], 'backprop.' + m[1])}.{m[2]}" for m in API_NAME.finditer(markdown)}
    if re.search(r"\btrain\(", markdown):
        names.add("backprop.training.train")
    order = [*API_MODULES.split("|")[:2], "training", *API_MODULES.split("|")[2:]]  # models, optim first
    found = []
    for name in sorted(names, key=lambda n: (order.index(n.split(".")[-2]), n)):
        module, attr = name.rsplit(".", 1)
        obj = getattr(importlib.import_module(module), attr, None)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            found.append(name)
    if not found:
        return markdown
    short = ("backprop.figures.", "backprop.training.", "backprop.")
    links = [f"[`{next(n.removeprefix(s) for s in short if n.startswith(s))}`][{n}]" for n in found]
    listed = ", ".join(links[:-1]) + " and " + links[-1] if len(links) > 1 else links[0]
    return markdown.rstrip("\n") + (
        f'\n\n!!! info bp-api "In the API reference"\n    This page uses {listed}.\n'
    )


def _source_block(m: re.Match, src: str) -> str:
    """The source of a package object as a (non-executed) code listing."""
    try:
        code, where = literate.source_of(m["target"])
    except literate.ChapterError as exc:
        raise PluginError(f"{src}: {exc}") from exc
    ind = m["indent"]
    body = "\n".join(ind + ln if ln else ln for ln in code.split("\n"))
    # Fenced as "py", not "python": a listing to read, which this hook does not run. Its
    # copy button copies it with the imports it needs from its module (snippets.listing).
    path, line = where.split(", lines ")[0], where.split(", lines ")[1].split("–")[0]
    module = path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    copy = _copy_html(snippets.listing(code, module), f"{path}:{line}", note=False)
    listing = f'{ind}```py title="{where}"\n{body}\n{ind}```\n\n{ind}{copy}'
    # Under it, a link to the object's entry in the API reference (docs/reference/), which
    # mkdocstrings' autorefs resolves; a target without an entry fails the build. The
    # reference leaves out underscored names: `Value.__mul__` links to `Value`, and code
    # of a private module (`backprop._fast`) to nothing.
    parts = m["target"].split(".")
    private = [i for i, part in enumerate(parts) if part.startswith("_")]
    target = ".".join(parts[: private[0]] if private else parts)
    if "." not in target:
        return listing
    name = target.removeprefix("backprop.")
    return f"{listing}\n\n{ind}[`{name}` in the API reference][{target}]{{ .bp-api-link }}"
