"""The original and the DNA Hamiltonians as sympy expressions (Eq. 8-9, 13-15, 19-20).

Conventions
-----------
A network of depth M has weight layers W^(0), ..., W^(M-1) (N x N) and biases
b^(0), ..., b^(M-1).  h^(0) = x is the fixed input, h^(1), ..., h^(M-1) are the
hidden neurons and the output is z = sigma^(M-1) = sigma(W^(M-1) h^(M-1) + b^(M-1)),
compared with the label y.  With sigma^(m) = sigma(W^(m) h^(m) + b^(m)):

* original cost (Eq. 8-9), neurons computed by Eq. 1 (nested activations):
  ``H_orig = sum_{i,l} |y_i^[l] - z_i^[l]|^q``;
* DNA (Eq. 14 with Eq. 13's label term), neurons dynamic:
  ``H_new = sum_{m=0}^{M-2} lambda sum_{i,l} |h_i^(m+1)[l] - sigma_i^(m)[l]|^q
  + sum_{i,l} |y_i^[l] - sigma_i^(M-1)[l]|^q`` with ``beta lambda = beta_v``
  (the label term has lambda_M = 1).  For N = L = 1 the bulk terms are Eq. 20.

``(...)**2`` is written when q = 2, else ``Abs(...)**q``.  The activation is the
undefined function ``sigma``.  Symbol names are sympy-parseable
(``W_m_i_j``, ``b_m_i``, ``h_m_i_l``, ``x_i_l``, ``y_i_l``, ``lamda``; indices
i, j, l from 1, layer index m from 0); :func:`latex_names` maps them to
``W^{(m)}_{ij}``, ``h^{(m)[l]}_{i}``, ...
"""

from dataclasses import dataclass
from typing import Dict, Tuple

import sympy

from ..errors import ModelError
from ..model.network import Model

__all__ = ["Hamiltonian", "original_hamiltonian", "dna_hamiltonian", "SIGMA", "LAMBDA",
           "weight_symbol", "bias_symbol", "neuron_symbol", "latex_names", "shift_map",
           "symbol_layer", "symbol_kind"]

#: The activation function, left undefined (Eq. 1).
SIGMA = sympy.Function("sigma")
#: The Lagrange multiplier lambda = beta_v / beta of the bulk terms (Eq. 14).
LAMBDA = sympy.Symbol("lamda")


def weight_symbol(m: int, i: int, j: int) -> sympy.Symbol:
    """``W^{(m)}_{ij}`` (i, j from 1)."""
    return sympy.Symbol(f"W_{m}_{i}_{j}")


def bias_symbol(m: int, i: int) -> sympy.Symbol:
    """``b^{(m)}_i`` (i from 1)."""
    return sympy.Symbol(f"b_{m}_{i}")


def neuron_symbol(m: int, i: int, l: int) -> sympy.Symbol:
    """``h^{(m)[l]}_i`` (i, l from 1)."""
    return sympy.Symbol(f"h_{m}_{i}_{l}")


def _data_symbol(kind: str, i: int, l: int) -> sympy.Symbol:
    return sympy.Symbol(f"{kind}_{i}_{l}")


def _parts(sym):
    kind, *idx = sym.name.split("_")
    return kind, [int(k) for k in idx]


def symbol_kind(sym) -> str:
    """``"W"``, ``"b"``, ``"h"``, ``"x"`` or ``"y"``."""
    return _parts(sym)[0]


def symbol_layer(sym) -> sympy.Rational:
    """Depth position: h^(m) at m, W^(m) and b^(m) at m + 1/2."""
    kind, idx = _parts(sym)
    if kind == "h":
        return sympy.Integer(idx[0])
    if kind in ("W", "b"):
        return idx[0] + sympy.Rational(1, 2)
    raise ModelError(f"symbol: expected a W, b or h symbol, got {sym}")


def latex_names(symbols) -> Dict[sympy.Symbol, str]:
    """LaTeX names of the Hamiltonian's symbols (for ``sympy.latex(symbol_names=...)``)."""
    names = {}
    for sym in symbols:
        kind, idx = _parts(sym)
        if kind == "W":
            names[sym] = f"W^{{({idx[0]})}}_{{{idx[1]}{idx[2]}}}"
        elif kind == "b":
            names[sym] = f"b^{{({idx[0]})}}_{{{idx[1]}}}"
        elif kind == "h":
            names[sym] = f"h^{{({idx[0]})[{idx[2]}]}}_{{{idx[1]}}}"
        elif kind in ("x", "y"):
            names[sym] = f"{kind}^{{[{idx[1]}]}}_{{{idx[0]}}}"
    return names


def shift_map(symbols, by: int = 1) -> Dict[sympy.Symbol, sympy.Symbol]:
    """The depth translation of Eq. 16: every layer index m -> m + by (W, b and h)."""
    out = {}
    for sym in symbols:
        kind, idx = _parts(sym)
        if kind in ("W", "b", "h"):
            out[sym] = sympy.Symbol("_".join([kind, str(idx[0] + by)] + [str(k) for k in idx[1:]]))
    return out


@dataclass(frozen=True)
class Hamiltonian:
    """A Hamiltonian with its layer terms and degrees of freedom.

    Attributes
    ----------
    kind : str
        ``"original"`` (Eq. 8-9) or ``"dna"`` (Eq. 14).
    depth : int
        M, the number of weight layers.
    expr : sympy.Expr
        The whole Hamiltonian.
    terms : tuple of sympy.Expr
        DNA: one term per layer m = 0..M-1 (bulk terms carry lambda, the last is the
        label term); original: the single cost term.
    summands : tuple of sympy.Expr
        The (m, i, l) summands; two degrees of freedom interact when they share one.
    degrees_of_freedom : tuple of sympy.Symbol
        W, b (and the dynamic h in the DNA), ordered by depth.
    """

    kind: str
    depth: int
    expr: sympy.Expr
    terms: Tuple[sympy.Expr, ...]
    summands: Tuple[sympy.Expr, ...]
    degrees_of_freedom: Tuple[sympy.Symbol, ...]

    @property
    def dynamic_neurons(self) -> Tuple[sympy.Symbol, ...]:
        return tuple(s for s in self.degrees_of_freedom if symbol_kind(s) == "h")

    def latex(self, expr=None) -> str:
        """LaTeX of ``expr`` (default the whole Hamiltonian) with display names."""
        expr = self.expr if expr is None else expr
        return sympy.latex(expr, symbol_names=latex_names(expr.free_symbols))

    def __repr__(self):
        name = "H_orig" if self.kind == "original" else "H_new"
        return f"{name}(M={self.depth}) = {self.expr}"

    def _repr_latex_(self):
        name = r"H_{\mathrm{orig}}" if self.kind == "original" else r"H_{\mathrm{new}}"
        return f"$\\displaystyle {name} = {self.latex()}$"


def _power(model: Model, expr):
    q = model.norm
    return expr ** 2 if q == 2 else sympy.Abs(expr) ** q


def _preactivation(model: Model, m: int, i: int, inputs) -> sympy.Expr:
    """``sum_j W^(m)_ij h_j + b^(m)_i`` for a column ``inputs`` of N expressions."""
    N = model.width
    return sum((weight_symbol(m, i, j + 1) * inputs[j] for j in range(N)),
               sympy.Integer(0)) + bias_symbol(m, i)


def _check_depth(depth):
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
        raise ModelError(f"depth: expected an integer >= 1 (number of weight layers), got {depth!r}")


def _parameters(model: Model, depth: int):
    N = model.width
    out = []
    for m in range(depth):
        out += [weight_symbol(m, i, j) for i in range(1, N + 1) for j in range(1, N + 1)]
        out += [bias_symbol(m, i) for i in range(1, N + 1)]
    return out


def original_hamiltonian(model: Model, depth: int) -> Hamiltonian:
    """``H_orig = sum_{i,l} |y_i^[l] - z_i^[l]|^q`` with z nested (Eq. 8-9).

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> original_hamiltonian(paper_model(), 2)
    H_orig(M=2) = (y_1_1 - sigma(W_1_1_1*sigma(W_0_1_1*x_1_1 + b_0_1) + b_1_1))**2
    """
    _check_depth(depth)
    N, L = model.width, model.data
    summands = []
    for l in range(1, L + 1):
        column = [_data_symbol("x", j, l) for j in range(1, N + 1)]
        for m in range(depth):
            column = [SIGMA(_preactivation(model, m, i, column)) for i in range(1, N + 1)]
        summands += [_power(model, _data_symbol("y", i, l) - column[i - 1])
                     for i in range(1, N + 1)]
    expr = sympy.Add(*summands)
    return Hamiltonian("original", depth, expr, (expr,), tuple(summands),
                       tuple(_parameters(model, depth)))


def dna_hamiltonian(model: Model, depth: int) -> Hamiltonian:
    """``H_new`` of Eq. 14: lambda-weighted bulk constraints plus the label term.

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> dna_hamiltonian(paper_model(), 2).terms
    (lamda*(h_1_1_1 - sigma(W_0_1_1*x_1_1 + b_0_1))**2, (y_1_1 - sigma(W_1_1_1*h_1_1_1 + b_1_1))**2)
    """
    _check_depth(depth)
    N, L = model.width, model.data
    terms, summands, dofs = [], [], []
    for m in range(depth):
        layer = []
        for l in range(1, L + 1):
            column = ([_data_symbol("x", j, l) for j in range(1, N + 1)] if m == 0 else
                      [neuron_symbol(m, j, l) for j in range(1, N + 1)])
            for i in range(1, N + 1):
                target = (_data_symbol("y", i, l) if m == depth - 1 else
                          neuron_symbol(m + 1, i, l))
                factor = sympy.Integer(1) if m == depth - 1 else LAMBDA
                layer.append(factor * _power(model, target - SIGMA(
                    _preactivation(model, m, i, column))))
        summands += layer
        terms.append(sympy.Add(*layer))
        if m > 0:
            dofs += [neuron_symbol(m, i, l) for l in range(1, L + 1) for i in range(1, N + 1)]
        dofs += _parameters(model, m + 1)[-(N * N + N):]
    return Hamiltonian("dna", depth, sympy.Add(*terms), tuple(terms), tuple(summands),
                       tuple(dofs))
