"""Exact partition functions of a finite network (Eq. 6, 10-18 of Lee, Lee & Yi).

For depth M (weight layers 0..M-1, input x = h^(0), output sigma^(M-1) compared
with the label y; conventions of :mod:`symrg.lattice.hamiltonian`):

* DNA (Eq. 13, 15, 18), with u = e^{beta_v}:
  ``Z_DNA(u, beta) = sum_{W,b,h} u^(-sum_bulk |h^(m+1) - sigma^(m)|^q)
  exp(-beta sum |y - sigma^(M-1)|^q)``, computed as the row vector Omega[x, :]
  over sigma-configurations, alternately multiplied by E^T and Omega, closed by
  the label weights ``ell[s] = exp(-beta sum |y - s|^q)``.
* Original (Eq. 6 with sums for Eq. 10): ``Z_orig(beta) = sum_{W,b} exp(-beta C)``
  with the neurons computed by Eq. 1 (they may take any activation output).

The strong-constraint limit beta_v -> infinity (u -> infinity, Eq. 13) keeps the
configurations with h^(m+1) = sigma^(m) exactly.  It equals Z_orig when every
activation output is an h value; otherwise the DNA has no h equal to such an
output, those networks are suppressed, and the limit is Z_orig restricted to
networks whose hidden neurons stay in V_h.
"""

import itertools
from collections import Counter
from dataclasses import dataclass

import sympy

from ..errors import ModelError
from ..model.activation import BUILTIN_ACTIVATIONS
from ..model.network import Model, reachable_preactivations
from ..model.prior import value_weights
from ..numerics import json_number
from .counting import count_matrix
from .graph import graph_drawing, interaction_facts, interactions
from .hamiltonian import dna_hamiltonian, original_hamiltonian
from .weights import BETA, U, distance, dna_bond_weights

__all__ = ["partition_function", "partition_function_brute_force", "strong_constraint_limit",
           "plain_missing_preactivations",
           "StrongConstraintLimit", "network_record"]


def _check_depth(depth):
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
        raise ModelError(f"depth: expected an integer >= 1 (number of weight layers), got {depth!r}")


def _configuration(model: Model, vectors) -> tuple:
    """Flatten L vectors of N values to one layer configuration (site t = l N + i)."""
    return tuple(v for vec in vectors for v in vec)


def _collect(terms, beta):
    """``sum_d c_d exp(-beta d)`` from (coefficient, d) pairs, coefficients expanded."""
    by_d = Counter()
    for coeff, d in terms:
        by_d[d] += coeff
    return sympy.Add(*[sympy.expand(c) * sympy.exp(-beta * d)
                       for d, c in sorted(by_d.items(), key=lambda kv: kv[0])])


def _dna_transfer(model: Model, depth: int, u, beta):
    omega = count_matrix(model)
    E = dna_bond_weights(model, u)
    x = _configuration(model, model.inputs)
    v = omega[model.h_states.index(x), :]
    for _ in range(depth - 1):
        v = (v * E.T).applyfunc(sympy.expand) * omega
    y = _configuration(model, model.labels)
    return _collect(((v[j], distance(model, y, s)) for j, s in enumerate(model.sigma_states)),
                    beta)


def _activation(model: Model, x):
    table = model.activation.as_dict()
    if x in table:
        return table[x]
    if model.activation.name in BUILTIN_ACTIVATIONS:
        return sympy.Rational(BUILTIN_ACTIVATIONS[model.activation.name](x))
    raise ModelError(_plain_missing_message(model))


def plain_missing_preactivations(model: Model) -> tuple:
    """Pre-activations the plain network reaches that an explicit table lacks.

    The plain network feeds activation outputs forward, so its hidden values are
    the closure H of V_h under ``x -> sigma(sum_j W_j x_j + b)``.  Starting from V_h,
    add the outputs of the known table entries at the reachable pre-activations until
    nothing changes (H stays inside V_h and the table's outputs, so this ends); the
    pre-activations of H missing from the table are returned, sorted.

    Returns
    -------
    tuple
        ``(missing, hidden)``: sorted missing pre-activations, and the closure H as
        far as the table determines it (sorted).
    """
    table = model.activation.as_dict()
    hidden = set(model.h_values)
    while True:
        pre = reachable_preactivations(model.W_values, model.b_values, hidden, model.width)
        outs = {table[x] for x in pre if x in table}
        if outs <= hidden:
            return tuple(sorted(x for x in pre if x not in table)), tuple(sorted(hidden))
        hidden |= outs


def _plain_missing_message(model: Model, shown: int = 12) -> str:
    """What the user can do about a table that does not cover the plain network."""
    missing, hidden = plain_missing_preactivations(model)
    outside = [v for v in hidden if v not in model.h_values]
    listed = ", ".join(f'"{x}" = ...' for x in missing[:shown])
    more = f" (and {len(missing) - shown} more)" if len(missing) > shown else ""
    noun = "pre-activation" if len(missing) == 1 else "pre-activations"
    return (f"activation table has no value for the {noun} "
            f"{', '.join(str(x) for x in missing[:shown])}{more} that the plain network "
            f"reaches once its hidden neurons take the outputs "
            f"{', '.join(str(v) for v in outside)} outside values.h; add {listed}{more} to "
            f"[activation] table (their outputs may reach further ones), or leave out the "
            f"plain network (section network: symrg derive --sections fixed_points,correlations)")


def _neuron_counts(model: Model, config: tuple) -> Counter:
    """(W, b)-counts of one output neuron's pattern over data points, from any config."""
    N, L = model.width, model.data
    wW, wb = value_weights(model, "W"), value_weights(model, "b")   # prior (1 if uniform)
    partial = Counter({(sympy.Integer(0),) * L: 1})
    for j in range(N):
        nxt = Counter()
        for sums, n in partial.items():
            for w, om in zip(model.W_values, wW):
                nxt[tuple(sums[l] + w * config[l * N + j] for l in range(L))] += n * om
        partial = nxt
    out = Counter()
    for sums, n in partial.items():
        for b, om in zip(model.b_values, wb):
            out[tuple(_activation(model, x + b) for x in sums)] += n * om
    return out


def _forward_counts(model: Model, depth: int, restrict: bool) -> Counter:
    """Number of (W, b) networks giving each output configuration (restrict: hidden in V_h)."""
    N, L = model.width, model.data
    current = Counter({_configuration(model, model.inputs): 1})
    for m in range(depth):
        nxt = Counter()
        for config, n in current.items():
            per = _neuron_counts(model, config)
            for pats in itertools.product(per.items(), repeat=N):
                out = tuple(pats[i][0][l] for l in range(L) for i in range(N))
                count = n
                for pat in pats:
                    count *= pat[1]
                nxt[out] += count
        if restrict and m < depth - 1:
            nxt = Counter({c: n for c, n in nxt.items() if all(v in model.h_values for v in c)})
        current = nxt
    return current


def _original(model: Model, depth: int, beta, restrict=False):
    y = _configuration(model, model.labels)
    counts = _forward_counts(model, depth, restrict)
    return _collect(((n, distance(model, y, s)) for s, n in counts.items()), beta)


def partition_function(model: Model, depth: int, *, dna=True, u=U, beta=BETA) -> sympy.Expr:
    """Exact partition function of a depth-M network with input and label terms.

    Parameters
    ----------
    model : Model
        Inputs x and labels y from ``model.inputs`` / ``model.labels``.
    depth : int
        M >= 1 weight layers.
    dna : bool
        True: Z_DNA(u, beta) of Eq. 13/15/18 by transfer matrices; False: Z_orig(beta)
        of Eq. 6/10 by forward counting (``u`` unused).
    u, beta : sympy expressions
        u = e^{beta_v} (Eq. 23) and the inverse temperature of the label term.

    Returns
    -------
    sympy.Expr
        ``sum_d c_d exp(-beta d)`` over label distances d, each c_d expanded in u.

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> partition_function(paper_model(), 1)
    3 + exp(-beta)
    >>> partition_function(paper_model(), 2, dna=False)
    11 + 5*exp(-beta)
    """
    _check_depth(depth)
    if dna:
        return _dna_transfer(model, depth, u, beta)
    return _original(model, depth, beta)


def _layer_maps(model: Model):
    """All (W, b) of one layer, each as a function from a configuration to the output."""
    N, L = model.width, model.data
    maps = []
    for W in itertools.product(model.W_values, repeat=N * N):
        for b in itertools.product(model.b_values, repeat=N):
            maps.append((W, b))

    def apply(Wb, config):
        W, b = Wb
        return tuple(_activation(model, sum(W[i * N + j] * config[l * N + j] for j in range(N))
                                 + b[i]) for l in range(L) for i in range(N))
    return maps, apply


def _prior_mass(model: Model, params):
    """Product of the relative prior weights of every W and b entry (1 if uniform)."""
    wW = dict(zip(model.W_values, value_weights(model, "W")))
    wb = dict(zip(model.b_values, value_weights(model, "b")))
    return sympy.Mul(*[wW[w] for W, _ in params for w in W],
                     *[wb[b] for _, B in params for b in B])


def partition_function_brute_force(model: Model, depth: int, *, dna=True, u=U,
                                   beta=BETA) -> sympy.Expr:
    """Literal enumeration of every W, b (and hidden h in the DNA): the test oracle."""
    _check_depth(depth)
    maps, apply = _layer_maps(model)
    x = _configuration(model, model.inputs)
    y = _configuration(model, model.labels)
    hidden = model.h_states if dna else [None]
    terms = []
    for params in itertools.product(maps, repeat=depth):
        for hs in itertools.product(hidden, repeat=depth - 1):
            config, bulk = x, sympy.Integer(0)
            for m in range(depth):
                s = apply(params[m], config)
                if m == depth - 1:
                    break
                if dna:
                    bulk += distance(model, hs[m], s)
                config = hs[m] if dna else s
            terms.append((u ** (-bulk) * _prior_mass(model, params), distance(model, y, s)))
    return _collect(terms, beta)


@dataclass(frozen=True)
class StrongConstraintLimit:
    """The beta_v -> infinity limit of Z_DNA (Eq. 13) next to Z_orig.

    Attributes
    ----------
    limit : sympy.Expr
        ``lim_{u -> oo} Z_DNA`` computed termwise with ``sympy.limit``.
    original : sympy.Expr
        Z_orig(beta), Eq. 6.
    restricted_original : sympy.Expr
        Z_orig over the networks whose hidden neurons all stay in V_h.
    equal : bool
        ``cancel(limit - original) == 0``.
    note : str
        Explanation (why they differ when some activation output is not an h value).
    """

    depth: int
    limit: sympy.Expr
    original: sympy.Expr
    restricted_original: sympy.Expr
    equal: bool
    note: str


_V = sympy.Dummy("v")


def _limit_u_infinity(term):
    """``lim_{u -> oo} term`` for one summand ``c(1/u) exp(-beta d)`` of Z_DNA (Eq. 13).

    A polynomial in v = 1/u has the limit c(0) (substituted exactly); any other form
    (a positive power of u) goes to ``sympy.limit``.
    """
    in_v = sympy.expand(term.xreplace({U: 1 / _V}))
    if U not in in_v.free_symbols:
        try:
            sympy.Poly(in_v, _V)        # fails on 1/v, i.e. on a positive power of u
        except sympy.PolynomialError:
            pass
        else:
            return in_v.subs(_V, 0)
    return sympy.limit(term, U, sympy.oo)


def strong_constraint_limit(model: Model, depth: int) -> StrongConstraintLimit:
    """``lim_{beta_v -> oo} Z_DNA`` (Eq. 13), compared with Z_orig.

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> lim = strong_constraint_limit(paper_model(), 2)
    >>> lim.limit, lim.equal
    (11 + 5*exp(-beta), True)
    """
    z = partition_function(model, depth)
    limit = sympy.Add(*[_limit_u_infinity(term) for term in sympy.Add.make_args(z)])
    original = partition_function(model, depth, dna=False)
    restricted = _original(model, depth, BETA, restrict=True)
    equal = sympy.cancel(limit - original) == 0
    outside = [v for v in model.sigma_values if v not in model.h_values]
    if not outside:
        note = ("every activation output is an h value, so the constraints h = sigma can "
                "be met exactly and the limit is the original partition function")
    else:
        listed = ", ".join(str(v) for v in outside)
        note = (f"activation outputs {listed} are not h values: a dynamic "
                "neuron cannot equal them, so u -> oo suppresses the networks whose hidden "
                "neurons would take them; the limit is the original partition function "
                "restricted to networks whose hidden neurons stay in V_h"
                + (" (here no such network contributes, so they agree)" if equal else ""))
    return StrongConstraintLimit(depth, limit, original, restricted, bool(equal), note)


def _coordinate(text):
    """A drawing coordinate (a layer k/2) as a JSON number: int, or a float that is exact."""
    value = sympy.Rational(text)
    return int(value) if value.q == 1 else float(value)


def _facts_json(facts: dict) -> dict:
    """Layer spans (exact rationals) as JSON numbers (:mod:`symrg.numerics`)."""
    for key in ("max_span_original", "max_span_original_W", "max_span_dna"):
        facts[key] = json_number(sympy.Rational(facts[key]))
    return facts


#: beta without the sign assumption: prints exactly like :data:`symrg.lattice.weights.BETA`.
_PLAIN_BETA = sympy.Symbol(BETA.name)


def _latex(z) -> str:
    """``sympy.latex`` of a partition function ``sum_d c_d exp(-beta d)`` (Eq. 13, 15).

    With beta > 0 sympy's printer asks ``(-beta d).is_constant()`` of every factor
    ``exp(-beta d)``, which runs ``simplify`` (and imports ``sympy.physics``); with a
    plain beta of the same name the printer puts the factor in the numerator
    directly, so the text is the same.
    """
    return sympy.latex(z.xreplace({BETA: _PLAIN_BETA}))


def network_record(model: Model, depth=3, drawing_depth=4, facts_depth=6) -> dict:
    """The JSON record section ``"network"`` (Sec. III: Eq. 8-9, 13-16, 18; Fig. 2).

    Returns
    -------
    dict
        ``depth``, ``hamiltonian_original``, ``hamiltonian_dna``, ``terms_dna``
        (strings at ``depth``), ``facts`` (:func:`interaction_facts` at
        ``facts_depth``), ``drawing_depth``, ``graph_original`` and ``graph_dna``
        (node ids, x, y, dynamic, edges; the labels are in ``latex.node_labels``;
        x is the layer index, a JSON number such as 1 or 0.5),
        ``partition_dna``, ``partition_original``, ``strong_limit``,
        ``limit_equals_original``, ``limit_note``, and ``latex``.
    """
    orig, dna = original_hamiltonian(model, depth), dna_hamiltonian(model, depth)
    lim = strong_constraint_limit(model, depth)
    z_dna = partition_function(model, depth)
    graphs, labels = {}, {}
    for key, ham in (("graph_original", original_hamiltonian(model, drawing_depth)),
                     ("graph_dna", dna_hamiltonian(model, drawing_depth))):
        drawing = graph_drawing(interactions(ham))
        for node in drawing["nodes"]:
            labels[node["id"]] = node.pop("label_latex")
            node["x"] = _coordinate(node["x"])
        graphs[key] = drawing
    latex = {
        "hamiltonian_original": orig.latex(),
        "hamiltonian_dna_terms": [dna.latex(t) for t in dna.terms],
        "partition_dna": _latex(z_dna), "partition_original": _latex(lim.original),
        "strong_limit": _latex(lim.limit), "node_labels": labels,
    }
    return {
        "depth": depth,
        "hamiltonian_original": str(orig.expr), "hamiltonian_dna": str(dna.expr),
        "terms_dna": [str(t) for t in dna.terms],
        "facts": _facts_json(interaction_facts(model, facts_depth)),
        "drawing_depth": drawing_depth, **graphs,
        "partition_dna": str(z_dna), "partition_original": str(lim.original),
        "strong_limit": str(lim.limit), "limit_equals_original": lim.equal,
        "limit_note": lim.note, "latex": latex,
    }
