"""The ``width`` record section: xi(N), chi(N), overlap maps and the N -> infinity limit.

:func:`width_scan` runs :func:`symrg.width.wide_chain` over a list of widths (DNA at
``u`` and, where defined, the plain network), adds the infinite-width map of
:mod:`symrg.meanfield`, the fitted approach ``chi(N) -> chi_MF`` and, for L = 2, the
exact overlap maps of :mod:`symrg.overlap` and the order-chaos boundary in the
sparsity of ternary weights.  :func:`width_record` is its JSON-ready form (the single
source of the report section and of ``symrg width --json``).
"""

from dataclasses import dataclass

import mpmath
import sympy

from .errors import ModelError, SymRGError
from .meanfield import (fit_power_law, infinite_width_overlap_map, infinite_width_value_map,
                        order_chaos_boundary)
from .model import DEFAULT_MAX_STATES, Model
from .numbers import decimal_string
from .overlap import overlap_map
from .transfer import plain_is_defined
from .width import check_width, wide_chain

__all__ = ["WidthScan", "width_scan", "width_record"]

#: Widths at which the report draws exact overlap maps (L = 2).
OVERLAP_WIDTHS = (2, 8, 40)


@dataclass(frozen=True)
class WidthScan:
    """Wide-chain results over several widths (rows of ``symrg width``)."""

    model: Model
    dna: tuple
    plain: tuple
    record: dict

    def __repr__(self):
        lines = [f"WidthScan({self.model.name!r}, beta_v={self.record['beta_v']})"]
        for row in self.record["rows"]:
            lines.append(f"  N={row['N']:>5} types={row['types']:>6} classes={row['classes']:>5} "
                         f"chi={row['chi_dna'][:14]} xi={row['xi_dna'][:14]}")
        return "\n".join(lines)

    def _repr_latex_(self):
        rows = " \\\\ ".join(f"{r['N']} & {r['chi_dna'][:10]} & {r['xi_dna'][:10]}"
                             for r in self.record["rows"])
        return (r"$\begin{array}{rll} N & \chi(N) & \xi(N) \\ \hline " + rows +
                r"\end{array}$")

    def plot(self, stem):
        """Write the figures of :mod:`symrg.plots.width` to ``stem``-prefixed files."""
        from .plots.width import width_figures
        return width_figures(self.record, stem)


def _s(x, digits):
    return decimal_string(x, digits)


def _row(dna, plain, digits):
    return {"N": dna.width, "types": dna.types, "classes": dna.classes,
            "log_lambda_dna": _s(dna.log_lambda, digits), "chi_dna": _s(dna.chi, digits),
            "xi_dna": _s(dna.xi, digits), "mean_h_dna": _s(dna.mean_h, digits),
            "G_dna": [_s(g, digits) for g in dna.G],
            "log_lambda_plain": None if plain is None else _s(plain.log_lambda, digits),
            "chi_plain": None if plain is None else _s(plain.chi, digits),
            "xi_plain": None if plain is None else _s(plain.xi, digits),
            "G_plain": None if plain is None else [_s(g, digits) for g in plain.G]}


def _mean_field(model, u, digits):
    """The N -> infinity section (closed form) or the reason there is none."""
    try:
        if model.data == 1:
            vm = infinite_width_value_map(model)
            return {"kind": "value_map", "chi": "0", "xi": "0", "statement": vm["statement"],
                    "fixed_point": vm["fixed_point"]}
        if model.data == 2:
            mf = infinite_width_overlap_map(model, u=u, digits=digits)
            pts = [{"q": _s(q, digits), "chi": _s(c, digits), "xi": _s(x, digits)}
                   for q, c, x in mf.fixed_points()]
            stable = [p for p in mf.fixed_points() if abs(p[1]) < 1]
            curve = [[_s(mpmath.mpf(i) / 20 - 1, 8), _s(mf(mpmath.mpf(i) / 20 - 1), 12)]
                     for i in range(41)]
            return {"kind": "overlap_map", "alpha": _s(mf.alpha, digits),
                    "gamma": _s(mf.gamma, digits), "fixed_points": pts,
                    "chi": _s(stable[0][1], digits) if stable else None,
                    "xi": _s(stable[0][2], digits) if stable else None,
                    "curve": curve,
                    "statement": "f(q) = alpha + gamma (2/pi) arcsin q; chi(0) = 2 gamma/pi "
                                 "< 1 for every prior (sign ignores the W scale, the O(1) "
                                 "bias is negligible)"}
    except SymRGError as exc:
        return {"kind": "none", "statement": str(exc), "chi": None, "xi": None}
    return {"kind": "none", "statement": "no closed form for L > 2", "chi": None, "xi": None}


def _overlaps(model, u, widths):
    if model.data != 2:
        return []
    out = []
    for N in widths:
        om = overlap_map(model, N, plain=plain_is_defined(model),
                         u=None if plain_is_defined(model) else u)
        out.append({"N": N, "plain": om.plain,
                    "q_in": [str(q) for q in om.q_in],
                    "q_out": [_s(v, 12) for v in om.values(20)],
                    "slope_at_one": _s(mpmath.mpf(sympy.N(om.slope_at_one(), 20)), 12)})
    return out


def width_scan(model: Model, widths, *, u=None, distances=range(0, 31), digits=50,
               max_states=DEFAULT_MAX_STATES, overlap_widths=OVERLAP_WIDTHS,
               boundary_widths=()) -> WidthScan:
    """Exact xi(N), chi(N) and G_h over ``widths`` plus the infinite-width analysis.

    Parameters
    ----------
    model : Model
    widths : iterable of int
    u : number, optional
        u = e^{beta_v} (default e).
    distances : iterable of int
        r of G_h(r).
    digits : int
    max_states : int
        Largest type count accepted (every width is checked before any work).
    overlap_widths : iterable of int
        Widths of the exact overlap maps (L = 2 only).
    boundary_widths : iterable of int
        Widths at which the order-chaos boundary in ternary sparsity is located
        (L = 2 only).
    """
    widths = list(widths)
    if not widths:
        raise ModelError("widths: expected at least one width")
    for N in widths:
        check_width(model, N, max_states)
    u = sympy.E if u is None else u
    dna = tuple(wide_chain(model, N, u=u, distances=distances, digits=digits,
                           max_states=max_states) for N in widths)
    plain = tuple(wide_chain(model, N, plain=True, distances=distances, digits=digits,
                             max_states=max_states) if plain_is_defined(model) else None
                  for N in widths)
    record = _assemble(model, widths, dna, plain, u, digits, overlap_widths, boundary_widths)
    return WidthScan(model, dna, plain, record)


def _assemble(model, widths, dna, plain, u, digits, overlap_widths, boundary_widths):
    mf = _mean_field(model, u, digits)
    rows = [_row(d, p, digits) for d, p in zip(dna, plain)]
    fit = None
    chi_limit = mpmath.mpf(mf["chi"]) if mf.get("chi") is not None else None
    if chi_limit is not None and len(widths) >= 3:
        try:
            a, A = fit_power_law(widths[-3:], [d.chi for d in dna[-3:]], chi_limit)
            fit = {"quantity": "chi(N) - chi_MF", "exponent": _s(a, 10),
                   "amplitude": _s(A, 10), "widths": widths[-3:]}
        except ModelError:
            fit = None
    boundary = []
    if model.data == 2:
        for N in boundary_widths:
            found = order_chaos_boundary(model, N)
            boundary.append({"N": N, "sparsity": None if found is None else
                             _s(mpmath.mpf(sympy.N(found[0], 20)), 10)})
    return {
        "widths": list(widths), "beta_v": str(sympy.log(sympy.sympify(u))),
        "digits": digits, "distances": list(dna[0].distances), "rows": rows,
        "mean_field": mf, "fit": fit,
        "overlap_maps": _overlaps(model, u, [N for N in overlap_widths]),
        "boundary": boundary,
    }


def width_record(model: Model, widths, *, u=None, distances=range(0, 31), digits=50,
                 max_states=DEFAULT_MAX_STATES, overlap_widths=OVERLAP_WIDTHS,
                 boundary_widths=()) -> dict:
    """The JSON record section ``"width"`` (see :func:`width_scan` for the parameters)."""
    return width_scan(model, widths, u=u, distances=distances, digits=digits,
                      max_states=max_states, overlap_widths=overlap_widths,
                      boundary_widths=boundary_widths).record
