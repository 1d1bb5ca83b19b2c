"""Interaction graphs of the original and DNA Hamiltonians (Fig. 2 of Lee, Lee & Yi).

Nodes are the degrees of freedom (W, b and, in the DNA, the dynamic neurons h);
two are joined when they appear together in one summand of the Hamiltonian
(self-interactions omitted).  Node attribute ``layer`` is the depth position
(h^(m) at m, W^(m) and b^(m) at m + 1/2, a sympy Rational).

:func:`interaction_facts` measures the two claims of Sec. III: the DNA couples
only neighbouring layers while the original couples layers arbitrarily far apart,
and the DNA bulk is invariant under the depth translation of Eq. 16.
"""

import itertools
from collections import defaultdict

import sympy

from ..model.network import Model
from .hamiltonian import (Hamiltonian, dna_hamiltonian, latex_names, original_hamiltonian,
                          shift_map, symbol_kind, symbol_layer)

__all__ = ["interaction_graph", "interactions", "interaction_facts", "graph_drawing",
           "degree_profile", "max_layer_span", "bulk_translation_invariance"]


class _Nodes(dict):
    """Node name -> attribute dict; ``nodes(data=True)`` as in networkx."""

    def __call__(self, data=False):
        return self.items() if data else self.keys()


class _Graph:
    """The part of ``networkx.Graph`` that the interaction graphs use (no import cost).

    Nodes in insertion order with attribute dicts, undirected edges without
    repetition, ``degree`` = number of neighbours.

    Kept beside networkx on purpose (issue 19 asked for networkx where a graph is
    built): every derivation builds the interaction graphs, and importing networkx
    costs 0.1-0.2 s (``python -X importtime``), a fair share of a small derivation of the
    paper's model; tests/test_imports.py holds that a whole derive loads no
    networkx.  The networkx graph is built from this one on request
    (:func:`interaction_graph`), so the two cannot disagree.
    """

    def __init__(self):
        self.nodes = _Nodes()
        self._adj = {}
        self._edges = []

    def add_node(self, name, **attrs):
        self.nodes[name] = attrs
        self._adj[name] = set()

    def add_edges_from(self, pairs):
        for a, b in pairs:
            if b not in self._adj[a]:
                self._adj[a].add(b)
                self._adj[b].add(a)
                self._edges.append((a, b))

    def edges(self):
        return list(self._edges)

    def degree(self, node):
        return len(self._adj[node])

    def number_of_edges(self):
        return len(self._edges)


def interactions(hamiltonian: Hamiltonian) -> _Graph:
    """The interaction graph (Fig. 2) without networkx: same nodes, attributes and edges.

    Returns a light graph with ``nodes``, ``nodes(data=True)``, ``edges()``,
    ``degree(node)`` and ``number_of_edges()`` as in networkx, which
    :func:`max_layer_span`, :func:`degree_profile` and :func:`graph_drawing` accept
    like a ``networkx.Graph`` (:func:`interaction_graph` builds that from this).
    """
    dofs = set(hamiltonian.degrees_of_freedom)
    names = latex_names(dofs)
    graph = _Graph()
    for sym in hamiltonian.degrees_of_freedom:
        graph.add_node(str(sym), symbol=sym, kind=symbol_kind(sym), layer=symbol_layer(sym),
                       dynamic=symbol_kind(sym) == "h", label_latex=names[sym])
    for summand in hamiltonian.summands:
        present = sorted(str(s) for s in summand.free_symbols & dofs)
        graph.add_edges_from(itertools.combinations(present, 2))
    return graph


def interaction_graph(hamiltonian: Hamiltonian):
    """The interaction graph of a Hamiltonian as a ``networkx.Graph``.

    Nodes are named by ``str(symbol)``.

    Node attributes: ``symbol``, ``kind`` (W, b, h), ``layer`` (Rational),
    ``dynamic`` (True for dynamic neurons), ``label_latex``.  The derivation itself
    works on a light copy of the same graph and never imports networkx.

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> from symrg.lattice.hamiltonian import dna_hamiltonian
    >>> g = interaction_graph(dna_hamiltonian(paper_model(), 2))
    >>> sorted(g.edges())[:3]
    [('W_0_1_1', 'b_0_1'), ('W_0_1_1', 'h_1_1_1'), ('W_1_1_1', 'b_1_1')]
    """
    import networkx as nx
    light = interactions(hamiltonian)
    graph = nx.Graph(kind=hamiltonian.kind, depth=hamiltonian.depth)
    graph.add_nodes_from(light.nodes(data=True))
    graph.add_edges_from(light.edges())
    return graph


def max_layer_span(graph, kinds=None) -> sympy.Rational:
    """Largest ``|layer(a) - layer(b)|`` over edges (optionally between given kinds)."""
    spans = [abs(graph.nodes[a]["layer"] - graph.nodes[b]["layer"])
             for a, b in graph.edges()
             if kinds is None or {graph.nodes[a]["kind"], graph.nodes[b]["kind"]} <= set(kinds)]
    return max(spans, default=sympy.Integer(0))


def degree_profile(graph) -> list:
    """Per (layer, kind): the sorted distinct degrees of its nodes."""
    degrees = defaultdict(set)
    for node, data in graph.nodes(data=True):
        degrees[data["layer"], data["kind"]].add(graph.degree(node))
    return [{"layer": str(layer), "kind": kind, "degrees": sorted(d)}
            for (layer, kind), d in sorted(degrees.items(), key=lambda kv: (kv[0][0], kv[0][1]))]


def _touching(hamiltonian, m):
    """Summands that contain a layer-m weight or bias."""
    return {s for s in hamiltonian.summands
            if any(symbol_kind(x) in ("W", "b") and symbol_layer(x) == m + sympy.Rational(1, 2)
                   for x in s.free_symbols)}


def bulk_translation_invariance(hamiltonian: Hamiltonian) -> dict:
    """Measure Eq. 16 in the bulk layers m = 1 .. M-3.

    Two checks per bulk m: (a) the set of summands touching layer m, shifted by one
    layer (every W, b, h index m -> m + 1), equals the set touching layer m + 1;
    (b) for the DNA, the layer term m shifted equals term m + 1.
    """
    M = hamiltonian.depth
    bulk = list(range(1, M - 2))
    symbols = set().union(*(s.free_symbols for s in hamiltonian.summands))
    shift = shift_map(symbols)
    touching = {m: _touching(hamiltonian, m) for m in range(M)}
    by_sets = [{s.xreplace(shift) for s in touching[m]} == touching[m + 1] for m in bulk]
    by_terms = None
    if hamiltonian.kind == "dna":
        by_terms = [hamiltonian.terms[m].xreplace(shift) == hamiltonian.terms[m + 1]
                    for m in bulk]
    return {"bulk_layers": bulk, "summand_sets": by_sets, "layer_terms": by_terms,
            "invariant": bool(bulk) and all(by_sets) and all(by_terms or [True])}


def interaction_facts(model: Model, depth: int) -> dict:
    """Measure the locality and translation-invariance facts of Sec. III (Fig. 2, Eq. 16).

    Returns
    -------
    dict (JSON-ready)
        ``depth``; ``edges_original``/``edges_dna``; ``max_span_original``,
        ``max_span_original_W`` (between weights), ``max_span_dna`` (Rational
        strings); ``translation_original``/``translation_dna`` (the checks of
        :func:`bulk_translation_invariance`); ``shifted_original_equal`` (whether the
        whole original Hamiltonian is unchanged by the shift); ``degree_profile_*``
        and ``degree_profile_original_constant`` / ``degree_profile_dna_bulk_constant``.
    """
    orig, dna = original_hamiltonian(model, depth), dna_hamiltonian(model, depth)
    g_orig, g_dna = interactions(orig), interactions(dna)
    shift = shift_map(orig.expr.free_symbols)
    prof_orig, prof_dna = degree_profile(g_orig), degree_profile(g_dna)
    bulk_dna = [p for p in prof_dna
                if 1 <= sympy.Rational(p["layer"]) <= depth - 2 and p["kind"] == "W"]
    return {
        "depth": depth,
        "edges_original": g_orig.number_of_edges(), "edges_dna": g_dna.number_of_edges(),
        "max_span_original": str(max_layer_span(g_orig)),
        "max_span_original_W": str(max_layer_span(g_orig, kinds=("W",))),
        "max_span_dna": str(max_layer_span(g_dna)),
        "translation_original": bulk_translation_invariance(orig),
        "translation_dna": bulk_translation_invariance(dna),
        "shifted_original_equal": orig.expr.xreplace(shift) == orig.expr,
        "degree_profile_original": prof_orig, "degree_profile_dna": prof_dna,
        "degree_profile_original_constant": len({tuple(p["degrees"]) for p in prof_orig
                                                 if p["kind"] == "W"}) == 1,
        "degree_profile_dna_bulk_constant": len({tuple(p["degrees"]) for p in bulk_dna}) <= 1,
    }


def _decimal(r) -> str:
    """Exact decimal string of a rational with a power-of-two-and-five denominator."""
    r = sympy.Rational(r)
    if r.q == 1:
        return str(r.p)
    return str(sympy.Float(r, 12)).rstrip("0")


def graph_drawing(graph) -> dict:
    """TikZ-ready layout: x = layer, y = index within the layer column.

    Returns
    -------
    dict
        ``{"nodes": [{"id", "label_latex", "x", "y", "dynamic"}], "edges": [[id, id], ...]}``
        with x a decimal string, y an integer (0 at the top of a column), nodes in
        depth order.
    """
    columns = defaultdict(list)
    for node, data in graph.nodes(data=True):
        columns[data["layer"]].append(node)
    nodes = []
    for layer in sorted(columns):
        for y, node in enumerate(columns[layer]):
            data = graph.nodes[node]
            nodes.append({"id": node, "label_latex": data["label_latex"],
                          "x": _decimal(layer), "y": y, "dynamic": bool(data["dynamic"])})
    edges = sorted(sorted(e) for e in graph.edges())
    return {"nodes": nodes, "edges": [list(e) for e in edges]}
