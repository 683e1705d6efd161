"""Publishing: the CI workflow that tests every push and publishes the default branch on
GitHub Pages, the addresses the site is built for (from the environment), and the built
site as published: its sitemap, canonical and "Edit this page" links, and every link,
asset and PDF link working when the site is served from a sub-path, as a project's Pages
site is (https://<owner>.github.io/<repo>/)."""

import re
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import get_yaml_loader, yaml_load
from test_site import broken_links, mount_of, open_page, page_problems, page_urls

from conftest import ROOT, serve

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
NOT_FOUND = "Failed to load resource: the server responded with a status of 404 (Not Found)"
ENV_NAMES = ("BACKPROP_SITE_URL", "BACKPROP_REPO_URL", "BACKPROP_EDIT_URI")


# -- the workflow ----------------------------------------------------------------------------
def actionlint(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["actionlint", "-no-color", *map(str, paths)], capture_output=True, text=True)


def test_the_workflows_pass_actionlint():
    assert WORKFLOWS == [WORKFLOW]
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_fails_a_broken_workflow(tmp_path):
    broken = tmp_path / "ci.yml"  # an output of a step that does not exist
    broken.write_text(WORKFLOW.read_text().replace("steps.pages.outputs", "steps.page.outputs"))
    result = actionlint(broken)
    assert result.returncode != 0 and 'property "page" is not defined' in result.stdout, result.stdout


def workflow() -> dict:
    loaded = yaml.safe_load(WORKFLOW.read_text())
    loaded["on"] = loaded.pop(True, loaded.get("on"))  # YAML 1.1 reads the key `on` as true
    return loaded


def test_the_workflow_tests_every_push_and_publishes_the_default_branch():
    flow = workflow()
    assert {"push", "pull_request"} <= set(flow["on"]) and flow["on"]["push"] is None  # every branch
    test, build, deploy = (flow["jobs"][name] for name in ("test", "build", "deploy"))
    assert "if" not in test and [s["run"] for s in test["steps"] if "run" in s] == ["scripts/test"]
    assert test["env"]["CI"] == "true"  # the browser tests run, not skip
    assert build["needs"] == "test" and "github.event.repository.default_branch" in build["if"]
    assert "github.event_name == 'push'" in build["if"]
    run = next(s for s in build["steps"] if s.get("run") == "scripts/build")
    assert run["env"]["CI"] == "true" and set(ENV_NAMES) <= set(run["env"])  # with the PDF, for this fork
    uses = {s["uses"].split("@")[0]: s for job in flow["jobs"].values() for s in job["steps"] if "uses" in s}
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site/"
    assert deploy["needs"] == "build" and "actions/deploy-pages" in uses
    assert deploy["environment"]["name"] == "github-pages" and deploy["permissions"]["pages"] == "write"
    pins = [s["uses"] for job in flow["jobs"].values() for s in job["steps"] if "uses" in s]
    assert all(re.fullmatch(r"[\w-]+/[\w-]+@v\d+", pin) for pin in pins), pins


def test_the_workflow_sets_the_addresses_mkdocs_reads():
    config = (ROOT / "mkdocs.yml").read_text()
    assert set(re.findall(r"!ENV \[(BACKPROP_\w+_(?:URL|URI)),", config)) == set(ENV_NAMES)


# -- the addresses -------------------------------------------------------------------------
def config_with(monkeypatch, **env) -> dict:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with (ROOT / "mkdocs.yml").open() as f:
        return yaml_load(f, loader=get_yaml_loader())


def test_the_addresses_come_from_the_environment_with_documented_defaults(monkeypatch):
    default = config_with(monkeypatch)
    readme = (ROOT / "README.md").read_text()
    for key in ("site_url", "repo_url", "edit_uri"):
        assert f"`{default[key]}`" in readme, f"README documents the default {key}"
    fork = config_with(
        monkeypatch,
        BACKPROP_SITE_URL="https://someone.github.io/fork/",
        BACKPROP_REPO_URL="https://github.com/someone/fork",
        BACKPROP_EDIT_URI="edit/trunk/docs/",
    )
    assert (fork["site_url"], fork["repo_url"], fork["edit_uri"]) == (
        "https://someone.github.io/fork/",
        "https://github.com/someone/fork",
        "edit/trunk/docs/",
    )


# -- the built site ------------------------------------------------------------------------
def site_url(out: Path) -> str:
    return re.search(r'<link rel="canonical" href="([^"]+)"', (out / "index.html").read_text())[1]


def pages(out: Path) -> dict[str, Path]:
    """Each page of the site (the print page aside: the book again, on one page) by its URL
    path relative to the site."""
    found = {}
    for html in sorted(out.rglob("index.html")):
        relative = html.relative_to(out).parent.as_posix()
        if relative != "print_page":
            found["" if relative == "." else f"{relative}/"] = html
    return found


def test_the_sitemap_and_the_canonical_links_name_every_page(site):
    out = site[0]
    base = site_url(out)
    assert base.startswith("https://") and base.endswith("/")
    sitemap = re.findall(r"<loc>([^<]+)</loc>", (out / "sitemap.xml").read_text())
    assert sorted(sitemap) == sorted(base + path for path in pages(out))
    for path, html in pages(out).items():
        canonical = re.findall(r'<link rel="canonical" href="([^"]+)"', html.read_text())
        assert canonical == [base + path], path


def edit_link(html: Path) -> str | None:
    links = re.findall(r'<a href="([^"]+)" title="Edit this page"[^>]*rel="edit"', html.read_text())
    assert len(links) <= 1
    return links[0] if links else None


def test_every_chapter_links_its_markdown_source_for_editing(site):
    """Chapters: their Markdown; a reference page of one module: the module, whose
    docstrings are the page's text; the notebooks' pages, made by the build: none. Every
    link is to a file of this repository."""
    out = site[0]
    repo = re.search(r'<a href="([^"]+)" title="Go to repository"', (out / "index.html").read_text())[1]
    for path, html in pages(out).items():
        link = edit_link(html)
        if path.startswith("notebooks/"):
            assert link is None, path
            continue
        assert link and link.startswith(f"{repo}/edit/"), (path, link)
        source = ROOT / link.removeprefix(f"{repo}/edit/").split("/", 1)[1]  # less the branch
        assert source.is_file(), (path, link)
        markdown = (ROOT / "docs" / (path.rstrip("/") or "index")).with_suffix(".md")
        if not markdown.exists():
            markdown = ROOT / "docs" / path / "index.md"
        modules = re.findall(r"^::: ([\w.]+)", markdown.read_text(), re.M)
        if len(modules) == 1:
            assert source.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".") == modules[0]
        else:
            assert source == markdown, (path, link)


def test_the_header_links_the_repository_without_asking_its_api(site):
    """Material's repository link fetches stars and forks from the forge's API, another
    host: the site's partial leaves that out."""
    html = (site[0] / "index.html").read_text()
    assert 'class="md-source"' in html and 'data-md-component="source"' not in html


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read(), response.headers["Content-Type"]
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers["Content-Type"]


def test_the_site_works_served_from_a_sub_path(site, browser):
    """Served at /<repo>/ as GitHub Pages serves a project's site (and nothing at the root):
    every link and asset of every page resolves, the PDF links give the PDF, and pages,
    the 404 page included, load everything they ask for in Chromium."""
    out = site[0]
    mount = mount_of(out)
    assert mount != "/", "the default site_url is a project site's, at a sub-path"
    with serve(out, mount) as url:
        host = url.removesuffix(mount)
        assert fetch(host + "/index.html")[0] == 404  # nothing outside the sub-path

        def read(path: str) -> bytes | None:
            status, body, _ = fetch(host + path)
            return body if status == 200 else None

        broken = broken_links(page_urls(out, mount), read)
        assert not broken, "\n".join(broken)

        for path in ("univariate/", "reference/models/", "no/such/page/"):
            page, context, problems, requests = open_page(browser, url + path)
            try:
                if path == "no/such/page/":  # the 404 page, its links absolute: only it answers 404
                    problems.remove(f"{url + path} answered 404")
                    problems.remove(f"console error: {NOT_FOUND}")
                    assert page.title().startswith("backprop"), page.title()
                answers = [(r.url, r.response()) for r in requests if r.url != url + path]
                problems += [f"{u} answered {a.status}" for u, a in answers if a and a.status >= 400]
                problems += page_problems(page, page.content())
                links = page.eval_on_selector_all("a[data-bp-pdf]", "(links) => links.map((a) => a.href)")
                assert links, f"{path}: no link to the PDF"
                for href in links:
                    status, body, kind = fetch(href)
                    assert (status, kind, body[:5]) == (200, "application/pdf", b"%PDF-"), href
            finally:
                context.close()
            assert not problems, f"{path}:\n" + "\n".join(problems)


@pytest.mark.parametrize("hook", ["ruff-check", "ruff-format", "chapter-code-width"])
def test_pre_commit_runs_what_scripts_test_runs_first(hook):
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    result = subprocess.run(
        ["pre-commit", "validate-config", ".pre-commit-config.yaml"], cwd=ROOT, capture_output=True
    )
    assert result.returncode == 0, result.stdout
    entry = next(h for r in config["repos"] for h in r["hooks"] if h["id"] == hook)["entry"]
    command = entry.removeprefix(".venv/bin/").replace(" --force-exclude", "")
    script = (ROOT / "scripts" / "test").read_text()
    if command.startswith("pytest"):  # one test of scripts/test's run
        node = command.split()[-1]
        test = node.split("::")[1]
        assert re.search(rf"^def {test}\(", (ROOT / node.split("::")[0]).read_text(), re.M)
    else:
        assert re.search(rf"^{re.escape(command)} \.$", script, re.M), command
