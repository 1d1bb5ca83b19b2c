"""Tests of symrg.lattice.graph: interaction graphs and the measured facts of Sec. III."""

import json

import networkx as nx
import sympy

from symrg import paper_model
from symrg.lattice.graph import (graph_drawing, interaction_facts, interaction_graph,
                                 max_layer_span)
from symrg.lattice.hamiltonian import dna_hamiltonian, original_hamiltonian


def test_paper_graph_shapes():
    depth = 5
    g_orig = interaction_graph(original_hamiltonian(paper_model(), depth))
    g_dna = interaction_graph(dna_hamiltonian(paper_model(), depth))
    # N = 1: the single cost summand contains every W and b -> complete graph
    assert nx.is_isomorphic(g_orig, nx.complete_graph(2 * depth))
    # DNA: W^(m), b^(m), h^(m), h^(m+1) form a clique per layer -> 1 + 5 (M-2) + 3 edges
    assert g_dna.number_of_edges() == 3 + 6 * (depth - 2) + 3
    assert max_layer_span(g_dna) == 1
    assert max_layer_span(g_orig, kinds=("W",)) == depth - 1


def test_facts_measured():
    for model in (paper_model(), paper_model(width=2), paper_model(data=2)):
        f = interaction_facts(model, 5)
        json.dumps(f)
        assert f["max_span_dna"] == "1" and f["max_span_original_W"] == "4"
        assert f["translation_dna"]["invariant"] and f["translation_dna"]["bulk_layers"] == [1, 2]
        assert not f["translation_original"]["invariant"]
        assert f["shifted_original_equal"] is False
        assert f["degree_profile_dna_bulk_constant"]
    # N = 2: last-layer weights of different output neurons do not interact
    assert not interaction_facts(paper_model(width=2), 4)["degree_profile_original_constant"]


def test_span_grows_with_depth():
    spans = [interaction_facts(paper_model(), d)["max_span_original"] for d in (2, 3, 4)]
    assert spans == ["1", "2", "3"]


def test_drawing():
    g = interaction_graph(dna_hamiltonian(paper_model(), 3))
    d = graph_drawing(g)
    json.dumps(d)
    assert [n["x"] for n in d["nodes"]] == ["0.5", "0.5", "1", "1.5", "1.5", "2", "2.5", "2.5"]
    assert sum(n["dynamic"] for n in d["nodes"]) == 2
    assert len(d["edges"]) == g.number_of_edges()
    assert all(sympy.Rational(n["x"]) == g.nodes[n["id"]]["layer"] for n in d["nodes"])


def test_light_graph_equals_networkx_graph():
    """The derivation's light graph against networkx: nodes, attributes, edges, degrees,
    and every measurement and drawing taken from either."""
    from symrg.lattice.graph import degree_profile, interactions
    for model in (paper_model(), paper_model(width=2), paper_model(data=2)):
        for ham in (original_hamiltonian(model, 4), dna_hamiltonian(model, 4)):
            light, g = interactions(ham), interaction_graph(ham)
            assert list(light.nodes(data=True)) == list(g.nodes(data=True))
            assert {frozenset(e) for e in light.edges()} == {frozenset(e) for e in g.edges()}
            assert light.number_of_edges() == g.number_of_edges() == len(light.edges())
            assert all(light.degree(n) == g.degree(n) for n in g.nodes)
            assert degree_profile(light) == degree_profile(g)
            assert graph_drawing(light) == graph_drawing(g)
            for kinds in (None, ("W",)):
                assert max_layer_span(light, kinds) == max_layer_span(g, kinds)
