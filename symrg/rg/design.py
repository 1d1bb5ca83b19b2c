"""The design matrix of a coupling basis: exponent vectors of the bond weights (Eq. 26).

``E[h, s] = prod_k x_k^{m_k(h, s)}``: :func:`exponent_table` lists the exponents
``m_k`` at every pair, :func:`inverse_design` inverts the design matrix exactly
(python-flint ``fmpq_mat``).  Both work on Python ints/Fractions; they sit below
:mod:`symrg.rg.couplings` (which reads them) and :mod:`symrg.rg.pathsums`.
"""

import itertools
from fractions import Fraction
from functools import lru_cache

from ..groundtypes import to_python
from ..model.network import Model

__all__ = ["as_number", "design_flint", "exponent_table", "inverse_design", "inverse_size"]

#: A sympy Rational (or int/Fraction) as a Python ``int`` or ``Fraction``
#: (:func:`symrg.groundtypes.to_python`).
as_number = to_python


@lru_cache(maxsize=32)
def exponent_table(model: Model, basis):
    """``table[i][j]``: the exponent vector ``(m_1(h_i, s_j), ...)`` of E[i, j] (Eq. 26).

    Python ints (Fractions for rational values).  Only the per-site exponent pairs
    with a non-zero value are enumerated, so a pair costs the product over sites of
    their non-zero monomials, not ``|V_h| |V_sigma|`` to the number of sites.
    """
    kh, ks = len(model.h_values), len(model.sigma_values)
    index = {pat: k for k, orbit in enumerate(basis.monomial_orbits) for pat in orbit}
    n = len(basis.monomial_orbits)

    @lru_cache(maxsize=None)
    def site_terms(hv, sv):
        hv, sv = as_number(hv), as_number(sv)
        out = []
        for a in range(kh):
            for b in range(ks):
                val = hv ** a * sv ** b
                if val != 0:
                    out.append(((a, b), val))
        return tuple(out)

    table = []
    for h in model.h_states:
        row = []
        for s in model.sigma_states:
            vec = [0] * n
            for combo in itertools.product(*[site_terms(a, b) for a, b in zip(h, s)]):
                val = 1
                for _, f in combo:
                    val *= f
                vec[index[tuple(p for p, _ in combo)]] += val
            row.append(tuple(int(v) if isinstance(v, Fraction) and v.denominator == 1 else v
                             for v in vec[1:]))
        table.append(tuple(row))
    return tuple(table)


@lru_cache(maxsize=32)
def design_flint(basis):
    """``(V, V^{-1})`` as python-flint ``fmpq_mat`` (cached per basis).

    V[o, k] is the orbit-sum monomial k at the representative of pair orbit o (the
    constant first), as in ``basis.design_matrix``; the inverse is exact.  The
    linearisation (:mod:`symrg.fixedpoints.linearize`) forms ``V^{-1} B V`` with them.
    """
    import flint
    table = exponent_table(basis.model, basis)
    rows = [[1] + [as_number(v) for v in table[i][j]] for (i, j), *_ in basis.pair_orbits]
    n = len(rows)
    V = flint.fmpq_mat(n, n, [flint.fmpq(Fraction(v).numerator, Fraction(v).denominator)
                              for row in rows for v in row])
    return V, V.inv()


@lru_cache(maxsize=32)
def inverse_design(basis):
    """Rows of ``V^{-1}`` (equal to ``basis.inverse_design``) as Python ints/Fractions.

    Inverted exactly with flint's ``fmpq_mat`` (:func:`design_flint`; a sympy inverse of
    the 430 x 430 design matrix of N = 3, L = 2 takes minutes).
    """
    inv = design_flint(basis)[1]
    n = inv.nrows()
    out = []
    for r in range(n):
        row = []
        for c in range(n):
            q = inv[r, c]
            num, den = int(q.p), int(q.q)
            row.append(num if den == 1 else Fraction(num, den))
        out.append(tuple(row))
    return tuple(out)


@lru_cache(maxsize=32)
def inverse_size(basis) -> tuple:
    """``(non-zero entries, characters)`` of V^{-1} below its first row (the couplings).

    The size of writing once the change from pair-orbit logarithms to couplings that
    every K' of Eq. 27 and every coefficient of Eq. 25 is made of: a record writes those
    forms only while it is small (random model 8 of the benchmarks, 594 couplings with a
    dense Vandermonde-like design: 318 393 non-zero rationals, 8.9 MB).
    """
    rows = inverse_design(basis)[1:]
    entries = [x for row in rows for x in row if x]
    return len(entries), sum(len(str(x)) for x in entries)
