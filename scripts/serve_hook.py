"""mkdocs hook: a fast edit loop under ``scripts/serve``, which runs ``mkdocs serve --dirty``.

After its first, full build, ``mkdocs serve --dirty`` renders again only the pages whose
Markdown is newer than the HTML it wrote for them: an edit to a chapter renders that
chapter, not the API reference, the notebooks' pages or the other chapters (and
build_hooks.py takes the chapter's results from its cache when the edit changed no code
and no inline expression). This hook keeps such partial builds right and quick:

- An edit that can change every page makes a full build: of the package (the chapters
  run its code, the reference shows its docstrings; its modules are then imported
  afresh), of data files the chapters read, of ``mkdocs.yml`` or of the theme's
  ``overrides/``. The hook watches the package and the overrides (mkdocs watches ``docs/``
  and ``mkdocs.yml``).
- A chapter's notebook page is rendered again when the chapter's code changed, not for
  an edit of its prose; the print page (the book as one page, which takes seconds to
  combine) is left as the last full build made it. ``scripts/build`` makes both afresh.
- Links from the pages rendered to pages that were not, which autorefs resolves (to the
  API reference), use the anchors that earlier builds of the process found; Material's
  templates are compiled once per process, not once per build.
- mkdocs warns, on every partial build, that its navigation may be inaccurate, which
  ``strict: true`` would make an error: the book's navigation is fixed by ``mkdocs.yml``,
  whose edits make a full build, so that warning goes.

Under ``mkdocs build`` (and ``mkdocs serve`` without ``--dirty``) the hook does nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from pathlib import Path

import jinja2
from mkdocs.plugins import event_priority
from mkdocs.utils import clean_directory

ROOT = Path(__file__).resolve().parent.parent
WATCHED = ["backprop", "overrides"]  # besides docs/ and mkdocs.yml, which mkdocs watches
log = logging.getLogger("mkdocs.hooks.serve")
# mkdocs-jupyter logs every notebook it converts, copies or finds in its cache: noise.
for _name in ("mkdocs.plugins.mkdocs_jupyter", "mkdocs.mkdocs-jupyter"):
    logging.getLogger(_name).setLevel(logging.WARNING)

_partial = False  # mkdocs serve --dirty
_full = True  # this build renders every page
_fingerprint = ""  # of what every page depends on, at the last build
_anchors: dict[str, dict] = {}  # autorefs' maps: identifier -> URLs, URL -> title
_sources: dict[str, str] = {}  # a file the build made: its source, by its URI
_templates: jinja2.BytecodeCache | None = None


class _NoDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def on_startup(command: str, dirty: bool) -> None:
    global _partial
    _partial = command == "serve" and dirty
    if _partial:
        logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyWarning())


def on_serve(server, config, builder):
    if _partial:
        for folder in WATCHED:
            server.watch(str(ROOT / folder))
    return server


def _fingerprint_now(config) -> str:
    """A hash of what every page depends on besides its own Markdown."""
    paths = [Path(config.config_file_path)]
    paths += [p for folder in WATCHED for p in sorted((ROOT / folder).rglob("*")) if p.is_file()]
    docs = Path(config.docs_dir)
    paths += sorted(p for p in docs.rglob("*.json") if "assets" not in p.relative_to(docs).parts)
    h = hashlib.sha256()
    for path in paths:
        if "__pycache__" not in path.parts:
            h.update(str(path).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@event_priority(100)  # before the plugins' on_config
def on_config(config):
    """A partial build, or a full one: the first, or one after a change to what every page
    depends on, for which the served site is emptied (so mkdocs renders every page)."""
    global _fingerprint, _full
    if not _partial:
        return config
    now = _fingerprint_now(config)
    _full = now != _fingerprint
    if _full and _fingerprint:
        log.info("The package or the site's configuration changed: every page is built again")
        for name in [m for m in sys.modules if m == "backprop" or m.startswith("backprop.")]:
            del sys.modules[name]
        clean_directory(config.site_dir)
        _anchors.clear()
        _sources.clear()
    _fingerprint = now
    if not _full and "print-site" in config.plugins:
        config.plugins["print-site"].config["enabled"] = False
    return config


@event_priority(-100)  # after build_hooks.py has added the figures and notebooks
def on_files(files, config):
    """The files the build makes (figures, notebooks) live in the cache, named by their
    content: when the one at a place of the site is another than at the last build, mkdocs
    writes it again (it compares times: a file made long ago would look older than what
    it replaces), but for a notebook whose chapter's code is unchanged, which keeps its
    earlier source and is not rendered again."""
    if not _partial:
        return files
    for file in files:
        if file.abs_src_path is None:
            continue
        earlier, code = _sources.get(file.src_uri), None
        if not _full and earlier not in (None, file.abs_src_path):
            if file.src_uri.startswith("notebooks/"):
                code = _code(file.abs_src_path)
            if code is not None and code == _code(earlier):
                file.abs_src_path = earlier
            else:
                Path(file.abs_dest_path).unlink(missing_ok=True)
        _sources[file.src_uri] = file.abs_src_path
    return files


def _code(notebook: str) -> list[str] | None:
    if not Path(notebook).exists():  # being executed: its code changed
        return None
    cells = json.loads(Path(notebook).read_text())["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates, in memory: each build makes a new Jinja environment, which would
    compile Material's templates again (about a second)."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


@event_priority(0)  # after the pages are rendered, before autorefs resolves links (-50)
def on_env(env, config, files):
    global _templates
    if not _partial:
        return env
    _templates = _templates or _Compiled()
    env.bytecode_cache = _templates
    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    rendered = {page.url for page in pages if page.content is not None}
    autorefs = config.plugins.get("autorefs")
    if autorefs is None:
        return env
    # The anchors it found in earlier builds on the pages not rendered in this one. (Its
    # maps are private attributes: mkdocs-autorefs is pinned.)
    for name in ("_primary_url_map", "_secondary_url_map"):
        current, earlier = getattr(autorefs, name), _anchors.get(name, {})
        for identifier, urls in earlier.items():
            now = current.get(identifier, [])
            kept = [url for url in urls if url.split("#")[0] not in rendered and url not in now]
            if kept:
                current[identifier] = [*now, *kept]
        _anchors[name] = {identifier: list(urls) for identifier, urls in current.items()}
    autorefs._title_map = _anchors["titles"] = {**_anchors.get("titles", {}), **autorefs._title_map}
    return env
