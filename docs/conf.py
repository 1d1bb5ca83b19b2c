"""Sphinx configuration of the symrg documentation (numpydoc docstrings, autodoc)."""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))

project = "symrg"
author = "symrg developers"
copyright = "symrg developers"

from symrg import __version__ as release  # noqa: E402

version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
]

autosummary_generate = False
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False}
autodoc_member_order = "bysource"
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks = set()
numpydoc_xref_param_type = False

exclude_patterns = ["_build"]
html_theme = "alabaster"
html_static_path = []
html_last_updated_fmt = None


# -- plain-text formulas in docstrings ---------------------------------------------
# The package's docstrings write formulas as plain text (|h - s|^q, |V_h|), which
# reStructuredText would read as substitution references, and some section titles
# contain inline literals that make the underline one character short.  Escape bars
# outside literal text and lengthen such underlines, so the docstrings stay readable
# in a terminal (help()) and build without warnings here.
import re  # noqa: E402

_LITERAL = re.compile(r"(``.*?``|`[^`]*`)")
_UNDERLINE = re.compile(r"^\s*([-=~^])\1+\s*$")


def _escape_bars(line):
    parts = _LITERAL.split(line)
    return "".join(p if i % 2 else p.replace("|", r"\|") for i, p in enumerate(parts))


def _plain_formulas(app, what, name, obj, options, lines):
    literal_indent = None
    in_doctest = False
    for k, line in enumerate(lines):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if literal_indent is not None:
            if stripped and indent <= literal_indent:
                literal_indent = None
            else:
                continue
        if stripped.startswith(">>>"):
            in_doctest = True
        if in_doctest:
            if not stripped:
                in_doctest = False
            continue
        if k and _UNDERLINE.match(line) and len(stripped) < len(lines[k - 1].strip()):
            lines[k] = line[:indent] + stripped[0] * len(lines[k - 1].strip())
            continue
        lines[k] = _escape_bars(line)
        if stripped.endswith("::"):
            literal_indent = indent


def setup(app):
    app.connect("autodoc-process-docstring", _plain_formulas)
