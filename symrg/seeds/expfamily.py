"""Gong-Xia scaling RG of an exponential-family data model (seed slides, Eq. 6).

Data x in R^N with density ~ exp(-sum_{r=1}^R theta_r (sum_i x_i^2)^r).  The dilation
x -> Z(lam)^(1/2) x / lam (Eq. 6) maps the characteristic parameters to

    theta_r -> theta_r Z(lam)^r lam^(-2r) = theta_r^lam,       r = 1..R,

and the fixed points are theta_r^* = theta_r lim_{lam -> oo} Z(lam)^r lam^(-2r).  For
Z = lam^a: a = 2 leaves every point fixed, a < 2 sends theta to 0, a > 2 to infinity;
the map is then linear with eigenvalue lam^{r(a-2)} (RG exponent y_r = r(a-2) per
unit ln lam) and composes as a semigroup, lam_1 then lam_2 = lam_1 lam_2.
"""

import sympy

from ..errors import ModelError
from ..numerics import json_number

__all__ = ["LAM", "theta_symbols", "scaling_map", "fixed_point_limits", "classify",
           "semigroup_defect", "is_semigroup", "exponential_family_record"]

#: The dilation parameter lam >= 1 (the slides' lambda).
LAM = sympy.Symbol("lam", positive=True)
_L1, _L2 = sympy.symbols("lam_1 lam_2", positive=True)


def theta_symbols(R: int):
    """theta_1 .. theta_R (positive symbols)."""
    if isinstance(R, bool) or not isinstance(R, int) or R < 1:
        raise ModelError(f"R: expected an integer >= 1, got {R!r}")
    return sympy.symbols(f"theta_1:{R + 1}", positive=True)


def _check_Z(Z):
    Z = sympy.sympify(Z)
    extra = Z.free_symbols - {LAM}
    if extra:
        raise ModelError(f"Z: expected an expression in lam only, got free symbols "
                         f"{sorted(map(str, extra))}")
    return Z


def scaling_map(Z, R: int, lam=LAM) -> dict:
    """theta_r -> theta_r Z(lam)^r lam^(-2r), as {theta_r: image}.

    Examples
    --------
    >>> scaling_map(LAM**3, 2)
    {theta_1: lam*theta_1, theta_2: lam**2*theta_2}
    """
    Z = _check_Z(Z).subs(LAM, lam)
    return {t: sympy.powsimp(t * Z**r * lam**(-2 * r), force=True)
            for r, t in enumerate(theta_symbols(R), start=1)}


def fixed_point_limits(Z, R: int) -> list:
    """lim_{lam -> oo} Z(lam)^r lam^(-2r) for r = 1..R (sympy.limit)."""
    Z = _check_Z(Z)
    return [sympy.limit(Z**r * LAM**(-2 * r), LAM, sympy.oo) for r in range(1, R + 1)]


def classify(limit) -> str:
    """'zero', 'finite' (non-zero), 'infinite' or 'undetermined' for a fixed-point limit."""
    if limit == 0:
        return "zero"
    if limit in (sympy.oo, -sympy.oo, sympy.zoo):
        return "infinite"
    if limit.is_finite and not isinstance(limit, sympy.AccumBounds):
        return "finite"
    return "undetermined"


def semigroup_defect(Z):
    """ln Z(lam_1 lam_2) - ln Z(lam_1) - ln Z(lam_2), log-expanded (0 iff the map composes)."""
    Z = _check_Z(Z)
    d = (sympy.log(Z.subs(LAM, _L1 * _L2)) - sympy.log(Z.subs(LAM, _L1))
         - sympy.log(Z.subs(LAM, _L2)))
    return sympy.expand(sympy.expand_log(d, force=True))


def is_semigroup(Z) -> bool:
    """True when lam_1 then lam_2 equals lam_1 lam_2 exactly (the theta^r lam^-2r parts
    always compose, so this is Z(lam_1 lam_2) = Z(lam_1) Z(lam_2)).

    A defect that does not cancel is disproved by exact evaluation at lam_1 = 2,
    lam_2 = 3; if it vanishes there too the question is reported as unresolved.

    Raises
    ------
    ArithmeticError
        When neither an exact proof nor an exact counterexample is found.
    """
    d = semigroup_defect(Z)
    if sympy.cancel(d) == 0:
        return True
    Z = _check_Z(Z)
    v = sympy.nsimplify(Z.subs(LAM, 6) - Z.subs(LAM, 2) * Z.subs(LAM, 3))
    if v != 0 and v.is_number:
        return False
    raise ArithmeticError(f"semigroup: could not decide for Z = {Z}; try another form of Z")


def _compose_identity(Z, R: int) -> bool:
    """theta^lam1 then lam2 equals theta^(lam1 lam2), as an exact identity of each entry."""
    first = scaling_map(Z, R, _L1)
    second = scaling_map(Z, R, _L2)
    both = scaling_map(Z, R, _L1 * _L2)
    for t in theta_symbols(R):
        composed = second[t].subs(t, first[t])
        diff = sympy.powsimp(sympy.expand_power_base(composed / both[t], force=True), force=True)
        if sympy.cancel(diff - 1) != 0:
            return False
    return True


def exponential_family_record(Z=LAM**2, R: int = 3) -> dict:
    """Section ``"exponential_family"`` of the derivation record (JSON-ready).

    Examples
    --------
    >>> rec = exponential_family_record(LAM**3, 2)
    >>> [f["class"] for f in rec["fixed_points"]]
    ['infinite', 'infinite']
    """
    Z = _check_Z(Z)
    thetas = theta_symbols(R)
    mp = scaling_map(Z, R)
    limits = fixed_point_limits(Z, R)
    exps = []
    growth = sympy.limit(LAM * sympy.diff(Z, LAM) / Z, LAM, sympy.oo)
    for r in range(1, R + 1):
        exps.append(json_number(r * (growth - 2)) if growth.is_finite else None)
    semi = is_semigroup(Z)
    return {
        "Z": str(Z),
        "R": R,
        "normalised": sympy.cancel(Z.subs(LAM, 1) - 1) == 0,
        "map": {str(t): str(mp[t]) for t in thetas},
        "fixed_points": [{"theta": str(t), "limit": json_number(lim) if lim.is_number else str(lim), "fixed_point": str(t * lim),
                          "class": classify(lim)} for t, lim in zip(thetas, limits)],
        "exponents": exps,
        "semigroup": semi,
        "semigroup_identity": _compose_identity(Z, R) if semi else False,
        "latex": {
            "Z": _tex(Z),
            "map": [_tex(sympy.Eq(sympy.Symbol(rf"\theta_{r}^{{\lambda}}"), mp[t]))
                    for r, t in enumerate(thetas, start=1)],
            "fixed_points": [_tex(sympy.Eq(sympy.Symbol(rf"\theta_{r}^{{*}}"), t * lim))
                             for r, (t, lim) in enumerate(zip(thetas, limits), start=1)],
        },
    }


def _tex(expr) -> str:
    return sympy.latex(expr, symbol_names={LAM: r"\lambda", _L1: r"\lambda_1", _L2: r"\lambda_2"})
