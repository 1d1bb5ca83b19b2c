"""LaTeX of the fixed-point record section (:mod:`symrg.records.fixedpoints`).

Display forms of eigenvalues and exponents (:func:`tex_number`), of a linearisation
(:func:`linearization_latex`), of a family's equations and sample point
(:func:`family_latex`; exact log forms by :mod:`symrg.text.logform`) and of a rejected
candidate with its reason (:func:`rejected_latex`).  The numbers come from
:mod:`symrg.fixedpoints`; nothing here computes them.
"""

import re

import mpmath
import sympy

from ..fixedpoints.budget import jacobian_shown
from ..fixedpoints.points import latex_exp
from ..numerics import clean
from .logform import log_form, log_form_latex, log_form_text
from .mathtext import prose_latex
from .texescape import escape_latex

__all__ = ["tex_number", "linearization_latex", "family_latex", "sample_exact",
           "sample_value_latex", "rejected_latex"]


def tex_number(v, digits, shown=12):
    """LaTeX of an eigenvalue or exponent (exact sympy, or mpmath under the noise rule)."""
    if isinstance(v, (mpmath.mpf, mpmath.mpc)):
        z = clean(v, digits)
        if isinstance(z, sympy.Basic):
            return "0"
        if isinstance(z, mpmath.mpc):
            re_, im_ = mpmath.nstr(z.real, shown), mpmath.nstr(abs(z.imag), shown)
            return f"{re_} {'+' if z.imag >= 0 else '-'} {im_}\\,i"
        return mpmath.nstr(z, shown)
    return sympy.latex(v)


def linearization_latex(lin, digits):
    J = jacobian_shown(lin)
    return {"jacobian": sympy.latex(J) if lin.exact and J is not None else "",
            "eigenvalues": ", ".join(tex_number(v, digits) for v in lin.eigenvalues),
            "exponents": ", ".join(tex_number(y, digits) for y in lin.exponents)}


#: Printed characters of family equations shown per family (the rest stay in the JSON).
_FAMILY_BUDGET = 1500


#: Family equations shown at most (the rest stay in the JSON record).
_FAMILY_EQUATIONS = 6


def _z_names(expr):
    """``exp_K_hs`` -> ``z_{hs}`` (compact names of e^{K_k} for monomial-basis couplings)."""
    return {s: "z_{" + s.name[6:] + "}" for s in sympy.sympify(expr).free_symbols
            if s.name.startswith("exp_K_")}


def _sample_lhs(key) -> str:
    """``e^{A}`` for an ``exp_A`` key (e^K), ``A`` for a bare key (K): the K against e^K convention."""
    if key.startswith("exp_"):
        return f"e^{{{sympy.latex(sympy.Symbol(key[4:]))}}}"
    return sympy.latex(sympy.Symbol(key))


def sample_exact(couplings) -> dict:
    """Exact K's of a sample point that are logs, collected over primes (:mod:`symrg.text.logform`).

    Only couplings given as K (bare names) whose value is not rational; e^K values
    (``exp_`` keys) and rationals are exact in ``sample`` already.
    """
    out = {}
    for key, value in couplings.items():
        value = sympy.sympify(value)
        if key.startswith("exp_") or value.is_Rational:
            continue
        form = log_form(value)
        if form is not None:
            out[key] = log_form_text(form)
    return out


def sample_value_latex(key, value) -> str:
    """LaTeX of a sample coupling: a log form ``a \\ln 2 + b \\ln 3 + c \\pi i`` when it is one."""
    form = None if key.startswith("exp_") else log_form(value)
    if form is not None and not sympy.sympify(value).is_Rational:
        return log_form_latex(form)
    if _has_long_rational(value):               # exact value stays in the JSON record
        return r"\approx " + sympy.latex(sympy.N(value, _SHOWN_DIGITS), ln_notation=True)
    return sympy.latex(value, ln_notation=True)


#: Digits of a sample coupling whose exact form has a rational beyond 60 digits.
_SHOWN_DIGITS = 12


def _has_long_rational(value) -> bool:
    """True when an exact value holds a rational with more than 60 digits (not for a page)."""
    return any(max(abs(r.p), r.q) > 10 ** 60 for r in sympy.sympify(value).atoms(sympy.Rational))


def _equation_latex(expr, weights) -> str:
    """LaTeX of a family equation: ``z_{hs}`` for e^{K_hs}, ``e^{A}`` for exp_A, and
    ``E_{h sigma}`` for an orbit weight ``w<o>`` (``weights``: name -> LaTeX)."""
    z = _z_names(expr)
    if z:
        return sympy.latex(sympy.expand(expr), symbol_names=z)
    names = {s: weights[s.name] for s in sympy.sympify(expr).free_symbols if s.name in weights}
    if names:
        return sympy.latex(expr, symbol_names=names)
    return latex_exp(expr)


#: Characters of a sample point's LaTeX values a report shows; a longer sample is named
#: in one sentence (``sample_long``), its couplings being in the JSON record.
SAMPLE_SHOWN = 1200


def family_latex(fam, weights=None) -> dict:
    """Display LaTeX of a family: equations within a size budget, and a sample point.

    At most :data:`_FAMILY_EQUATIONS` equations and :data:`_FAMILY_BUDGET` characters
    are shown (all are in the record).  Couplings named ``K_<monomial>`` print as
    z_{<monomial>} = e^{K_<monomial>}; orbit weights ``w<o>`` print as their LaTeX in
    ``weights`` (``E_{h sigma}``, :func:`symrg.text.rglatex.weight_latex_names`); the
    plain-text notes get LaTeX twins (:func:`symrg.text.mathtext.prose_latex`).
    """
    shown, used = [], 0
    for e in fam.equations:
        tex = _equation_latex(e, weights or {})
        if shown and (used + len(tex) > _FAMILY_BUDGET or len(shown) == _FAMILY_EQUATIONS):
            break
        shown.append(tex + " = 0")
        used += len(tex)
    sample = fam.sample.couplings if fam.sample is not None else {}
    rows, size = [], 0
    for k, v in sample.items():
        rows.append({"lhs": _sample_lhs(k), "value": sample_value_latex(k, v)})
        size += len(rows[-1]["value"])
        if size > SAMPLE_SHOWN:              # a report says so in one sentence: keep none
            rows = []
            break
    out = {"equations": shown, "omitted": len(fam.equations) - len(shown),
           "sample_rows": rows, "sample_long": bool(sample) and not rows,
           "z_notation": _uses_z_names(fam.equations),
           "description": prose_latex(fam.description)}
    if fam.sample is not None:
        out["verified"] = prose_latex(fam.sample.verified)
    return out


def _uses_z_names(equations):
    names = getattr(equations, "names", None)
    if names is not None:
        return any(n.startswith("exp_K_") for n in names)
    return any(_z_names(e) for e in equations)


_WEIGHT = re.compile(r"E\[(\d+),\s*(\d+)\]")


_EXP_NAME = re.compile(r"exp_([A-Za-z]\w*)")


_TOKENS = re.compile(r"(E\[\d+,\s*\d+\]|exp_[A-Za-z]\w*)")


_CARET = re.compile(r"\^(-?\d+)")


def rejected_latex(candidate, reason) -> dict:
    """A rejected candidate ``{exp_A: -2/exp_B}`` and its reason, as math (no Python syntax)."""
    parts = [_candidate_latex(k, v) for k, v in candidate.items()]
    out = []
    for piece in _TOKENS.split(str(reason)):
        weight, name = _WEIGHT.fullmatch(piece), _EXP_NAME.fullmatch(piece)
        power = _CARET.match(piece)
        if power and out and out[-1].endswith("$"):     # exp_B^2: the power joins e^{B}
            out[-1] = "$(" + out[-1][1:-1] + ")^{" + power.group(1) + "}$"
            piece = piece[power.end():]
        if weight:
            out.append(f"$E_{{{weight.group(1)}{weight.group(2)}}}$")
        elif name:
            out.append(f"$e^{{{sympy.latex(sympy.Symbol(name.group(1)))}}}$")
        else:
            out.append(prose_latex(piece))
    return {"candidate": r",\ ".join(parts), "reason": "".join(out)}


def _candidate_latex(key, value) -> str:
    """One field of a rejected candidate: ``e^{A} = ...`` for couplings, text otherwise.

    Candidates of the block classification carry ``rank``, ``dimension`` and
    ``block_ranks`` (irrep label -> rank); the cross-check's carry coupling values.
    """
    key = str(key)
    if key.startswith("exp_"):
        try:
            return f"{latex_exp(sympy.Symbol(key))} = {latex_exp(sympy.sympify(str(value)))}"
        except (sympy.SympifyError, SyntaxError, TypeError):
            pass
    if isinstance(value, dict):
        value = ", ".join(f"{k}: {v}" for k, v in value.items())
    return r"\text{" + escape_latex(f"{key.replace('_', ' ')} {value}") + "}"
