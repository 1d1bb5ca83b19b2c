"""Boundary (zero-weight) fixed points: structure theorem against brute force, Ising
K* = oo, a DNA model of rank > 1 checked by brute-force decimation and the transfer
spectrum."""

import itertools
import random

import pytest
import sympy

from oracle import brute_force_decimation
from symrg.fixedpoints.boundary import (boundary_fixed_points, boundary_from_counts,
                                        class_structures)
from symrg.errors import ModelError
from symrg.model.network import Model, paper_model
from symrg.lattice.transfer import transfer_matrix

IDENTITY = {"name": "id", "values": {"W": [1], "b": [0], "h": [0, 1]},
            "activation": {"name": "identity"}}


def _support_union(structure, n_h, n_s):
    return {(h, s) for R, C in structure for h in R for s in C}


def _grid_fixed_points(Omega, values=(0, sympy.Rational(1, 2), 1)):
    """Every non-negative E on a small grid with E Omega^T E = kappa E, kappa > 0."""
    n_h, n_s = Omega.shape
    M = Omega.T
    for flat in itertools.product(values, repeat=n_h * n_s):
        E = sympy.Matrix(n_h, n_s, flat)
        if E.is_zero_matrix:
            continue
        F = E * M * E
        k = next(i for i, x in enumerate(E) if x != 0)
        kappa = F[k] / E[k]
        if kappa > 0 and F == kappa * E:
            yield E


def _omegas(count=8):
    rng = random.Random(3)
    yield sympy.Matrix([[1, 0], [0, 1]])
    yield sympy.Matrix([[1, 0, 0], [0, 2, 1]])
    for _ in range(count):
        n_h, n_s = rng.choice([(2, 2), (2, 3), (3, 2)])
        Omega = sympy.Matrix(n_h, n_s, lambda i, j: rng.choice([0, 0, 0, 1, 2]))
        for i in range(n_h):
            if all(x == 0 for x in Omega.row(i)):
                Omega[i, i % n_s] = 1
        yield Omega


def test_structure_theorem_against_brute_force():
    """Every grid fixed point of rank r >= 2 lies on a maximal rank-r class structure,
    every structure's sample has rank r, and a strictly positive one has rank 1."""
    hits = sum(_check_structures(Omega) for Omega in _omegas())
    assert hits >= 5      # rank >= 2 grid points were really exercised


def _check_structures(Omega):
    n_h, n_s = Omega.shape
    hits = 0
    P = [[Omega[h, s] != 0 for s in range(n_s)] for h in range(n_h)]
    structures, _ = class_structures(P)
    for E in _grid_fixed_points(Omega):
        r = E.rank()
        if all(x > 0 for x in E):
            assert r == 1                       # no-go (Perron-Frobenius)
        if r < 2:
            continue
        hits += 1
        support = {(h, s) for h in range(n_h) for s in range(n_s) if E[h, s] != 0}
        assert any(len(st) == r and support <= _support_union(st, n_h, n_s)
                   for st in structures), (Omega, E)
    for b in boundary_from_counts(Omega).points:
        assert b.weights.rank() == b.rank and b.xi == sympy.oo
    return hits


def test_ising_k_infinity_is_rank_two():
    (b,) = boundary_from_counts(sympy.eye(2)).points
    assert b.rank == 2 and b.xi == sympy.oo and b.weights == sympy.eye(2)


def test_identity_dna_model_has_a_rank_two_boundary_point():
    m = Model.from_dict(IDENTITY)
    (b,) = boundary_fixed_points(m).points
    assert b.rank == 2 and b.xi == sympy.oo and b.dimension == 0
    E = b.weights
    # independent: literal decimation reproduces E (kappa = 1) ...
    idx_h = {h: i for i, h in enumerate(m.h_states)}
    idx_s = {s: j for j, s in enumerate(m.sigma_states)}
    out = brute_force_decimation(m, lambda h, s: E[idx_h[h], idx_s[s]])
    assert all(out[(h, s)] == E[idx_h[h], idx_s[s]] for h in m.h_states for s in m.sigma_states)
    # ... and the transfer matrix Omega E^T has a doubly degenerate leading eigenvalue
    eig = transfer_matrix(m, weights=E).eigenvals()
    top = max(eig, key=abs)
    assert eig[top] == 2                          # lambda_1 = lambda_2: xi = oo
    assert b.linearization.eigenvalues == [2] and b.face_invariant


def test_symmetric_model_tangent_directions_are_marginal():
    """N = 1, L = 2 identity model: G-invariant class sets only; eigenvalue-1 count on the
    support is at least the component dimension (tangent directions)."""
    m = Model.from_dict({**IDENTITY, "data": 2})
    res = boundary_fixed_points(m)
    assert res.points and max(b.rank for b in res.points) == 4
    for b in res.points:
        ones = sum(1 for v in b.linearization.eigenvalues if v == 1)
        assert ones >= b.dimension
        assert (sympy.Matrix(b.weights) * sympy.Matrix(b.weights)) == sympy.Matrix(b.weights)


def test_dense_count_matrix_has_no_rank_two_boundary_point():
    assert boundary_fixed_points(paper_model()).points == []


def test_p3_refused():
    with pytest.raises(ModelError, match="implemented for p = 2"):
        boundary_fixed_points(paper_model(scale=3))
