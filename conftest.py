"""Sybil: run the package docstrings as doctests (docs/ chapters are added by the docs tests)."""

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.rest import DocTestParser

pytest_collect_file = Sybil(
    parsers=[DocTestParser(optionflags=ELLIPSIS | NORMALIZE_WHITESPACE)],
    patterns=["backprop/*.py"],
    name="docstrings",
).pytest()
