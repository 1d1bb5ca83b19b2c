"""Appendices A and B of Lee, Lee & Yi: equations of motion and the spin-glass limit.

Appendix A (Eq. 3, 4, 41).  For a differentiable activation the DNA Hamiltonian
(Eq. 14) of a network with M weight layers W^(0..M-1), inputs h^(0) = x and labels y,

    H_new = sum_{m=0}^{M-2} lam sum_{i,l} (h_i^(m+1)[l] - sigma(sum_j W_ij^(m) h_j^(m)[l] + b_i^(m)))^2
            + sum_{i,l} (y_i[l] - sigma(sum_j W_ij^(M-1) h_j^(M-1)[l] + b_i^(M-1)))^2,

has dynamic neurons h^(1..M-1) and the gradient-descent equations of motion
Delta theta = -eta dH/dtheta (Eq. 41) for theta in {W, b, h}; the Langevin form (Eq. 4)
adds white noise <xi(t) xi(t')> = 2 T delta(t - t') (the paper writes "proportional
to T"; 2T is the normalisation whose stationary law is exp(-H/T), Eq. 5).  The
activation is the undefined function ``sigma`` with derivative ``sigma'`` (classes
:class:`Sigma`, :class:`SigmaPrime`), or any concrete sympy function of one argument.

Appendix B (Eq. 42-43).  Linearising sigma(x) ~ a + s x and adding the
regularisation c_W sum W^2 + c_b sum b^2, H_new becomes a quadratic form in the
neurons; :func:`spin_glass_expansion` sorts its terms into couplings between
layers, couplings within a layer, self terms, fields and h-independent terms, and
compares each with Eq. 43 (which prints +lam W h h and +lam b h with coefficient 1).
"""

import re
from dataclasses import dataclass
from typing import Callable, Dict, List

import sympy

from ..errors import ModelError
from ..model.network import Model
from ..numerics import json_number

__all__ = [
    "Sigma", "SigmaPrime", "LAMBDA", "ETA", "TEMPERATURE", "C_W", "C_B",
    "DNANetwork", "dna_network", "latex", "equations_of_motion", "hand_written_gradients",
    "langevin_equations", "sigmoid", "SpinGlassTerm", "spin_glass_expansion",
    "appendices_record",
]

#: lam = beta_v / beta of the bulk terms (named "lam": "lambda" does not parse back).
LAMBDA = sympy.Symbol("lam", positive=True)
ETA = sympy.Symbol("eta", positive=True)
TEMPERATURE = sympy.Symbol("T", positive=True)
C_W = sympy.Symbol("c_W", positive=True)
C_B = sympy.Symbol("c_b", positive=True)


class SigmaPrime(sympy.Function):
    """sigma'(x), the derivative of the undefined activation :class:`Sigma`."""

    def _latex(self, printer):
        return r"\sigma'\left(%s\right)" % printer._print(self.args[0])


class Sigma(sympy.Function):
    """An undefined differentiable activation sigma(x); d/dx sigma(x) = sigma'(x)."""

    def fdiff(self, argindex=1):
        return SigmaPrime(self.args[0])

    def _latex(self, printer):
        return r"\sigma\left(%s\right)" % printer._print(self.args[0])


def sigmoid(x):
    """The logistic sigmoid 1 / (1 + e^{-x}) as a sympy expression."""
    return 1 / (1 + sympy.exp(-x))


@dataclass(frozen=True)
class DNANetwork:
    """Symbols and the Hamiltonian H_new of a depth-M network (Eq. 14).

    Attributes
    ----------
    width, depth, data : int
        N, M (number of weight layers) and L.
    W : list of Matrix
        W[m][i, j] = W_ij^(m), m = 0..M-1.
    b : list of Matrix
        b[m][i] = b_i^(m).
    h : list of Matrix
        h[m][l, i] = h_i^(m)[l], m = 0..M; h[0] are the inputs x, h[M] the labels y;
        h[1..M-1] are the dynamic neurons.
    hamiltonian : sympy.Expr
    activation : callable
    coupling : sympy.Expr
        lam of the bulk terms (lam = beta_v / beta).
    latex_names : dict
        Symbol -> LaTeX name, for ``sympy.latex(..., symbol_names=...)``.
    """

    width: int
    depth: int
    data: int
    W: list
    b: list
    h: list
    hamiltonian: sympy.Expr
    activation: Callable
    coupling: sympy.Expr
    latex_names: dict = None

    def preactivation(self, m: int, i: int, l: int):
        """sum_j W_ij^(m) h_j^(m)[l] + b_i^(m)."""
        return sum((self.W[m][i, j] * self.h[m][l, j] for j in range(self.width)),
                   self.b[m][i])

    def layer_coupling(self, m: int):
        """lam_m: lam in the bulk (m < M-1), 1 for the cost term (m = M-1)."""
        return self.coupling if m < self.depth - 1 else sympy.Integer(1)

    @property
    def dynamic_neurons(self) -> List[sympy.Symbol]:
        return [s for m in range(1, self.depth) for s in self.h[m]]

    @property
    def parameters(self) -> List[sympy.Symbol]:
        return ([s for m in range(self.depth) for s in self.W[m]]
                + [s for m in range(self.depth) for s in self.b[m]])


def _matrix(rows, cols, name, tex, names):
    """Matrix of parseable symbols ``name(r, c)`` whose LaTeX ``tex(r, c)`` goes into ``names``."""
    def make(r, c):
        sym = sympy.Symbol(name(r + 1, c + 1))
        names[sym] = tex(r + 1, c + 1)
        return sym
    return sympy.Matrix(rows, cols, make)


def _build(N, L, depth, activation, coupling, h_tags, w_tags) -> DNANetwork:
    names = {LAMBDA: r"\lambda", ETA: r"\eta"}
    W = [_matrix(N, N, lambda i, j, t=t: f"W{t[0]}_{i}{j}",
                 lambda i, j, t=t: f"W^{{({t[1]})}}_{{{i}{j}}}", names) for t in w_tags]
    b = [_matrix(N, 1, lambda i, _, t=t: f"b{t[0]}_{i}",
                 lambda i, _, t=t: f"b^{{({t[1]})}}_{{{i}}}", names) for t in w_tags]
    h = [_matrix(L, N, lambda l, i, t=t: f"{t[0]}_{l}_{i}",
                 lambda l, i, t=t: t[1].format(l=l, i=i), names) for t in h_tags]
    net = DNANetwork(N, depth, L, W, b, h, sympy.Integer(0), activation, coupling, names)
    H = sympy.Add(*[net.layer_coupling(m)
                    * (h[m + 1][l, i] - activation(net.preactivation(m, i, l))) ** 2
                    for m in range(depth) for l in range(L) for i in range(N)])
    return DNANetwork(N, depth, L, W, b, h, H, activation, coupling, names)


def dna_network(model: Model, depth: int = 2, activation: Callable = Sigma,
                coupling=LAMBDA) -> DNANetwork:
    """Build the symbols and H_new (Eq. 14) for the width and data count of ``model``.

    Symbols are parseable names (``W0_12`` = W_12^(0), ``b0_1``, ``h1_2_1`` = h_1^(1)[2],
    ``x_1_1``, ``y_1_1``) with LaTeX names in ``latex_names``.

    Parameters
    ----------
    model : Model
        Supplies N (``width``) and L (``data``); its discrete activation is replaced by
        the differentiable ``activation`` (Appendices A and B use the sigmoid).
    depth : int
        M >= 1 weight layers.
    activation : callable
        :class:`Sigma` (undefined) or a concrete sympy function such as :func:`sigmoid`.
    coupling : sympy.Expr
        lam of the bulk constraint terms.

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> net = dna_network(paper_model(), depth=2)
    >>> net.dynamic_neurons
    [h1_1_1]
    """
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
        raise ModelError(f"depth: expected an integer >= 1, got {depth!r}")
    h_tags = ([("x", "x^{{[{l}]}}_{{{i}}}")]
              + [(f"h{m}", f"h^{{{{({m})[{{l}}]}}}}_{{{{{{i}}}}}}") for m in range(1, depth)]
              + [("y", "y^{{[{l}]}}_{{{i}}}")])
    w_tags = [(str(m), str(m)) for m in range(depth)]
    return _build(model.width, model.data, depth, activation, coupling, h_tags, w_tags)


def latex(expr, net: "DNANetwork") -> str:
    """``sympy.latex`` with the network's LaTeX symbol names (W^{(m)}_{ij}, h^{(m)[l]}_i)."""
    return sympy.latex(expr, symbol_names=net.latex_names)


def equations_of_motion(net: DNANetwork, eta=ETA) -> Dict[sympy.Symbol, sympy.Expr]:
    """Eq. 41: Delta theta = -eta dH_new/dtheta for every W, b and dynamic neuron h."""
    return {s: -eta * sympy.diff(net.hamiltonian, s)
            for s in net.parameters + net.dynamic_neurons}


def _act_prime(net: DNANetwork, x):
    if net.activation is Sigma:
        return SigmaPrime(x)
    z = sympy.Dummy("z")
    return sympy.diff(net.activation(z), z).subs(z, x)


def hand_written_gradients(net: DNANetwork) -> Dict[sympy.Symbol, sympy.Expr]:
    """dH/dtheta written by hand (the forms the brief and Appendix A state).

    dH/dh_i^(m)[l] = 2 lam (h_i^(m) - sigma_i^(m-1))
                     - 2 lam_m sum_k (h_k^(m+1) - sigma_k^(m)) sigma'(pre_k^(m)) W_ki^(m),
    dH/dW_ij^(m) = -2 lam_m sum_l (h_i^(m+1)[l] - sigma_i^(m)[l]) sigma'(pre_i^(m)[l]) h_j^(m)[l],
    dH/db_i^(m)  = -2 lam_m sum_l (h_i^(m+1)[l] - sigma_i^(m)[l]) sigma'(pre_i^(m)[l]),
    with h^(M) = y and lam_{M-1} = 1.
    """
    f, N, L = net.activation, net.width, net.data

    def err(m, i, l):
        pre = net.preactivation(m, i, l)
        return (net.h[m + 1][l, i] - f(pre)) * _act_prime(net, pre)

    out = {}
    for m in range(net.depth):
        lm = net.layer_coupling(m)
        for i in range(N):
            for j in range(N):
                out[net.W[m][i, j]] = -2 * lm * sum(err(m, i, l) * net.h[m][l, j]
                                                    for l in range(L))
            out[net.b[m][i]] = -2 * lm * sum(err(m, i, l) for l in range(L))
    for m in range(1, net.depth):
        for l in range(L):
            for i in range(N):
                out[net.h[m][l, i]] = (
                    2 * net.layer_coupling(m - 1)
                    * (net.h[m][l, i] - f(net.preactivation(m - 1, i, l)))
                    - 2 * net.layer_coupling(m)
                    * sum(err(m, k, l) * net.W[m][k, i] for k in range(N)))
    return out


def langevin_equations(net: DNANetwork, temperature=TEMPERATURE) -> Dict[sympy.Symbol, tuple]:
    """Eq. 4 for every degree of freedom: (d theta/dt, noise symbol xi_theta).

    d theta/dt = -dH/dtheta + xi_theta(t), <xi_theta(t) xi_theta'(t')> = 2 T delta delta(t-t').
    """
    out = {}
    for s in net.parameters + net.dynamic_neurons:
        xi = sympy.Symbol(f"xi_{s.name}")
        net.latex_names[xi] = rf"\xi_{{{net.latex_names[s]}}}"
        out[s] = (-sympy.diff(net.hamiltonian, s) + xi, xi)
    return out


# -- Appendix B ----------------------------------------------------------------------


@dataclass(frozen=True)
class SpinGlassTerm:
    """One class of terms of the linearised H_new and its Eq. 43 counterpart."""

    name: str
    monomial: sympy.Expr
    derived: sympy.Expr
    printed: sympy.Expr
    ratio: object  # derived / printed when both are non-zero, else None


#: LaTeX text of the term names of :func:`spin_glass_expansion` (report display).
TERM_LATEX = {
    "coupling J between layers: h'_i h_j": r"coupling $J$ between layers: $h'_i h_j$",
    "field K from the bias: h'_i": r"field $K$ from the bias: $h'_i$",
    "uniform field on h'_i (from the offset a)": r"uniform field on $h'_i$ (from the offset $a$)",
    "coupling within a layer h_j h_k (from (Wh)^2)":
        r"coupling within a layer: $h_j h_k$ (from $(Wh)^2$)",
    "self term (h'_i)^2": r"self term $(h'_i)^2$",
    "self term (h_j)^2 (from (Wh)^2)": r"self term $h_j^2$ (from $(Wh)^2$)",
    "field on h_j (from 2 (a + s b) s W h)": r"field on $h_j$ (from $2(a + sb)\,sWh$)",
    "h-independent terms": r"$h$-independent terms",
}


def _bond_hamiltonian(net: DNANetwork, offset, slope):
    """One bond of Eq. 43's sum: lam sum_{i,l} (h^(1) - a - s(W h^(0) + b))^2 + c_W W^2 + c_b b^2."""
    H = sympy.Integer(0)
    for l in range(net.data):
        for i in range(net.width):
            H += net.coupling * (net.h[1][l, i] - offset - slope * net.preactivation(0, i, l)) ** 2
    H += C_W * sum(w ** 2 for w in net.W[0]) + C_B * sum(x ** 2 for x in net.b[0])
    return sympy.expand(H)


def spin_glass_expansion(model: Model, offset=sympy.Rational(1, 2),
                         slope=sympy.Rational(1, 4)) -> dict:
    """Expand one linearised DNA bond (sigma(x) ~ offset + slope x) and compare with Eq. 43.

    The bond is lam sum_{i,l} (h'_i[l] - a - s(sum_j W_ij h_j[l] + b_i))^2 + c_W sum W^2
    + c_b sum b^2 between a source layer h = h^(m) and a target layer h' = h^(m+1); the
    full H_new of Eq. 43 is the sum of such bonds over m (self terms of a shared layer
    add up).  Representative monomials use neurons 1 (and 2) of data point 1; the tests
    check the stated closed forms on every monomial.

    Returns
    -------
    dict
        ``hamiltonian`` (expanded), ``terms`` (list of :class:`SpinGlassTerm`),
        ``cross_data`` (True when some term couples different data points).
    """
    net = _build(model.width, model.data, 1, Sigma, LAMBDA,
                 [("hm", "h^{{(m)[{l}]}}_{{{i}}}"), ("hn", "h^{{(m+1)[{l}]}}_{{{i}}}")],
                 [("m", "m")])
    a, s = sympy.sympify(offset), sympy.sympify(slope)
    H = _bond_hamiltonian(net, a, s)
    spins = list(net.h[0]) + list(net.h[1])
    poly = sympy.Poly(H, *spins)
    N, lam, W, b = net.width, net.coupling, net.W[0], net.b[0]
    src, tgt = net.h[0], net.h[1]
    j2 = 1 if N > 1 else 0

    def coeff(mono):
        return sympy.expand(poly.coeff_monomial(mono))

    field = coeff(tgt[0, 0])
    b_part = sympy.expand(b[0] * sympy.diff(field, b[0]))
    reg = C_W * sum(w ** 2 for w in W) + C_B * sum(x ** 2 for x in b)
    zero = sympy.Integer(0)
    rows = [
        ("coupling J between layers: h'_i h_j", tgt[0, 0] * src[0, j2],
         coeff(tgt[0, 0] * src[0, j2]), lam * W[0, j2]),
        ("field K from the bias: h'_i", tgt[0, 0], b_part, lam * b[0]),
        ("uniform field on h'_i (from the offset a)", tgt[0, 0],
         sympy.expand(field - b_part), zero),
        ("self term (h'_i)^2", tgt[0, 0] ** 2, coeff(tgt[0, 0] ** 2), zero),
        ("self term (h_j)^2 (from (Wh)^2)", src[0, 0] ** 2, coeff(src[0, 0] ** 2), zero),
        ("field on h_j (from 2 (a + s b) s W h)", src[0, 0], coeff(src[0, 0]), zero),
        ("h-independent terms", sympy.Integer(1), coeff(sympy.Integer(1)), reg),
    ]
    if N > 1:
        rows.insert(3, ("coupling within a layer h_j h_k (from (Wh)^2)", src[0, 0] * src[0, 1],
                        coeff(src[0, 0] * src[0, 1]), zero))
    terms = []
    for name, mono, derived, printed in rows:
        ratio = None
        if derived != 0 and printed != 0:
            r = sympy.cancel(derived / printed)
            ratio = r if not (r.free_symbols - {lam}) else None
        terms.append(SpinGlassTerm(name, mono, derived, printed, ratio))
    cross = any(len({v.name.split("_")[1] for v, e in zip(spins, mono) if e}) > 1
                for mono in poly.monoms())
    return {"hamiltonian": H, "terms": terms, "network": net, "offset": a, "slope": s,
            "cross_data": cross}


def appendices_record(model: Model, *, depth: int = 2, training: bool = True) -> dict:
    """Section ``"appendices"`` of the derivation record (JSON-ready).

    Keys: ``equations_of_motion`` (Eq. 41, one representative per kind and whether every
    derived gradient equals its hand-written form), ``langevin`` (Eq. 4),
    ``constraint_surface`` (bulk gradients vanish at h = forward values),
    ``dna_vs_plain`` (numeric, :func:`symrg.training.dna_vs_plain`), ``spin_glass``
    (Eq. 42-43 for the two linearisations), ``paper_comparison`` and ``latex``.
    """
    net = dna_network(model, depth)
    eom = equations_of_motion(net)
    hand = hand_written_gradients(net)
    agree = all(sympy.expand(eom[k] + ETA * hand[k]) == 0 for k in eom)
    sig = dna_network(model, depth, activation=sigmoid)
    eom_s, hand_s = equations_of_motion(sig), hand_written_gradients(sig)
    agree_s = all(sympy.cancel(eom_s[k] + ETA * hand_s[k]) == 0 for k in eom_s)
    reps = {"W": net.W[0][0, 0], "b": net.b[0][0], "h": net.h[1][0, 0]}
    lang = langevin_equations(net)
    spin = {name: _spin_record(model, a, s_) for name, a, s_ in
            (("sigmoid_at_0", sympy.Rational(1, 2), sympy.Rational(1, 4)),
             ("identity", sympy.Integer(0), sympy.Integer(1)))}
    section = {
        "depth": depth, "width": net.width, "data": net.data,
        "activation": "sigma (undefined, derivative sigma'); checked also for the sigmoid",
        "hamiltonian": str(net.hamiltonian),
        "equations_of_motion": {k: str(eom[v]) for k, v in reps.items()},
        "hand_written_agree": agree, "hand_written_agree_sigmoid": agree_s,
        "degrees_of_freedom": len(eom),
        "langevin": {k: str(lang[v][0]) for k, v in reps.items()},
        "noise": "<xi(t) xi(t')> = 2 T delta_{theta theta'} delta(t - t')",
        "constraint_surface": _constraint_surface(net),
        "spin_glass": spin,
        "paper_comparison": _appendix_comparison(spin),
        "latex": {
            "hamiltonian": latex(net.hamiltonian, net),
            "equations_of_motion": {
                k: rf"\Delta {net.latex_names[v]} = " + latex(eom[v], net) for k, v in reps.items()},
            "langevin": {
                k: rf"\frac{{d {net.latex_names[v]}}}{{dt}} = " + latex(lang[v][0], net)
                for k, v in reps.items()},
            "noise": r"\langle \xi_\theta(t)\, \xi_{\theta'}(t') \rangle = 2 T\, "
                     r"\delta_{\theta\theta'}\, \delta(t - t')",
        },
    }
    if training:
        from .training import dna_vs_plain
        section["dna_vs_plain"] = _stringify(dna_vs_plain())
    else:
        section["dna_vs_plain"] = None
    return section


def _constraint_surface(net: DNANetwork) -> dict:
    """On h^(m) = forward values every bulk gradient dH/dW^(m), m < M-1, vanishes (exact)."""
    subs = {}
    for m in range(1, net.depth):
        for l in range(net.data):
            for i in range(net.width):
                subs[net.h[m][l, i]] = net.activation(net.preactivation(m - 1, i, l).subs(subs))
    bulk = [w for m in range(net.depth - 1) for w in list(net.W[m]) + list(net.b[m])]
    grads = [sympy.expand(sympy.diff(net.hamiltonian, w).subs(subs)) for w in bulk]
    return {"bulk_gradients_vanish": all(g == 0 for g in grads), "checked": len(bulk),
            "meaning": "there the cost reaches W^(m<M-1) only through the "
                       "displacement of the dynamic neurons, never directly"}


def _spin_record(model: Model, offset, slope) -> dict:
    exp = spin_glass_expansion(model, offset, slope)
    net = exp["network"]
    const = exp["terms"][-1]
    extra = sympy.Add(*[net.coupling * (offset + slope * net.b[0][i]) ** 2
                        for i in range(net.width)], evaluate=False) * net.data
    if sympy.expand(const.derived - const.printed - extra) != 0:  # pragma: no cover
        raise ArithmeticError("spin glass: h-independent terms differ from the closed form")
    compact = {"derived": r"c_W \sum W^2 + c_b \sum b^2 + " + latex(extra, net),
               "printed": r"c_W \sum W^2 + c_b \sum b^2"}
    return {
        "offset": json_number(offset), "slope": json_number(slope),
        "cross_data": exp["cross_data"],
        "terms": [{"name": t.name, "monomial": str(t.monomial), "derived": str(t.derived),
                   "printed": str(t.printed), "ratio": None if t.ratio is None else json_number(t.ratio),
                   "latex": {"name": TERM_LATEX[t.name], "monomial": latex(t.monomial, net),
                             "derived": latex(t.derived, net), "printed": latex(t.printed, net)}
                   | (compact if t is const else {})}
                  for t in exp["terms"]],
    }


def _plain_coefficient(text: str) -> str:
    """A coefficient of the spin-glass record as plain text: ``lam`` -> ``lambda``,
    ``Wm_11`` -> ``W^(m)_11`` (the symbol names of :func:`dna_network`)."""
    from .paper import plain_text
    out = re.sub(r"\blam\b", "lambda", plain_text(text))
    return re.sub(r"\b([Wb])m_(\d+)\b", r"\1^(m)_\2", out)


def _appendix_comparison(spin: dict) -> list:
    """Eq. 43 against the two linearisations, as plain text (``detail``) and LaTeX text
    (``detail_latex``) built from the same record entries."""
    from .paper import comparison_entry
    rows = []
    for name, rec in spin.items():
        J, K = rec["terms"][0], rec["terms"][1]
        extra = [t for t in rec["terms"][2:] if t["printed"] == "0" and t["derived"] != "0"]
        label = name.replace("_", " ")
        a, s_ = (sympy.latex(sympy.sympify(rec[k])) for k in ("offset", "slope"))
        rJ, rK = (sympy.latex(sympy.sympify(t["ratio"])) for t in (J, K))
        row = comparison_entry(
            "43", False,
            f"Linearised {label}, sigma(x) ~ {rec['offset']} + {rec['slope']} x. "
            f"J: derived {_plain_coefficient(J['derived'])} vs printed "
            f"{_plain_coefficient(J['printed'])} (factor {J['ratio']} = -2 times the slope); "
            f"K: derived {_plain_coefficient(K['derived'])} vs printed "
            f"{_plain_coefficient(K['printed'])} (factor {K['ratio']}). Dropped by Eq. 43: "
            + "; ".join(t["name"] for t in extra) + ".",
            J["latex"]["printed"] + r",\ " + K["latex"]["printed"],
            J["latex"]["derived"] + r",\ " + K["latex"]["derived"])
        row["detail_latex"] = (
            rf"Linearised {label}, $\sigma(x) \approx {a} + {s_}\,x$. "
            rf"$J$: derived ${J['latex']['derived']}$ against printed ${J['latex']['printed']}$ "
            rf"(factor ${rJ} = -2s$); $K$: derived ${K['latex']['derived']}$ against printed "
            rf"${K['latex']['printed']}$ (factor ${rK}$). Dropped by Eq.~43: "
            + "; ".join(t["latex"]["name"] for t in extra) + ".")
        rows.append(row)
    return rows


def _stringify(obj):
    """Floats rounded to 6 significant digits, recursively (JSON numbers, symrg.numerics)."""
    if isinstance(obj, float):
        value = float(f"{obj:.6g}")
        return int(value) if value.is_integer() else value
    if isinstance(obj, dict):
        return {k: _stringify(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_stringify(v) for v in obj]
    return obj
