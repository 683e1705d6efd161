"""The API reference (docs/reference/, rendered by mkdocstrings from the docstrings).

Every public class, function and method of the package has an entry; every class and
function of the modules `backprop.__all__` names links back to the chapter that teaches
it; every chapter links to the entries of the package objects it uses. The docstrings
follow one convention (numpy style, Markdown, an example that runs under Sybil), which
the static tests below check without building the site.
"""

import dataclasses
import inspect
import re

import pytest

import backprop
from backprop import training
from backprop.figures import diagrams, plot
from conftest import ROOT

DOCS = ROOT / "docs"
# Module -> its reference page (docs/reference/<page>.md).
PAGES = {m.__name__: n for n, m in vars(backprop).items() if inspect.ismodule(m) and not n.startswith("_")}
PAGES |= {training.__name__: "training", plot.__name__: "figures", diagrams.__name__: "figures"}
# The modules of backprop.__all__ (and training, where train and History live).
TAUGHT = sorted(
    {getattr(backprop, n).__name__ for n in backprop.__all__ if inspect.ismodule(getattr(backprop, n))}
)
TAUGHT += [training.__name__]


def public(module_name: str):
    """(qualified name, object) of every public class and function defined in the module,
    and of every public method and property its classes define themselves."""
    module = __import__(module_name, fromlist=["_"])
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module_name:
            continue
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue
        yield f"{module_name}.{name}", obj
        if inspect.isclass(obj):
            for member, value in vars(obj).items():
                if not member.startswith("_") and (inspect.isfunction(value) or isinstance(value, property)):
                    yield f"{module_name}.{name}.{member}", value


def page_html(site, module_name: str) -> str:
    return (site[0] / "reference" / PAGES[module_name] / "index.html").read_text()


def entry(html: str, qualname: str) -> str:
    """The HTML of one top-level entry: from its heading to the next entry of its level."""
    start = html.index(f'id="{qualname}"')
    level = html[html.rindex("<h", 0, start) + 2]
    module = qualname.rsplit(".", 1)[0]
    following = re.compile(rf'<h{level} id="{re.escape(module)}\.[^."]+"')
    nxt = following.search(html, start + 1)
    return html[start : nxt.start() if nxt else len(html)]


def chapter_pages() -> list[str]:
    return [
        str(p.relative_to(DOCS).with_suffix("")) for p in DOCS.rglob("*.md") if p.parts[-2] != "reference"
    ]


def test_reference_pages_are_in_the_nav_and_fetch_no_inventory():
    config = (ROOT / "mkdocs.yml").read_text()
    assert not re.search(r"^\s*inventories:", config, re.M)  # mkdocstrings would fetch them
    for page in set(PAGES.values()):
        assert f"reference/{page}.md" in config
        assert (DOCS / "reference" / f"{page}.md").exists()


def test_every_public_name_has_an_entry(site):
    missing = []
    for module_name in PAGES:
        html = page_html(site, module_name)
        missing += [q for q, _ in public(module_name) if f'id="{q}"' not in html]
    assert not missing, "public names without a reference entry:\n" + "\n".join(missing)


def test_every_class_and_function_links_to_its_chapter(site):
    chapters = set(chapter_pages())
    unlinked = []
    for module_name in TAUGHT:
        html = page_html(site, module_name)
        for qualname, _ in public(module_name):
            if qualname.count(".") != 2:
                continue  # a method: its class links
            targets = re.findall(r'href="\.\./\.\./([^"#]+?)/?(?:#[^"]*)?"', entry(html, qualname))
            if not chapters & set(targets):
                unlinked.append(qualname)
    assert not unlinked, "reference entries that link to no chapter:\n" + "\n".join(unlinked)


@pytest.mark.parametrize("chapter", [c for c in chapter_pages() if c != "index"])
def test_chapter_links_the_models_and_optimizers_it_uses(site, chapter):
    text = (DOCS / f"{chapter}.md").read_text()
    used = set(re.findall(r"\b(models|optim)\.([A-Z]\w*|minibatches|random_search)\b", text))
    html = (site[0] / chapter / "index.html").read_text()
    used = {(m, n) for m, n in used if hasattr(getattr(backprop, m), n)}  # not torch's optim.SGD
    unlinked = [f"{m}.{n}" for m, n in sorted(used) if f"reference/{m}/#backprop.{m}.{n}" not in html]
    assert not unlinked, f"{chapter} uses but does not link {unlinked}"


# -- the docstring convention, checked on the source --------------------------------------
def documented():
    for module_name in [*TAUGHT, plot.__name__, "backprop.figures.style"]:
        yield from public(module_name)


@pytest.mark.parametrize("qualname, obj", list(documented()), ids=lambda x: x if isinstance(x, str) else "")
def test_docstring_has_sections_and_an_example(qualname, obj):
    func = obj.fget if isinstance(obj, property) else obj
    doc = inspect.getdoc(func) or ""
    assert ">>>" in doc, f"{qualname}: no example"
    signature_of = func.__init__ if inspect.isclass(func) else func
    try:
        params = [p for p in inspect.signature(signature_of).parameters if p not in ("self", "cls")]
    except (TypeError, ValueError):
        params = []
    public_params = [p for p in params if not p.startswith("_")]
    if inspect.isclass(func) and func.__init__ is object.__init__:
        public_params = []  # no constructor arguments
    sections = "Attributes|Parameters" if dataclasses.is_dataclass(func) else "Parameters"
    if public_params:
        assert re.search(rf"^({sections})\n-+$", doc, re.M), f"{qualname}: no {sections} section"
    assert "``" not in doc, f"{qualname}: reST double backticks; docstrings are Markdown"
    assert ":func:" not in doc and ":class:" not in doc, f"{qualname}: reST roles; docstrings are Markdown"


def every_docstring():
    """(name, docstring) of every module of the reference and everything public in it."""
    for module_name in sorted(set(PAGES)):
        module = __import__(module_name, fromlist=["_"])
        yield module_name, inspect.getdoc(module) or ""
        for qualname, obj in public(module_name):
            yield qualname, inspect.getdoc(obj.fget if isinstance(obj, property) else obj) or ""


def test_every_example_is_in_an_examples_section():
    # mkdocstrings renders a doctest outside an Examples section as Markdown: nested
    # quotes (">>>") around the code run together as prose.
    stray = [
        name
        for name, doc in every_docstring()
        if ">>>" in doc and not re.search(r"^Examples\n-+\n(.*\n)*>>>", doc, re.M)
    ]
    assert not stray, f"examples outside an Examples section: {stray}"


def test_no_reference_page_renders_an_example_as_a_quote(site):
    quoted = [page for page in sorted(set(PAGES.values())) if "<blockquote>" in page_html_of(site, page)]
    assert not quoted, f"reference pages with a docstring rendered as a quote: {quoted}"


def page_html_of(site, page: str) -> str:
    return (site[0] / "reference" / page / "index.html").read_text()
