"""Time the site build: clean, and rebuilt after a prose-only edit (as `mkdocs serve` does).

Run by scripts/bench-build. The clean build is a fresh `mkdocs build --strict` process with
empty caches: every figure drawn, every notebook executed, the PDF printed. The rebuild
happens in one long-lived process, like the live reload of `mkdocs serve` (so no PDF):
the site is built once, a sentence of prose is added to a chapter, and the second build
is timed.
"""

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    try:
        os.environ |= {"BACKPROP_CACHE": str(tmp / "cache"), "BACKPROP_JUPYTER_CACHE": str(tmp / "jupyter")}
        started = time.perf_counter()
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp / "clean")]
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        clean = time.perf_counter() - started

        # A copy of the docs to edit, with the caches of the clean build.
        shutil.copytree(ROOT / "docs", tmp / "docs")
        from build_hooks import config_for_docs
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        (tmp / "mkdocs.yml").write_text(config_for_docs(tmp / "docs"))

        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        os.chdir(ROOT)
        config = load_config(str(tmp / "mkdocs.yml"), site_dir=str(tmp / "served"))
        config.plugins.on_startup(command="serve", dirty=False)  # as mkdocs serve: no PDF
        build(config)
        chapter = tmp / "docs" / "univariate.md"
        text = chapter.read_text().replace("The smallest model", "A new sentence. The smallest model", 1)
        chapter.write_text(text)
        started = time.perf_counter()
        build(load_config(str(tmp / "mkdocs.yml"), site_dir=str(tmp / "served")))
        prose = time.perf_counter() - started
        assert "A new sentence." in (tmp / "served" / "univariate" / "index.html").read_text()

        print(f"clean build (empty caches, new process):  {clean:5.1f} s   target <= 20 s")
        print(f"rebuild after a prose-only edit:          {prose:5.1f} s   target <= 2 s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
