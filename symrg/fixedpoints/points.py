"""Fixed points as results: the exact test of Eq. 28, precision checks and result objects.

:class:`FixedPoint`, :class:`FixedPointFamily` and :class:`FixedPointAnalysis` are what
the searches (:mod:`.analysis`, :mod:`.numeric`) return.
"""

from dataclasses import dataclass, field
from typing import List, Optional

import sympy

from ..errors import ModelError
from ..lattice.counting import count_matrix
from ..model.network import Model
from ..numerics import DIGITS_RANGE, check_digits
from ..rg.charts import couplings_from_weights, point_couplings
from ..rg.decimation import decimate

__all__ = ["DIGITS_RANGE", "FixedPoint", "FixedPointFamily", "FixedPointAnalysis",
           "check_digits", "latex_exp", "normalize_weights",
           "is_fixed_point"]

# -- coordinates -------------------------------------------------------------------
def latex_exp(expr, **options) -> str:
    """LaTeX of an expression in ``exp_<name>`` symbols, each set as ``e^{<name>}``.

    Examples
    --------
    >>> latex_exp(sympy.Symbol("exp_A") - 1)
    'e^{A} - 1'
    """
    expr = sympy.sympify(expr)
    names = {s: f"e^{{{sympy.latex(sympy.Symbol(s.name[4:]))}}}"
             for s in expr.free_symbols if s.name.startswith("exp_")}
    return sympy.latex(expr, symbol_names=names, **options)


def normalize_weights(weights) -> sympy.ImmutableMatrix:
    """Divide by the first non-zero entry in canonical (row-major) order."""
    E = sympy.Matrix(weights)
    first = next((e for e in E if e != 0), None)
    if first is None:
        raise ModelError("weights: expected a non-zero matrix, got the zero matrix")
    return sympy.ImmutableMatrix(E.applyfunc(lambda e: sympy.cancel(e / first)))


def is_fixed_point(model: Model, weights) -> bool:
    """Exact test of Eq. 28: every weight non-zero and ``E (M E)^(p-1)`` proportional to E."""
    E = sympy.Matrix(weights)
    if any(sympy.cancel(e) == 0 for e in E):
        return False
    F = decimate(E, count_matrix(model), model.scale)
    return all(sympy.cancel(F[k] * E[0] - F[0] * E[k]) == 0 for k in range(len(E)))


# -- results -----------------------------------------------------------------------
@dataclass(frozen=True)
class FixedPoint:
    """One isolated fixed point (Eq. 30 for the paper's model).

    Attributes
    ----------
    weights : sympy.ImmutableMatrix
        Bond weights over (h-configurations) x (sigma-configurations), normalised so
        the first non-zero entry is 1 (numbers at the stated precision when inexact).
    couplings : dict
        ``{"exp_<name>": e^K}`` when e^K is a product of integer powers of weights,
        otherwise ``{"<name>": K}`` (principal log); see :func:`point_couplings`.
    physical : bool
        All weights real and positive.
    verified : str
        How the point was verified.
    exact : bool
        Whether ``weights`` are exact (sympy Rational / algebraic).
    rank : int
    block_ranks : dict
        Rank of each isotypic block (``symrg.rg.symmetry`` labels) of E.
    """

    weights: sympy.ImmutableMatrix
    couplings: dict
    physical: bool
    verified: str
    exact: bool
    rank: int
    block_ranks: dict = field(default_factory=dict)

    def __repr__(self):
        body = ", ".join(f"{k}={_short(v)}" for k, v in self.couplings.items())
        kind = "physical" if self.physical else "fictitious"
        return f"FixedPoint({body}; {kind}, {'exact' if self.exact else 'numeric'})"

    def _repr_latex_(self):
        body = r",\ ".join(_coupling_latex(k, v) for k, v in self.couplings.items())
        return f"${body}$"


def _coupling_latex(key, value):
    if key.startswith("exp_"):
        return f"e^{{{sympy.latex(sympy.Symbol(key[4:]))}^*}} = {sympy.latex(value)}"
    return f"{sympy.latex(sympy.Symbol(key))}^* = {sympy.latex(value)}"


def _short(v):
    return str(v) if sympy.sympify(v).is_Rational else str(sympy.N(v, 12))


@dataclass(frozen=True)
class FixedPointFamily:
    """A positive-dimensional family of fixed points (Eq. 29 for the paper's model).

    Attributes
    ----------
    dimension : int
        Dimension in coupling space (projective).
    rank : int
        Rank of the weight matrices of the family.
    multiplicities : tuple
        Eigenvalue multiplicities of G = Y M X over the (p-1)-th roots of unity.
    equations : list of sympy.Expr
        Polynomials vanishing on the family, in the ``exp_`` symbols when the design
        matrix and its inverse are integral, otherwise equal to ``weight_equations``
        (for p > 2 and several multiplicity classes of one rank pattern: on their
        union); monomial factors cleared.
    physical : bool
        Whether the family contains physical points (all weights positive).
    description : str
    sample : FixedPoint or None
        One point of the family (exact when possible).
    block_ranks : dict
        Rank r_lambda of each isotypic block.
    weight_equations : list of sympy.Expr
        The equations as homogeneous polynomials in the orbit weights ``w<o>``.
    parametrization : str
        E_lambda = X_lambda C_lambda Y_lambda per block (:mod:`symrg.fixedpoints.classify`).
    """

    dimension: int
    rank: int
    multiplicities: tuple
    equations: list
    physical: bool
    description: str
    sample: Optional[FixedPoint] = None
    block_ranks: dict = field(default_factory=dict)
    weight_equations: list = field(default_factory=list)
    parametrization: str = ""

    def __repr__(self):
        eqs = ", ".join(f"{e} = 0" for e in self.equations[:3])
        more = ", ..." if len(self.equations) > 3 else ""
        return f"FixedPointFamily(rank={self.rank}, dimension={self.dimension}: {eqs}{more})"

    def _repr_latex_(self):
        return "$" + r",\quad ".join(f"{latex_exp(e)} = 0" for e in self.equations[:6]) + "$"


@dataclass
class FixedPointAnalysis:
    """All fixed points of one model's RG map.

    Attributes
    ----------
    isolated : list of FixedPoint
    families : list of FixedPointFamily
    rejected : list of (candidate, reason)
        Spurious candidates (zero weights, vanishing denominators) with the reason.
    complete : bool
        True when the algebraic classification proves the list complete for the
        weight map ``E -> E (M E)^(p-1)``: ``isolated``, ``families`` and
        ``at_infinity`` together are every component of its projective fixed-point
        set on the symmetric space (zero weights included).
    method : str
        ``"exact"`` or ``"numeric"``.
    digits : int
    notes : list of str
    at_infinity : list of symrg.fixedpoints.zeroweight.ZeroWeightPoint
        Components on which a weight vanishes identically: fixed points of the weight
        map at infinity of the coupling chart (``K = ln E`` undefined), in the
        projective weight chart with their eigenvalues.
    """

    model: Model
    isolated: List[FixedPoint]
    families: List[FixedPointFamily]
    rejected: list
    complete: bool
    method: str
    digits: int
    notes: list = field(default_factory=list)
    at_infinity: list = field(default_factory=list)

    def __repr__(self):
        return (f"FixedPointAnalysis({len(self.isolated)} isolated, {len(self.families)} "
                f"families, {len(self.at_infinity)} at infinity, {len(self.rejected)} "
                f"rejected; method={self.method}, complete={self.complete})")

    def _repr_latex_(self):
        parts = [p._repr_latex_().strip("$") for p in self.isolated + self.families]
        note = "" if self.complete else r"\ \text{(completeness not proven)}"
        return "$" + r"\\ ".join(parts) + note + "$" if parts else "no fixed points"


def _make_point(model, E, verified, exact, symmetric=True, rank=None, block_ranks=None):
    E = normalize_weights(E) if exact else sympy.ImmutableMatrix(E)
    physical = all(e.is_real and e.is_positive for e in (sympy.sympify(x) for x in E))
    if rank is None:
        rank = sympy.Matrix(E).rank() if exact else None
    if symmetric:
        couplings = point_couplings(model, E)
    else:
        couplings = {f"exp_{k}": v for k, v in couplings_from_weights(model, E, False).items()}
    return FixedPoint(E, couplings, bool(physical), verified, exact, rank, block_ranks or {})
