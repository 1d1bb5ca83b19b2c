"""The one LaTeX escaper (symrg.text.texescape) and its users agree; nothing is dropped."""

import random
import string

from symrg.report.latex import TeX, escape_latex as report_escape
from symrg.text.fplatex import rejected_latex
from symrg.text.mathtext import escape_text
from symrg.text.texescape import escape_latex

#: What each special becomes, written out independently of the module's table.
LITERAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&",
           "#": r"\#", "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%",
           "~": r"\textasciitilde{}", "[": "{[}", "]": "{]}"}


def _unescape(tex):
    """Invert the literal table (longest escapes first): the text a reader sees."""
    out, k = [], 0
    inverse = sorted(LITERAL.items(), key=lambda kv: -len(kv[1]))
    while k < len(tex):
        for char, esc in inverse:
            if tex.startswith(esc, k):
                out.append(char)
                k += len(esc)
                break
        else:
            out.append(tex[k])
            k += 1
    return "".join(out)


def test_every_printable_ascii_character_survives():
    rng = random.Random(7)
    for _ in range(200):
        text = "".join(rng.choice(string.printable[:95]) for _ in range(rng.randint(0, 30)))
        tex = escape_latex(text)
        assert _unescape(tex) == text
        assert escape_text(text) == tex and report_escape(text) == tex
        assert isinstance(report_escape(text), TeX)


def test_rejected_candidate_keeps_backslash_caret_tilde():
    """The old escaper of the fixed-point record replaced ``\\ ^ ~`` by spaces."""
    tex = rejected_latex({"note": "a\\b^c~d"}, "reason")["candidate"]
    assert tex == r"\text{note a\textbackslash{}b\textasciicircum{}c\textasciitilde{}d}"
