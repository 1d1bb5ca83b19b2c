"""Tests of symrg.lattice.partition: transfer-matrix Z against literal enumeration, Eq. 13 limit."""

import sympy
from hypothesis import given, settings, strategies as st

from symrg import Model, paper_model
from symrg.lattice.partition import (network_record, partition_function,
                                     partition_function_brute_force, strong_constraint_limit)
from symrg.lattice.weights import BETA, U

ACTIVATIONS = ["heaviside", "heaviside0", "sign", "binary_sign", "relu", "hardtanh"]


@st.composite
def tiny_models(draw):
    width, data = draw(st.sampled_from([(1, 1), (1, 2), (2, 1)]))
    h = draw(st.sampled_from([[0, 1], [-1, 1], [0, 1, 2], [-1, 0, 1]]))
    if width == 2 or data == 2:
        h = h[:2]
    W = draw(st.sampled_from([[-1, 1], [1], [-1, 0, 1]] if width == 1 else [[-1, 1], [1]]))
    b = draw(st.sampled_from([[-1, 1], [0], [0, 1]]))
    d = {"width": width, "data": data, "norm": draw(st.sampled_from([1, 2])),
         "values": {"W": W, "b": b, "h": h},
         "activation": {"name": draw(st.sampled_from(ACTIVATIONS))},
         "inputs": [[draw(st.sampled_from(h)) for _ in range(width)] for _ in range(data)],
         "labels": [[draw(st.sampled_from([0, 1])) for _ in range(width)] for _ in range(data)]}
    return Model.from_dict(d)


@settings(max_examples=25, derandomize=True, deadline=None)
@given(tiny_models(), st.integers(1, 3))
def test_transfer_equals_brute_force(model, depth):
    if (model.width == 2 or model.data == 2 or len(model.h_values) > 2) and depth == 3:
        depth = 2
    for dna in (True, False):
        fast = partition_function(model, depth, dna=dna)
        slow = partition_function_brute_force(model, depth, dna=dna)
        assert sympy.expand(fast - slow) == 0


@settings(max_examples=15, derandomize=True, deadline=None)
@given(tiny_models(), st.integers(1, 3))
def test_limit_is_restricted_original(model, depth):
    depth = min(depth, 2) if model.sites > 1 else depth
    lim = strong_constraint_limit(model, depth)
    assert sympy.cancel(lim.limit - lim.restricted_original) == 0
    if all(v in model.h_values for v in model.sigma_values):
        assert lim.equal


def test_paper_limit_with_sympy_limit():
    for depth in (2, 3):
        z = partition_function(paper_model(), depth)
        limit = sympy.limit(z, U, sympy.oo)
        orig = partition_function(paper_model(), depth, dna=False)
        assert sympy.cancel(limit - orig) == 0
    assert sympy.cancel(limit - (43 + 21 * sympy.exp(-BETA))) == 0


def test_limit_differs_when_outputs_leave_h():
    model = Model.from_dict({"values": {"W": [1], "b": [0, 1], "h": [0, 1]},
                             "activation": {"name": "identity"}})
    lim = strong_constraint_limit(model, 2)
    assert not lim.equal and "not h values" in lim.note
    # x = 1: layer 0 gives 1 or 2; only 1 is an h value, then 1 or 2 at the output
    assert sympy.cancel(lim.limit - (1 + sympy.exp(-BETA))) == 0
    assert sympy.cancel(lim.original - (1 + 2 * sympy.exp(-BETA) + sympy.exp(-4 * BETA))) == 0


def test_network_record():
    import json
    rec = network_record(paper_model(), depth=2, drawing_depth=3, facts_depth=4)
    json.dumps(rec)
    assert sympy.sympify(rec["hamiltonian_dna"]).has(sympy.Function("sigma"))
    assert rec["limit_equals_original"] is True
    assert set(rec["latex"]["node_labels"]) >= {n["id"] for n in rec["graph_dna"]["nodes"]}
    assert sympy.expand(sympy.sympify(rec["partition_dna"], locals={"u": U, "beta": BETA})
                        - partition_function(paper_model(), 2)) == 0


@settings(max_examples=10, derandomize=True, deadline=None)
@given(tiny_models(), st.integers(1, 3))
def test_partition_latex_is_sympys_text(model, depth):
    """The network record prints Z with a plain beta: the same text as sympy's printer
    with beta > 0 (which runs simplify inside)."""
    from symrg.lattice.partition import _latex
    depth = min(depth, 2) if model.sites > 1 else depth
    lim = strong_constraint_limit(model, depth)
    for z in (partition_function(model, depth), lim.original, lim.limit):
        assert _latex(z) == sympy.latex(z)


@settings(max_examples=10, derandomize=True, deadline=None)
@given(tiny_models(), st.integers(1, 3))
def test_termwise_limit_equals_sympy_limit(model, depth):
    """lim_{u -> oo} of Z_DNA's summands by substituting 1/u = 0 equals sympy.limit."""
    from symrg.lattice.partition import _limit_u_infinity
    depth = min(depth, 2) if model.sites > 1 else depth
    for term in sympy.Add.make_args(partition_function(model, depth)):
        assert _limit_u_infinity(term) == sympy.limit(term, U, sympy.oo)
    for term in (U * sympy.exp(-BETA), (U + 1) / U, sympy.exp(-U), 3 + 2 / U):
        assert _limit_u_infinity(term) == sympy.limit(term, U, sympy.oo)
