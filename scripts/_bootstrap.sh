# Sourced by scripts/test, scripts/serve, scripts/build: make .venv match the pins.
# Creates .venv on first use; reinstalls only when pyproject.toml or requirements.lock
# changed since the last install, so a set-up machine starts in well under a second.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
venv="$root/.venv"
python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "backprop needs Python >= 3.11 (set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
want=$(cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)
if [ "$(cat "$venv/.backprop-installed" 2>/dev/null)" != "$want" ]; then
  echo "Installing pinned dependencies into .venv ..."
  # (grep drops the notes this machine's pip config prints about absent local mirrors)
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[test,docs]" \
    2> >(grep -v "is neither a file nor a directory" >&2)
  echo "$want" >"$venv/.backprop-installed"
fi
export PATH="$venv/bin:$PATH"
export MPLBACKEND=Agg NO_MKDOCS_2_WARNING=1
# Dates written into the site (the sitemap) come from the last commit: reproducible builds.
SOURCE_DATE_EPOCH=$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 1767225600)
export SOURCE_DATE_EPOCH
