"""mkdocs hook: keep what the API reference (docs/reference/) costs the other pages small.

Every page loads the search index and the site's stylesheets. The reference's text is
long (parameter tables, signatures, examples), so the index keeps, of each entry, its
heading and its prose: a search for "Adam" or "bias correction" finds the entry, whose
page shows the rest. And mkdocstrings' stylesheet is linked from the reference's pages
only, instead of from every page.
"""

from __future__ import annotations

import re

from mkdocs.plugins import event_priority

CSS = "assets/_mkdocstrings.css"


def _is_reference(page) -> bool:
    return page.file.src_uri.startswith("reference/")


@event_priority(-50)  # after mkdocstrings' on_config, which adds its stylesheet to every page
def on_config(config):
    config["extra_css"] = [css for css in config["extra_css"] if str(css) != CSS]
    return config


@event_priority(-100)  # after mkdocstrings has rendered the page, before search indexes it
def on_page_content(html: str, page, config, files) -> str:
    if not _is_reference(page):
        return html
    # Material's search skips elements marked so (and then drops the attribute).
    mark = r'\1 data-search-exclude="1"'
    html = re.sub(r'(<div class="doc-signature\b[^"]*")', mark, html)
    html = re.sub(r"(<table)\b", mark, html)
    return re.sub(r'(<div class="highlight")', mark, html)


def on_post_page(output: str, page, config) -> str:
    """The stylesheet where mkdocstrings puts it: before the site's own (which win)."""
    if not _is_reference(page):
        return output
    prefix = "../" * page.url.count("/")
    link = f'<link rel="stylesheet" href="{prefix}{CSS}">\n'
    first = f'<link rel="stylesheet" href="{prefix}{config["extra_css"][0]}"'
    at = output.find(first)
    return output[:at] + link + output[at:] if at >= 0 else output.replace("</head>", link + "</head>", 1)
