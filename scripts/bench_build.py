"""Time the site build: clean, and live under ``scripts/serve`` after a prose edit.

Run by scripts/bench-build. The clean build is a fresh ``mkdocs build --strict`` process
with empty caches: every figure drawn, every notebook executed, the PDF printed. The live
edit is what a contributor sees: ``scripts/serve`` itself runs on a copy of the docs
(with the caches of the clean build), a sentence is added to a chapter's prose, and the
time is taken from the file's save until the page served holds the new sentence
(mkdocs' watcher noticing the change, the rebuild, the request). That is done a few
times; the log of the rebuilds is checked to hold nothing but the rebuild's own lines.
"""

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITS = 5
CHAPTER, ANCHOR = "univariate.md", "The smallest model"
# What a rebuild after a prose edit may log (each line starts with its level).
QUIET = re.compile(
    r"INFO    -  (\[[\d:]+\] (Detected file changes|Reloading browsers)|Building documentation\.\.\.|"
    r"Documentation built in [\d.]+ seconds|No PDF under `mkdocs serve` \(scripts/build makes it\))$"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode()
    except OSError:
        return ""


def live_edits(tmp: Path) -> tuple[list[float], list[str]]:
    """Seconds from each prose edit's save to the page served with it, and the log lines
    of those rebuilds."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from build_hooks import config_for_docs

    shutil.copytree(ROOT / "docs", tmp / "docs")
    (tmp / "mkdocs.yml").write_text(config_for_docs(tmp / "docs"))
    port, log = free_port(), tmp / "serve.log"
    cmd = [str(ROOT / "scripts" / "serve"), "-f", str(tmp / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    with log.open("w") as out:
        server = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        while "Serving on" not in log.read_text():
            if server.poll() is not None:
                raise SystemExit(f"scripts/serve stopped:\n{log.read_text()}")
            time.sleep(0.2)
        time.sleep(1)
        first = len(log.read_text())
        served = re.search(r"Serving on (\S+)", log.read_text())[1]  # at site_url's path
        url = f"{served.rstrip('/')}/{CHAPTER.removesuffix('.md')}/"
        chapter, times = tmp / "docs" / CHAPTER, []
        for k in range(EDITS):
            sentence = f"A new sentence, number {k}."
            text = chapter.read_text().replace(ANCHOR, f"{sentence} {ANCHOR}", 1)
            started = time.perf_counter()
            chapter.write_text(text)
            while sentence not in fetch(url):
                if time.perf_counter() - started > 120:
                    raise SystemExit(f"the edit did not show within 2 minutes:\n{log.read_text()}")
                time.sleep(0.02)
            times.append(time.perf_counter() - started)
            time.sleep(1.5)  # the browsers' reload, then a contributor's next save
        return times, log.read_text()[first:].splitlines()
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    try:
        if "--live" not in sys.argv:  # --live: the edits only, with the repository's caches
            os.environ["BACKPROP_CACHE"] = str(tmp / "cache")
            os.environ["BACKPROP_JUPYTER_CACHE"] = str(tmp / "jupyter")
            started = time.perf_counter()
            cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp / "clean")]
            subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            clean = time.perf_counter() - started
            print(f"clean build (empty caches, new process):  {clean:5.1f} s   target <= 20 s", flush=True)
        times, lines = live_edits(tmp)
        noise = [line for line in lines if not QUIET.match(line)]
        print(
            f"prose edit under scripts/serve, until served: median {statistics.median(times):.1f} s, "
            f"max {max(times):.1f} s ({len(times)} edits)   target <= 2 s"
        )
        print("serve log of those rebuilds:", "quiet" if not noise else "\n  " + "\n  ".join(noise))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
