"""Explorable figures: the reader sets a parameter with a slider, the figure answers at once.

A block ```` ```python figure explorable caption="..." alt="..." ```` draws one frame per
setting of its sliders, tagging each frame's artists with ``plot.frame(k, ..., stay=False)``,
and declares the sliders with ``plot.explorable(fig, sliders, texts, still)``: every path,
loss and number of every frame is computed here, at build time, by the package; the
browser only picks a frame (docs/assets/javascripts/explorable.js). No server, no
JavaScript re-implementing the math.

The figure is saved once, every frame in it, as a file of its own: its groups named
``{prefix}-{k}-{n}`` with ``data-frame="k"``, all but the still's hidden. Shown as an image
it is the still (print, no JavaScript); when it comes into view the page's script loads
that same file (the browser's cache has it), puts it inline and shows the frame of the
sliders' setting. The page itself carries only the sliders and, per setting, a sentence
that states it and its result (shown under the figure, read out by screen readers).

The caption must state the still's setting: it is what print and the notebook show.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from pathlib import Path

import literate

FRAME_GROUP = re.compile(r'<g id="(?:frame|only)-(\d+)-(\d+)">')


def prepare(fig, block: literate.Block, where: str) -> dict:
    """Before the figure is saved: its sliders, checked, and every frame made visible, so
    that the SVG holds them all (and its tight bounding box fits every one)."""
    meta = getattr(fig, "_bp_explorable", None)
    if meta is None:
        raise literate.ChapterError(
            f"{where}: an explorable figure calls plot.explorable(fig, sliders, texts, still) "
            "after drawing its frames"
        )
    texts = [s["texts"][i] for s, i in zip(meta["sliders"], _indices(meta, meta["still"]), strict=True)]
    missing = [t for t in texts if t not in block.caption]
    if missing:
        raise literate.ChapterError(
            f"{where}: the caption must state the setting of the still, which print and the "
            f"notebook show: {', '.join(repr(t) for t in missing)}"
        )
    for artist in fig.findobj(lambda a: FRAME_GROUP.match(f'<g id="{a.get_gid()}">') is not None):
        artist.set_visible(True)
    return meta


def finish(svg: str, meta: dict, block: literate.Block, path: Path) -> str:
    """The saved SVG with its frames' groups named for the page (the prefix keeps two
    explorables of a page apart) and every frame but the still's hidden; the sliders and
    texts are kept beside it, in ``path`` with the suffix ``.json``."""
    prefix = _prefix(block)

    def group(m: re.Match) -> str:
        k = int(m[1])
        hidden = "" if k == meta["still"] else ' visibility="hidden"'
        return f'<g id="{prefix}-{k}-{m[2]}" data-frame="{k}"{hidden}>'

    path.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False))
    # matplotlib names every group (figure_1, axes_1, text_5, ...), which nothing refers
    # to: inline beside another figure of the page, the names would be there twice.
    svg = re.sub(r'<g id="[A-Za-z][\w.]*_\d+">', "<g>", svg)
    return _lighter(FRAME_GROUP.sub(group, svg))


PATH_DATA = re.compile(r'(<path d=")([^"]*)(")')  # matplotlib writes d first
POLYLINES = re.compile(r"(?:[ML] -?[\d.]+ -?[\d.]+ ?)+")


def _lighter(svg: str) -> str:
    """The figure's straight lines, a path of frames its bulk, written shorter: points to
    0.1 pt (0.13 px), a point left out where it repeats the one before (a run that has
    converged) or lies on the straight line between its neighbours, and each point
    written as the step from the one before, as SVG allows."""
    return PATH_DATA.sub(_polylines, svg)


def _polylines(m: re.Match) -> str:
    """Path data made of straight lines only (M and L commands), shorter; any other path
    (curves, closed shapes) as it is."""
    data = " ".join(m[2].split())
    if not POLYLINES.fullmatch(data + " "):
        return m[0]
    words = data.split()
    runs: list[list[tuple[float, float]]] = []
    for i in range(0, len(words), 3):
        point = (round(float(words[i + 1]), 1), round(float(words[i + 2]), 1))
        if words[i] == "M":
            runs.append([point])
        else:
            runs[-1].append(point)
    runs = [run for run in map(_fewer_points, runs) if len(run) > 1]
    if not runs:
        return m[0]  # a lone point, which the line's caps draw
    # Tenths of a point as integers, so that each step from one point to the next is exact.
    text = ""
    for run in runs:
        tenths = [(round(x * 10), round(y * 10)) for x, y in run]
        steps = [(b[0] - a[0], b[1] - a[1]) for a, b in itertools.pairwise(tenths)]
        text += f"M{_numbers(tenths[0])}l{_numbers(*steps)}"
    return f"{m[1]}{text}{m[3]}"


def _fewer_points(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The points of a polyline without those that repeat the one before or lie on the
    straight line between the points kept around them."""
    kept, skipped = [points[0]], []  # skipped: the points since the last kept but one
    for p in points[1:]:
        if p == kept[-1]:
            continue
        if len(kept) > 1 and all(_between(kept[-2], q, p) for q in [*skipped, kept[-1]]):
            skipped.append(kept[-1])
            kept[-1] = p
        else:
            kept.append(p)
            skipped = []
    return kept


def _numbers(*pairs) -> str:
    """Tenths as SVG writes numbers shortest: 15 -> 1.5, -5 -> -.5, a space only where a
    minus sign does not already separate two numbers."""
    out = ""
    for value in (v for pair in pairs for v in pair):
        text = f"{value / 10:g}" if value % 10 else str(value // 10)
        text = text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text
        out += text if not out or text.startswith("-") else " " + text
    return out


def _between(a, b, c, tolerance=0.05) -> bool:
    """Whether b lies on the segment from a to c, within ``tolerance`` pt."""
    (ax, ay), (bx, by), (cx, cy) = a, b, c
    length = ((cx - ax) ** 2 + (cy - ay) ** 2) ** 0.5
    if length == 0:
        return False
    off = abs((cx - ax) * (by - ay) - (cy - ay) * (bx - ax)) / length
    along = ((bx - ax) * (cx - ax) + (by - ay) * (cy - ay)) / length**2
    return off <= tolerance and 0 <= along <= 1


def figure_html(
    block: literate.Block, src: str, path: Path, size: tuple[int, int], caption: str, ident: str
) -> str:
    """The figure on the page: the still as an image (``src``, the file saved at ``path``),
    the sliders, the text of the setting."""
    meta = json.loads(path.with_suffix(".json").read_text())
    prefix = _prefix(block)
    width, height = size
    still = _indices(meta, meta["still"])
    controls = []
    for i, (slider, at) in enumerate(zip(meta["sliders"], still, strict=True)):
        sid = f"{prefix}-slider-{i}"
        last = len(slider["values"]) - 1
        marks = "".join(
            f'<span class="bp-explorable__mark" style="--at: {pos / last:.4f}">{html.escape(text)}</span>'
            for pos, text in slider["marks"]
        )
        if marks:
            marks = f'<span class="bp-explorable__marks" id="{sid}-marks">{marks}</span>'
        setting = html.escape(slider["texts"][at])
        controls.append(
            f'<div class="bp-explorable__slider"><label for="{sid}">{html.escape(slider["label"])}</label>'
            f'<span class="bp-explorable__track"><input type="range" id="{sid}" min="0" max="{last}" '
            f'step="1" value="{at}" aria-valuetext="{setting}" data-texts="{_attribute(slider["texts"])}"'
            + (f' aria-describedby="{sid}-marks">' if marks else ">")
            + f'{marks}</span><output class="bp-explorable__value" for="{sid}" aria-hidden="true">'
            f"{setting}</output></div>"
        )
    img = f'<img src="{src}" alt="{html.escape(block.alt)}" width="{width}" height="{height}" loading="lazy">'
    return (
        f'<figure class="bp-explorable-figure"{ident}>\n'
        f'<div class="bp-explorable" data-prefix="{prefix}" data-texts="{_attribute(meta["texts"])}">\n'
        f'<div class="bp-explorable__figure">{img}</div>\n'
        f'<div class="bp-explorable__controls">{"".join(controls)}</div>\n'
        f'<p class="bp-explorable__text" role="status" aria-live="polite">'
        f"{html.escape(meta['texts'][meta['still']])}</p>\n"
        f"</div>\n{caption}\n</figure>"
    )


def _attribute(texts: list[str]) -> str:
    """A list of texts as JSON, for an attribute in double quotes."""
    return html.escape(json.dumps(texts, ensure_ascii=False))


def _prefix(block: literate.Block) -> str:
    return f"x{block.line}"


def _indices(meta: dict, k: int) -> list[int]:
    """The sliders' positions of setting ``k`` (row-major: the last slider fastest)."""
    out = []
    for slider in reversed(meta["sliders"]):
        k, i = divmod(k, len(slider["values"]))
        out.append(i)
    return out[::-1]
