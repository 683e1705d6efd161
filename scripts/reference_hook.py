"""mkdocs hook: the API reference (docs/reference/): what it costs the other pages, its
copy buttons and its "Edit this page" links.

Every page loads the search index and the site's stylesheets. The reference's text is
long (parameter tables, signatures, examples), so the index keeps, of each entry, its
heading and its prose: a search for "Adam" or "bias correction" finds the entry, whose
page shows the rest. And mkdocstrings' stylesheet is linked from the reference's pages
only, instead of from every page.

An example's copy button copies code that runs in a fresh Python (as a chapter's does);
a signature has none. A page of one module's docstrings is edited in that module.
"""

from __future__ import annotations

import doctest
import html as htmllib
import importlib.util
import re
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent))
import snippets  # a sibling of this hook file

CSS = "assets/_mkdocstrings.css"
ROOT = Path(__file__).resolve().parent.parent
MODULE = re.compile(r"^::: ([\w.]+)", re.M)
HEADING = re.compile(r'<h\d id="(?P<id>[^"]+)" class="doc doc-heading')  # an entry: its examples follow
EXAMPLE = re.compile(r'<div class="highlight"[^>]*><pre>(?P<body>.*?)</pre></div>', re.S)


def _is_reference(page) -> bool:
    return page.file.src_uri.startswith("reference/")


def on_files(files, config):
    """The "Edit this page" link of a reference page that shows one module's docstrings
    opens that module's source, where the text is (``edit_uri`` names docs/, the module
    is beside it); a page with prose of its own or several modules opens its Markdown."""
    for file in files.documentation_pages():
        if not file.src_uri.startswith("reference/") or not file.src_uri.endswith(".md"):
            continue
        modules = MODULE.findall(Path(file.abs_src_path).read_text())
        if len(modules) == 1:
            origin = Path(importlib.util.find_spec(modules[0]).origin)
            file.edit_uri = f"../{origin.relative_to(ROOT).as_posix()}"
    return files


@event_priority(-50)  # after mkdocstrings' on_config, which adds its stylesheet to every page
def on_config(config):
    config["extra_css"] = [css for css in config["extra_css"] if str(css) != CSS]
    return config


@event_priority(-100)  # after mkdocstrings has rendered the page, before search indexes it
def on_page_content(html: str, page, config, files) -> str:
    if not _is_reference(page):
        return html
    html = _example_copies(html, page)
    # A signature is no code to run: no copy button (Material skips .no-copy blocks).
    html = re.sub(r'(<div class="doc-signature\b[^"]*)"', r'\1 no-copy"', html)
    # Material's search skips elements marked so (and then drops the attribute).
    mark = r'\1 data-search-exclude="1"'
    html = re.sub(r'(<div class="doc-signature\b[^"]*")', mark, html)
    html = re.sub(r"(<table)\b", mark, html)
    return re.sub(r'(<div class="highlight")', mark, html)


def _example_copies(html: str, page) -> str:
    """After each example, what its copy button copies (copy.js hands it over, as for a
    chapter's block): its code without prompts and outputs, preceded by what it needs of
    the examples before it in the same docstring (scripts/snippets.py). Each docstring's
    examples import what they use, so that a copy runs in a fresh Python."""
    found, current = [], ""  # (end of the example's HTML, its entry's id, its code)
    for m in re.finditer(f"{HEADING.pattern}|{EXAMPLE.pattern}", html, re.S):
        if m["id"]:
            current = m["id"]
            continue
        text = htmllib.unescape(re.sub(r"<[^>]+>", "", m["body"]))
        if text.lstrip().startswith(">>>"):  # a doctest: its code, as a script
            text = "".join(ex.source for ex in doctest.DocTestParser().get_examples(text))
        found.append((m.end(), current, text.rstrip("\n")))
    copies = {}
    for entry in dict.fromkeys(entry for _, entry, _ in found):
        codes = [(end, code) for end, e, code in found if e == entry]
        copies |= dict(zip((end for end, _ in codes), snippets.copies([c for _, c in codes]), strict=True))
    out, pos = [], 0
    for end, entry, _ in found:
        data = f'data-copy="{htmllib.escape(copies[end].text)}" data-source="{page.url}#{entry}"'
        out += [html[pos:end], f'<div class="bp-copy" {data} hidden></div>']
        pos = end
    return "".join(out) + html[pos:]


def on_post_page(output: str, page, config) -> str:
    """The stylesheet where mkdocstrings puts it: before the site's own (which win)."""
    if not _is_reference(page):
        return output
    prefix = "../" * page.url.count("/")
    link = f'<link rel="stylesheet" href="{prefix}{CSS}">\n'
    first = f'<link rel="stylesheet" href="{prefix}{config["extra_css"][0]}"'
    at = output.find(first)
    return output[:at] + link + output[at:] if at >= 0 else output.replace("</head>", link + "</head>", 1)
