"""sympy's text of exact polynomials, computed without building sympy trees.

Records store the fixed-point family equations (:mod:`symrg.fixedpoints.equations`) as the text
``str(expr)`` of sympy polynomials, in the order of ``sympy.default_sort_key``.  For a
polynomial with rational coefficients in plain symbols both are determined by its
terms alone (sympy 1.14, ``StrPrinter._print_Add``/``_print_Mul`` and
``Expr.sort_key``):

* terms are printed in decreasing lexicographic order of their exponent vectors, with
  the generators sorted by name (``Expr.as_ordered_terms``), except that a positive
  constant plus one negative multiple of a single power prints constant first
  (``1 - w0``; the order and the sort key are :mod:`symrg.fixedpoints.polynomials`);
* a term is ``[-]p*x**a*y/q`` (coefficient numerator first unless it is 1, factors by
  name, denominator last); the terms are joined by ``" - "`` and ``" + "``.

Building the sympy expression, sorting it and printing it takes about 0.6 ms per term
(relu3 with p = 4 has 25 000 terms in its family equations); this module takes a few
microseconds.  The term lists and their sort order are computation
(:mod:`symrg.fixedpoints.polynomials`, re-exported here).  tests/test_polytext.py
checks both against sympy itself.
"""

from ..fixedpoints.polynomials import (PolynomialList, ordered_terms, poly_expr,
                                       poly_sort_key, poly_terms)

__all__ = ["poly_text", "poly_texts", "poly_terms", "poly_sort_key", "poly_expr",
           "PolynomialList"]


def _number_text(c):
    return str(c.numerator) if c.denominator == 1 else f"{c.numerator}/{c.denominator}"


def _term_text(c, factors):
    if not factors:
        return _number_text(c)
    sign = "-" if c < 0 else ""
    c = -c if c < 0 else c
    parts = [str(c.numerator)] if c.numerator != 1 else []
    parts += [n if a == 1 else f"{n}**{a}" for n, a in factors]
    text = sign + "*".join(parts)
    return text if c.denominator == 1 else f"{text}/{c.denominator}"


def poly_text(terms) -> str:
    """``str(expr)`` of the sympy polynomial with these :func:`poly_terms`.

    Examples
    --------
    >>> from fractions import Fraction
    >>> poly_text([(Fraction(1), (("w1", 2),)), (Fraction(-3, 2), (("w0", 1), ("w2", 1)))])
    '-3*w0*w2/2 + w1**2'
    >>> poly_text([(Fraction(-1), (("exp_A", 1),)), (Fraction(1), ())])
    '1 - exp_A'
    """
    if not terms:
        return "0"
    out = []
    for c, factors in ordered_terms(terms):
        text = _term_text(c, factors)
        sign, text = ("-", text[1:]) if text.startswith("-") else ("+", text)
        out += [sign, text]
    sign = out.pop(0)
    return ("" if sign == "+" else sign) + " ".join(out)




def poly_texts(polynomials) -> list:
    """``[str(expr) for expr in polynomials]`` of a :class:`PolynomialList`, from its terms."""
    return [poly_text(t) for t in polynomials.terms]
