"""The edit loop: `scripts/serve` rebuilds only what an edit can change, and what it serves
after the edit is what a full build makes (scripts/serve_hook.py)."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT, build_site

sys.path.insert(0, str(ROOT / "scripts"))
from bench_build import QUIET  # what a rebuild after a prose edit may log
from build_hooks import config_for_docs

CHAPTER = """\
# 1. A chapter

Some prose. See @fig-line.

```python
x = 2
print(x + 1)
```

```python figure id=fig-line caption="A line." alt="A line from 0 to x."
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(3, 2))
ax.plot([0, 1], [0, x])
```

Ten times x is `{python} x * 10`; the data go through [`as_data`][backprop._checks.as_data].
"""
NAV = "nav:\n  - index.md\n  - chapter.md\n  - Reference:\n      - reference/checks.md\n\n"


def small_site(folder: Path) -> Path:
    """The book's configuration (hooks, plugins, theme) over a chapter, a home page and one
    reference page."""
    docs = folder / "docs"
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    (docs / "reference").mkdir()
    (docs / "reference" / "checks.md").write_text("::: backprop._checks\n")  # links to no chapter
    (docs / "index.md").write_text("# Home\n\nRead [the chapter](chapter.md).\n")
    (docs / "chapter.md").write_text(CHAPTER)
    config = re.sub(r"^nav:\n(?:[ -].*\n|\n)+", NAV, config_for_docs(docs), count=1, flags=re.M)
    (folder / "mkdocs.yml").write_text(config)
    return folder / "mkdocs.yml"


def article(html: str) -> str:
    return re.search(r"<article\b.*?</article>", html, re.S)[0]


class Server:
    def __init__(self, config: Path, env: dict):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            address = f"127.0.0.1:{s.getsockname()[1]}"
        self.log = config.parent / "serve.log"
        cmd = [str(ROOT / "scripts" / "serve"), "-f", str(config), "-a", address]
        with self.log.open("w") as out:
            self.process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        self.wait_for(lambda: "Serving on" in self.log.read_text())
        self.url = re.search(r"Serving on (\S+)", self.log.read_text())[1]  # at site_url's path

    def wait_for(self, condition, timeout=180):
        started = time.monotonic()
        while not condition():
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() - started < timeout, self.log.read_text()
            time.sleep(0.05)

    def get(self, path: str) -> bytes:
        try:
            with urllib.request.urlopen(self.url + path, timeout=60) as response:
                return response.read()
        except TimeoutError:  # a failed rebuild: the server waits for a good one
            raise AssertionError(self.log.read_text()) from None

    def edit(self, path: Path, old: str, new: str, shows: str, page: str = "chapter/") -> str:
        """Save an edit, then wait until the page served shows it; the log of that rebuild."""
        start = len(self.log.read_text())
        time.sleep(0.05)  # a later modification time than the page served
        path.write_text(path.read_text().replace(old, new))
        self.wait_for(lambda: shows in self.get(page).decode())
        self.wait_for(lambda: "Reloading browsers" in self.log.read_text()[start:])
        return self.log.read_text()[start:]


def test_serve_rebuilds_what_an_edit_changes_as_a_full_build_would(tmp_path):
    config = small_site(tmp_path)
    chapter = tmp_path / "docs" / "chapter.md"
    env = {**os.environ, "BACKPROP_CACHE": str(tmp_path / "cache")}
    env["BACKPROP_JUPYTER_CACHE"] = str(tmp_path / "cache" / "jupyter")
    server = Server(config, env)
    try:
        figure = server.get("figures/chapter-1.svg")
        notebook = article(server.get("notebooks/chapter/").decode())
        assert "x = 2" in notebook

        # Prose: the chapter's page only, from the cache; quietly, and as a full build makes it.
        log = server.edit(chapter, "Some prose.", "Some new prose.", shows="Some new prose.")
        assert not [line for line in log.splitlines() if not QUIET.match(line)], log
        assert article(server.get("notebooks/chapter/").decode()) == notebook  # not rendered again
        full = build_site(tmp_path / "full", config, cache=tmp_path / "cache")
        assert full.returncode == 0, full.stdout
        for page in ("chapter/", "reference/checks/"):
            served = article(server.get(page).decode())
            assert served == article((tmp_path / "full" / page / "index.html").read_text()), page
        assert 'href="../reference/checks/#backprop._checks.as_data"' in server.get("chapter/").decode()

        # Code: the chapter runs again, its figure and its notebook follow.
        server.edit(chapter, "x = 2", "x = 3", shows="Ten times x is 30")
        assert server.get("figures/chapter-1.svg") != figure
        server.wait_for(lambda: b"x = 3" in server.get("notebooks/chapter/"))
        # and back: the figure made first is served again, though older than the one it replaces
        server.edit(chapter, "x = 3", "x = 2", shows="Ten times x is 20")
        assert server.get("figures/chapter-1.svg") == figure
        assert b"x = 2" in server.get("notebooks/chapter/")

        # The configuration: every page is built again.
        log = server.edit(config, 'site_name: "', 'site_name: "Renamed ', shows="Renamed", page="")
        assert "every page is built again" in log
        assert "Renamed" in server.get("reference/checks/").decode()
    finally:
        server.process.terminate()
        server.process.wait()
