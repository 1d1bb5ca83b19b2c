"""The Gong-Xia 1D Ising chain decimated with the symrg engine (seed slides, Eq. 1-2).

A periodic chain of spins x in {-1, +1} (any finite value list for the weights and
partition functions) with bond weight

    T[x, x'] = exp(K x x' + h (x + x') / 2)

is a model whose bond weight is given directly.  Summing out every other spin is
:func:`symrg.rg.decimation.decimate` with the identity count matrix (nothing but the
spin is summed, Omega = 1) and ratio p = 2:  T' = T T.  Writing
T'[x, x'] = exp(g + K' x x' + h' (x + x') / 2) gives the recursion

    K' = (1/2) ln cosh 2K,      g = (1/2) ln(4 cosh 2K)   (h = 0),

g per decimated spin.  The slides print J_0 = (N/2) ln(4 cosh 2J) for the N/2
decimated spins of a chain of N; the exact total is (N/2) g = (N/4) ln(4 cosh 2J),
half the printed value (checked against the brute-force Z_8 in :func:`ising_record`).

In t = tanh K the recursion is exactly t' = t^2: fixed points t* = 0 (K* = 0,
dt'/dt = 0, y = -infinity) and t* = 1 (K* = infinity, dt'/dt = 2, y = ln 2 / ln 2 = 1,
nu = 1/y = 1), matching xi = -1 / ln tanh K of the 2 x 2 transfer matrix.
"""

import itertools
from dataclasses import dataclass

import mpmath
import sympy

from ..errors import ModelError
from ..numerics import decimal_string, json_number
from ..rg.decimation import decimate

__all__ = [
    "K", "FIELD", "T",
    "ising_bond_weights", "check_chain_weights", "decimate_chain",
    "IsingRecursion", "ising_recursion",
    "chain_partition_function", "transfer_partition_function",
    "tanh_recursion", "correlation_length", "ising_fixed_points", "ising_boundary_fixed_point",
    "verify_decimation_identity", "slide_comparison", "ising_record",
]

#: Nearest-neighbour coupling K (= J / k_B T of the slides).
K = sympy.Symbol("K", real=True)
#: Uniform field h of the chain (the slides' h / k_B T).
FIELD = sympy.Symbol("h", real=True)
#: t = tanh K, the chart in which K* = infinity is an ordinary fixed point.
T = sympy.Symbol("t", real=True)
_X = sympy.Symbol("X", positive=True)  # X = exp(K), used only for exact rewriting


def ising_bond_weights(coupling=K, field=0, values=(-1, 1)) -> sympy.ImmutableMatrix:
    """Bond weight ``T[x, x'] = exp(K x x' + h (x + x')/2)`` of the chain (slides, Eq. 1).

    Parameters
    ----------
    coupling : sympy expression
        K (symbol or exact number).
    field : sympy expression
        Uniform field h; split half-half over the two ends of each bond.
    values : sequence
        Spin values in canonical order (default ``(-1, 1)``).

    Examples
    --------
    >>> ising_bond_weights()[0, 1]
    exp(-K)
    """
    vals = [sympy.sympify(v) for v in values]
    if len(set(vals)) != len(vals) or not vals:
        raise ModelError(f"values: expected distinct spin values, got {list(values)!r}")
    c, f = sympy.sympify(coupling), sympy.sympify(field)
    return sympy.ImmutableMatrix(
        [[sympy.exp(c * x * y + f * (x + y) / 2) for y in vals] for x in vals])


def check_chain_weights(weights) -> None:
    """Refuse a chain bond weight with an entry that is negative or zero.

    Raises
    ------
    ModelError
        An entry is provably negative or zero (a Boltzmann weight must be positive).
    """
    E = sympy.Matrix(weights)
    if E.rows != E.cols:
        raise ModelError(f"weights: expected a square chain bond matrix, got {E.rows}x{E.cols}")
    for i in range(E.rows):
        for j in range(E.cols):
            v = E[i, j]
            if v.is_negative or v.is_zero:
                raise ModelError(f"weights[{i}, {j}]: expected a positive Boltzmann weight, "
                                 f"got {v}")


def decimate_chain(weights, parallel: int = 1) -> sympy.ImmutableMatrix:
    """Sum out every other spin: ``decimate(T, 1, 2) = T T`` (Omega = identity).

    With ``parallel = m`` branches (the diamond lattice, :mod:`symrg.seeds.hierarchical`)
    the result is the entrywise m-th power ``(T T)^(o m)``.

    Examples
    --------
    >>> decimate_chain(sympy.Matrix([[2, 1], [1, 2]]))
    Matrix([
    [5, 4],
    [4, 5]])
    """
    check_chain_weights(weights)
    E = sympy.Matrix(weights)
    return decimate(E, sympy.eye(E.rows), 2, parallel)


@dataclass(frozen=True)
class IsingRecursion:
    """One decimation step of the +-1 chain: T' = exp(g + K' x x' + h' (x + x')/2).

    Attributes
    ----------
    weights : ImmutableMatrix
        T' = T T.
    coupling, field, constant : sympy.Expr
        K', h' and g (per decimated spin), as derived from T' (logs of its entries).
    """

    weights: sympy.ImmutableMatrix
    coupling: sympy.Expr
    field: sympy.Expr
    constant: sympy.Expr

    def __repr__(self):
        return f"IsingRecursion(K' = {self.coupling}, h' = {self.field}, g = {self.constant})"

    def _repr_latex_(self):
        return (rf"$K' = {sympy.latex(self.coupling)},\ h' = {sympy.latex(self.field)},"
                rf"\ g = {sympy.latex(self.constant)}$")


def ising_recursion(coupling=K, field=0, parallel: int = 1) -> IsingRecursion:
    """Project T' = T T of the +-1 chain back onto (g, K', h').

    With ``parallel = m`` branches, T' = (T T)^(o m) and every coefficient is m times
    the chain's: K' = m artanh(tanh^2 K) = (m/2) ln cosh 2K (h = 0).

    With rows/columns (-1, +1): ln T'[+,+] = g + K' + h', ln T'[-,-] = g + K' - h',
    ln T'[+,-] = ln T'[-,+] = g - K', so K' = (1/4) ln(T'++ T'-- / T'+-^2),
    h' = (1/2) ln(T'++ / T'--) and g = (1/4) ln(T'++ T'-- T'+-^2).

    Examples
    --------
    >>> r = ising_recursion()
    >>> r.field
    0
    >>> sympy.simplify(ising_recursion(parallel=2).coupling - 2 * r.coupling)
    0
    """
    Tp = decimate_chain(ising_bond_weights(coupling, field), parallel)
    mm, mp, pp = Tp[0, 0], Tp[0, 1], Tp[1, 1]
    Kp = sympy.log(pp * mm / mp**2) / 4
    hp = sympy.expand_log(sympy.log(pp / mm), force=True) / 2
    hp = sympy.Integer(0) if sympy.cancel(_to_x(pp - mm)) == 0 else hp
    g = sympy.log(pp * mm * mp**2) / 4
    return IsingRecursion(Tp, Kp, hp, g)


def _to_x(expr):
    """Rewrite hyperbolic functions and exp(n K) as a rational function of X = exp(K)."""
    return sympy.expand(expr.rewrite(sympy.exp)).subs(sympy.exp(K), _X)


def _same(a, b) -> bool:
    """Exact identity of two expressions in exp(K), cosh(K), ... (rational in X = e^K)."""
    return sympy.cancel(_to_x(a) - _to_x(b)) == 0


def chain_partition_function(weights, n: int) -> sympy.Expr:
    """Brute-force Z = sum over all configurations of prod_i T[x_i, x_{i+1}] (periodic)."""
    E = sympy.Matrix(weights)
    total = sympy.Integer(0)
    for conf in itertools.product(range(E.rows), repeat=n):
        term = sympy.Integer(1)
        for i in range(n):
            term *= E[conf[i], conf[(i + 1) % n]]
        total += term
    return total


def transfer_partition_function(weights, n: int) -> sympy.Expr:
    """Z = tr T^n of the periodic chain (transfer matrix)."""
    return (sympy.Matrix(weights) ** n).trace()


def tanh_recursion():
    """The recursion in t = tanh K: returns ``t**2``, proved exactly from K' = ln cosh(2K)/2.

    tanh K' = (e^{2K'} - 1)/(e^{2K'} + 1) with e^{2K'} = cosh 2K.
    """
    c = sympy.cosh(2 * K)
    tprime = (c - 1) / (c + 1)
    t = sympy.tanh(K)
    if not _same(tprime, t**2):
        raise ArithmeticError("tanh recursion: t' = t^2 failed")  # pragma: no cover
    return T**2


def correlation_length(coupling=K):
    """xi = 1 / ln|lambda_1 / lambda_2| from the 2 x 2 transfer matrix = -1/ln|tanh K|.

    The eigenvalues of T = [[e^K, e^-K], [e^-K, e^K]] are 2 cosh K and 2 sinh K; for
    K < 0 the second is negative and the ratio enters through its modulus (an
    antiferromagnetic chain has the same xi as the ferromagnet at -K).

    Examples
    --------
    >>> correlation_length(sympy.Rational(-1, 2)) == correlation_length(sympy.Rational(1, 2))
    True
    """
    eig = sorted(ising_bond_weights(_X_COUPLING).eigenvals(), key=sympy.default_sort_key)
    l1, l2 = _X + 1 / _X, _X - 1 / _X
    if {sympy.cancel(e) for e in eig} != {sympy.cancel(l1), sympy.cancel(l2)}:
        raise ArithmeticError("transfer matrix eigenvalues unexpected")  # pragma: no cover
    return -1 / sympy.log(sympy.Abs(sympy.tanh(coupling)))


_X_COUPLING = sympy.log(_X)


def ising_boundary_fixed_point() -> dict:
    """K* = infinity as a boundary fixed point of :mod:`symrg.fixedpoints.boundary` (T -> identity).

    At K = infinity the bond weight is proportional to the identity (a zero weight is an
    infinite coupling); with Omega = 1 and the spin-flip symmetry the boundary search
    finds it as the only component of rank >= 2: two ergodic classes (all spins up,
    all down), xi = infinity.
    """
    from ..fixedpoints.boundary import boundary_from_counts
    flip = ((1, 0), (1, 0))
    res = boundary_from_counts(sympy.eye(2), [((0, 1), (0, 1)), flip])
    (pt,) = res.points
    return {"rank": pt.rank, "xi": pt.xi, "dimension": pt.dimension,
            "weights": pt.weights, "verified": pt.verified}


def ising_fixed_points() -> list:
    """Fixed points of t' = t^2 (t = tanh K >= 0) with eigenvalue dt'/dt and y = ln(.)/ln 2.

    K* = infinity is also reported through :func:`ising_boundary_fixed_point`
    (``"boundary"``: rank 2, xi = oo).
    Values are JSON numbers (:mod:`symrg.numerics`): K* = ``"inf"`` at t* = 1, and
    y = ``"-inf"`` where the eigenvalue is 0.
    """
    rec = tanh_recursion()
    out = []
    for tstar in sorted(sympy.solve(sympy.Eq(rec, T), T)):
        lam = sympy.diff(rec, T).subs(T, tstar)
        y = -sympy.oo if lam == 0 else sympy.log(lam) / sympy.log(2)
        out.append({
            "K": 0 if tstar == 0 else "inf", "t": json_number(tstar),
            "stability": "stable" if abs(lam) < 1 else "unstable",
            "eigenvalue": json_number(lam), "exponent": json_number(sympy.nsimplify(y)),
        })
        if tstar == 1:
            b = ising_boundary_fixed_point()
            out[-1]["boundary"] = {"rank": b["rank"], "xi": "inf", "dimension": b["dimension"],
                                   "weights": [[str(x) for x in r] for r in b["weights"].tolist()]}
    return out


def _z_identity(n: int, constant_total):
    """e^{constant_total} Z_{n/2}(K') - Z_n(K) as a rational function of X = e^K."""
    rec = ising_recursion()
    kp = sympy.log(sympy.cosh(2 * K)) / 2
    zn = chain_partition_function(ising_bond_weights(), n)
    zhalf = chain_partition_function(ising_bond_weights(kp), n // 2)
    return sympy.cancel(_to_x(sympy.exp(constant_total) * zhalf) - _to_x(zn)), rec


def verify_decimation_identity(n: int = 8, couplings=("1/10", "1/2", "1", "3"),
                               digits: int = 50) -> dict:
    """Check Z_n(K) = e^{(n/2) g} Z_{n/2}(K') exactly and at sample couplings (mpmath).

    Returns
    -------
    dict
        ``exact`` (bool), ``residuals`` ({K: |lhs - rhs| as a string}).
    """
    total = sympy.Rational(n, 4) * sympy.log(4 * sympy.cosh(2 * K))
    diff, _ = _z_identity(n, total)
    res = {}
    with mpmath.workdps(digits):
        for kv in couplings:
            k = mpmath.mpf(sympy.Rational(kv).p) / sympy.Rational(kv).q
            kp = mpmath.log(mpmath.cosh(2 * k)) / 2
            zn = (2 * mpmath.cosh(k)) ** n + (2 * mpmath.sinh(k)) ** n
            zh = (2 * mpmath.cosh(kp)) ** (n // 2) + (2 * mpmath.sinh(kp)) ** (n // 2)
            lhs = mpmath.exp(n * mpmath.log(4 * mpmath.cosh(2 * k)) / 4) * zh
            res[str(kv)] = decimal_string(abs(lhs - zn) / zn, 5)
    return {"exact": diff == 0, "residuals": res}


def slide_comparison(n: int = 8) -> list:
    """Compare the slides' J_0, J~ and fixed points with the derivation (Eq. 2 of the slides)."""
    from .paper import comparison_entry, plain_text  # the shared comparison-row format
    rec = ising_recursion()
    c = sympy.cosh(2 * K)
    j_tilde = sympy.log(c) / 2
    kp_ok = _same(sympy.exp(4 * rec.coupling), c**2)
    g_ok = _same(sympy.exp(4 * rec.constant), 16 * c**2)
    slide_j0 = sympy.Rational(n, 2) * sympy.log(4 * c)
    slide_diff, _ = _z_identity(n, slide_j0)
    ratio = sympy.factor(sympy.cancel(_to_x((4 * c) ** sympy.Rational(n, 4))))
    Nsym = sympy.Symbol("N")
    rows = [
        comparison_entry("J_0 (slides, Eq. 2)", slide_diff == 0 and g_ok,
               f"Per decimated spin g = (1/2) ln(4 cosh 2J), so the N/2 decimated spins give "
               f"J_0 = (N/4) ln(4 cosh 2J); the slides print (N/2) ln(4 cosh 2J), twice that. "
               f"Brute force N={n}: the printed J_0 makes e^J_0 Z_{n // 2}(J~) exceed Z_{n}(J) by "
               f"the factor (4 cosh 2J)^{n // 4} = {plain_text(ratio)} (X = e^J); the derived J_0 is exact.",
               sympy.latex(Nsym / 2 * sympy.log(4 * sympy.cosh(2 * sympy.Symbol("J")))),
               sympy.latex(Nsym / 4 * sympy.log(4 * sympy.cosh(2 * sympy.Symbol("J"))))),
        comparison_entry("J-tilde (slides, Eq. 2)", kp_ok,
               "Derived K' = (1/4) ln(T'++ T'-- / T'+-^2) = (1/2) ln cosh 2K exactly.",
               sympy.latex(j_tilde.subs(K, sympy.Symbol("J"))),
               sympy.latex(sympy.Eq(sympy.Symbol("K'"), j_tilde))),
        comparison_entry("fixed points J* = 0, infinity (slides)", True,
               "t = tanh K obeys t' = t^2 exactly: t* = 0 (K* = 0) and t* = 1 (K* = infinity). "
               "In the K chart K' - K -> -(ln 2)/2 as K -> infinity, so infinity is a fixed "
               "point only in the compactified chart t.",
               r"J^* = 0,\ J^* = \infty", r"t' = t^{2},\ t^* \in \{0, 1\}"),
        comparison_entry("stability of J* = 0 (slides)", True,
               "dt'/dt = 2t: 0 at t* = 0 (stable, superattracting, y = -infinity); 2 at t* = 1 "
               "(unstable, y = 1, nu = 1).",
               r"J^* = 0 \text{ stable}",
               r"\left.\frac{dt'}{dt}\right|_{0} = 0,\ \left.\frac{dt'}{dt}\right|_{1} = 2"),
    ]
    return rows


def ising_record(*, digits: int = 50, training: bool = True) -> dict:
    """Section ``"ising"`` of the derivation record (JSON-ready; see module docstring).

    Parameters
    ----------
    digits : int
        mpmath precision of the numeric cross-checks.
    training : bool
        Include the teacher-student run of :mod:`symrg.training` (numpy, < 10 s).
    """
    rec = ising_recursion()
    kp = sympy.log(sympy.cosh(2 * K)) / 2
    g = sympy.log(4 * sympy.cosh(2 * K)) / 2
    if not (_same(sympy.exp(4 * rec.coupling), sympy.exp(4 * kp))
            and _same(sympy.exp(4 * rec.constant), sympy.exp(4 * g))):
        raise ArithmeticError("ising recursion: derived K', g differ from closed forms")
    check = verify_decimation_identity(8, digits=digits)
    xi = correlation_length()
    section = {
        "bond_weights": [[str(v) for v in ising_bond_weights().row(i)] for i in range(2)],
        "decimated_weights": [[str(v) for v in rec.weights.row(i)] for i in range(2)],
        "recursion": str(kp),
        "constant": str(g),
        "constant_total": "N*log(4*cosh(2*K))/4",
        "tanh_recursion": str(tanh_recursion()),
        "correlation_length": str(xi),
        "fixed_points": ising_fixed_points(),
        "brute_force": {"N": 8, "exact": check["exact"], "relative_residuals": check["residuals"],
                        "digits": digits},
        "paper_comparison": slide_comparison(8),
        "latex": {
            "bond_weights": sympy.latex(ising_bond_weights()),
            "decimated_weights": sympy.latex(rec.weights),
            "recursion": sympy.latex(sympy.Eq(sympy.Symbol("K'"), kp)),
            "constant": sympy.latex(sympy.Eq(sympy.Symbol("g"), g)),
            "tanh_recursion": r"t' = t^{2}",
            "correlation_length": sympy.latex(sympy.Eq(sympy.Symbol(r"\xi"), xi)),
        },
    }
    if training:
        from .training import teacher_student_record
        section["training"] = teacher_student_record()
    else:
        section["training"] = None
    return section
