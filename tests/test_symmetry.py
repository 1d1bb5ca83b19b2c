"""Isotypic blocks (symrg.rg.symmetry): exact Schur identities on random invariant E and Omega."""

import random

import pytest
import sympy

from symrg.lattice.counting import count_matrix
from symrg.rg.couplings import coupling_basis
from symrg.model.network import paper_model
from symrg.rg.symmetry import (block_counts, block_weights, character, invariant_from_blocks,
                               partitions, symmetry_blocks)

MODELS = [
    dict(),
    dict(width=2),
    dict(data=2),
    dict(width=3),
    dict(data=3),
    dict(width=2, data=2),
    dict(width=2, values={"W": [-1, 0, 1], "b": [-1, 0, 1], "h": [-1, 0, 1]},
         activation={"name": "hardtanh"}),
    dict(data=2, values={"W": [-1, 1], "b": [-1, 1], "h": [0, 1, 2]},
         activation={"name": "relu"}),
]


def random_invariant(model, rng):
    basis = coupling_basis(model)
    E = sympy.zeros(len(model.h_states), len(model.sigma_states))
    for orbit in basis.pair_orbits:
        v = sympy.Rational(rng.randint(-9, 9), rng.randint(1, 5))
        for i, j in orbit:
            E[i, j] = v
    return E


def test_characters_against_known_tables():
    # S_3: trivial, standard, sign on classes (1,1,1), (2,1), (3)
    assert [[character(l, c) for c in [(1, 1, 1), (2, 1), (3,)]] for l in partitions(3)] == \
        [[1, 1, 1], [2, 0, -1], [1, -1, 1]]
    # S_4 standard rep (3,1): chi = fixed points - 1
    assert [character((3, 1), c) for c in [(1, 1, 1, 1), (2, 1, 1), (2, 2), (3, 1), (4,)]] == \
        [3, 1, -1, 0, -1]
    # column orthogonality / sum of squares of dimensions = n!
    assert sum(character(l, (1,) * 4) ** 2 for l in partitions(4)) == 24


@pytest.mark.parametrize("overrides", MODELS)
def test_schur_identities_exact(overrides):
    model = paper_model(**overrides)
    blocks = symmetry_blocks(model)
    rng = random.Random(7)
    assert sum(b.size for b in blocks) == len(coupling_basis(model).pair_orbits)
    assert sum(b.dimension * b.h_multiplicity for b in blocks) == len(model.h_states)
    assert sum(b.dimension * b.sigma_multiplicity for b in blocks) == len(model.sigma_states)
    M = sympy.Matrix(count_matrix(model).T)
    for b, Ml in zip(blocks, block_counts(model)):
        assert (b.h_dual * b.h_basis) == sympy.eye(b.h_multiplicity)
        assert (b.sigma_dual * b.sigma_basis) == sympy.eye(b.sigma_multiplicity)
        assert M * b.h_basis == b.sigma_basis * Ml
    for _ in range(2):
        E = random_invariant(model, rng)
        Els = block_weights(model, E)
        for b, El in zip(blocks, Els):
            assert E * b.sigma_basis == b.h_basis * El
        assert invariant_from_blocks(model, Els) == E


@pytest.mark.parametrize("overrides", MODELS[:4])
def test_blocks_injective_on_invariant_matrices(overrides):
    # the linear map from orbit values to block entries has full column rank
    model = paper_model(**overrides)
    basis = coupling_basis(model)
    rows = []
    for orbit in basis.pair_orbits:
        E = sympy.zeros(len(model.h_states), len(model.sigma_states))
        for i, j in orbit:
            E[i, j] = 1
        rows.append([x for b in block_weights(model, E) for x in b])
    assert sympy.Matrix(rows).rank() == len(basis.pair_orbits)


def test_trivial_group_one_identity_block():
    (b,) = symmetry_blocks(paper_model())
    assert b.label == "[1]x[1]" and b.dimension == 1
    assert b.h_basis == sympy.eye(2) and b.sigma_basis == sympy.eye(2)
