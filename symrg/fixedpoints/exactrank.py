"""Exact rank of a matrix over Q or a quadratic field Q(g), g^2 rational, with python-flint.

The Jacobians of the RG map at family sample points (:mod:`symrg.fixedpoints.linearize`) have
rational entries, or entries ``a + b g`` with one common quadratic irrationality g
(``sqrt(3)*I`` for relu3 with p = 4, from the cube roots of unity).  Their rank decides
the tangent check of :func:`symrg.fixedpoints.scaling.tangent_check`.

Over Q the rank is flint's ``fmpq_mat.rank``.  Over K = Q(g) of degree 2 a K-linear map
M: K^n -> K^m is also Q-linear on Q^(2n) -> Q^(2m); in the basis (1, g) every entry
``a + b g`` acts as the rational 2 x 2 block ``[[a, b g^2], [b, a]]`` (multiplication by
``a + b g``), and ``rank_Q = 2 rank_K`` (a K-basis of the image gives twice as many
Q-basis vectors).  So the rank over K is half the rank of the rational 2m x 2n matrix:
exact, with no algebraic-number arithmetic in sympy (whose row reduction over Q(g)
took seconds for an 11 x 11 matrix).  Anything else falls back to sympy's ``rank``.
"""

import flint
import sympy

__all__ = ["exact_rank", "quadratic_parts"]


def _fmpq(x):
    return flint.fmpq(int(x.p), int(x.q))


def quadratic_parts(matrix):
    """``(g, A, B)`` with ``matrix = A + g B``, A and B rational and g^2 rational, or None.

    g is the one non-rational "unit" that sympy's ``as_coefficients_dict`` finds in
    the entries (``sqrt(3)*I`` in ``-1/2 + 7*sqrt(3)*I/4``).
    """
    g, parts = None, []
    for x in matrix:
        x = sympy.expand(x)
        a, b = sympy.Integer(0), sympy.Integer(0)
        for term, c in x.as_coefficients_dict().items():
            if not c.is_Rational:
                return None
            if term == 1:
                a += c
                continue
            if g is None:
                g = term
            if term != g:
                return None
            b += c
        parts.append((a, b))
    if g is None or not (g ** 2).is_Rational or (g ** 2).is_zero:
        return None
    A = [a for a, _ in parts]
    B = [b for _, b in parts]
    return g, A, B


def exact_rank(matrix) -> int:
    """Rank of an exact sympy matrix (over Q, a quadratic field, or via sympy).

    Examples
    --------
    >>> import sympy
    >>> w = sympy.sqrt(3) * sympy.I
    >>> exact_rank(sympy.Matrix([[1, w], [w, -3]]))
    1
    >>> exact_rank(sympy.Matrix([[1, w], [w, 3]]))
    2
    """
    rows, cols = matrix.rows, matrix.cols
    if all(x.is_Rational for x in matrix):
        return flint.fmpq_mat(rows, cols, [_fmpq(x) for x in matrix]).rank()
    parts = quadratic_parts(matrix)
    if parts is None:
        return matrix.rank()
    g, A, B = parts
    g2 = g ** 2
    real = flint.fmpq_mat(2 * rows, 2 * cols)
    for i in range(rows):
        for j in range(cols):
            a, b = _fmpq(A[i * cols + j]), _fmpq(B[i * cols + j])
            real[2 * i, 2 * j], real[2 * i, 2 * j + 1] = a, b * _fmpq(g2)
            real[2 * i + 1, 2 * j], real[2 * i + 1, 2 * j + 1] = b, a
    rank = real.rank()
    if rank % 2:
        raise ArithmeticError(f"rank over Q of the realified matrix is odd ({rank}); "
                              f"{g} does not generate a quadratic field")
    return rank // 2
