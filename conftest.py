"""Sybil collects, in the same pytest run as the unit tests:

- every docstring example in ``backprop/``;
- every fenced code block in ``docs/`` whose info string starts with ``python``
  (``python figure alt="..."`` included), run in file order in one namespace per
  chapter, as a reader runs the page. A block starting with ``>>>`` is a doctest.
"""

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from sybil import Sybil
from sybil.evaluators.doctest import DocTestEvaluator
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.abstract.doctest import DocTestStringParser
from sybil.parsers.markdown.lexers import FencedCodeBlockLexer
from sybil.parsers.rest import DocTestParser

FLAGS = ELLIPSIS | NORMALIZE_WHITESPACE


class ChapterCodeParser:
    """Every fence whose first word is ``python``, whatever options follow it."""

    def __init__(self):
        self.lexer = FencedCodeBlockLexer(
            language=r"[^\n]*", mapping={"language": "info", "source": "source"}
        )
        self.doctests = DocTestStringParser(DocTestEvaluator(FLAGS))
        self.python = PythonEvaluator()

    def __call__(self, document):
        for region in self.lexer(document):
            words = region.lexemes["info"].split()
            if not words or words[0] != "python":
                continue
            source = region.lexemes["source"]
            if source.lstrip().startswith(">>>"):
                for example in self.doctests(source, document.path):
                    example.adjust(region, source)
                    example.evaluator = _closing_figures(example.evaluator)
                    yield example
            else:
                region.parsed = source
                region.evaluator = _closing_figures(self.python)
                yield region


def _closing_figures(evaluate):
    """Chapters draw figures for the site; under test, draw them and let them go."""

    def evaluator(example):
        try:
            return evaluate(example)
        finally:
            plt.close("all")

    return evaluator


DOCS = Sybil(parsers=[ChapterCodeParser()], patterns=["docs/**/*.md", "docs/*.md"], name="docs")
DOCSTRINGS = Sybil(parsers=[DocTestParser(optionflags=FLAGS)], patterns=["backprop/*.py"], name="docstrings")
pytest_collect_file = (DOCS + DOCSTRINGS).pytest()
