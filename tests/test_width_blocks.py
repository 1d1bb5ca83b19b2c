"""Width-N block classification against the full space (issue 18).

The symmetric fixed points E (Omega^T E) = E (p = 2) are the S_N-fixed points of the
full-space set, whose rank-r stratum (trivial group, ``_block_options`` on the whole
h x sigma space) is smooth.  So at a sample point of every block component the
invariant part of the full-space tangent space has exactly the component's
dimension, the full tangent space has the trivial-group dimension of that rank,
and the literal rank of E is the component's rank.  Omega is the engine's count
matrix at N = 4 and the literal enumeration (tests/oracle.py) at N <= 3.
"""

from functools import lru_cache

import flint
import pytest
import sympy

from oracle import brute_force_decimation, literal_counts
from symrg.fixedpoints.classify import _block_options, sample_component, symmetric_components
from symrg.lattice.counting import count_matrix
from symrg.model.network import paper_model
from symrg.rg.couplings import coupling_basis


def _fmpq(A):
    return flint.fmpq_mat(A.rows, A.cols, [flint.fmpq(int(sympy.Rational(x).p),
                                                      int(sympy.Rational(x).q)) for x in A])


@lru_cache(maxsize=None)
def _omega(model):
    """Omega_{h sigma} from the literal enumeration (N <= 3) or the engine (N = 4)."""
    if model.width > 3:
        return count_matrix(model)
    counts = literal_counts(model)
    return sympy.ImmutableMatrix(len(model.h_states), len(model.sigma_states),
                                 lambda i, j: counts.get((model.sigma_states[j], model.h_states[i]), 0))


def _tangent_map(E, M):
    """vec(dE) -> vec(dE M E + E M dE - dE), the differential of E M E - E (row-major)."""
    n, m = E.nrows(), E.ncols()
    A, B = E * M, M * E                     # n x n and m x m
    T = flint.fmpq_mat(n * m, n * m)
    for i in range(n):
        for j in range(m):
            row = i * m + j
            for k in range(m):              # (dE B)_{ij} = sum_k dE_{ik} B_{kj}
                T[row, i * m + k] += B[k, j]
            for k in range(n):              # (A dE)_{ij} = sum_k A_{ik} dE_{kj}
                T[row, k * m + j] += A[i, k]
            T[row, row] -= 1
    return T


def _kernel_dim(T):
    return T.ncols() - T.rank()


@pytest.mark.parametrize("width", [2, 3, 4])
def test_block_components_are_the_invariant_strata_of_the_full_space(width):
    model = paper_model(width=width)
    omega = _omega(model)
    if model.width <= 3:
        assert omega == count_matrix(model)
    M = _fmpq(omega.T)
    n_h, n_s = len(model.h_states), len(model.sigma_states)
    orbits = coupling_basis(model).pair_orbits
    comps = symmetric_components(model)
    assert max(c.rank for c in comps) == M.rank()      # sum_lambda d_lambda rank M_lambda
    full = {r: d for r, _, d in _block_options(n_h, n_s, M.rank(), 2)}
    checked = 0
    for comp in comps:
        values, _ = sample_component(model, comp)
        if values is None:
            continue
        E = flint.fmpq_mat(n_h, n_s)
        for v, orbit in zip(values, orbits):
            for i, k in orbit:
                E[i, k] = v.coeffs()[0] if v.coeffs() else 0
        F = E * M * E
        i, k = next((i, k) for i in range(n_h) for k in range(n_s) if E[i, k] != 0)
        E = E * (E[i, k] / F[i, k])                 # the kappa = 1 representative
        assert E * M * E == E and E.rank() == comp.rank
        T = _tangent_map(E, M)
        assert _kernel_dim(T) == full[comp.rank]
        # invariant directions: dE = sum_o c_o 1_o (pair-orbit indicators)
        P = flint.fmpq_mat(n_h * n_s, len(orbits))
        for o, orbit in enumerate(orbits):
            for i, k in orbit:
                P[i * n_s + k, o] = 1
        assert _kernel_dim(T * P) == comp.dimension
        checked += 1
    assert checked >= 2


def _literal_map(model, E, omega):
    """F(E) = E' of the literal decimation: every W, b, h summed (oracle) where that is
    cheap, else E (Omega^T E)^(p-1) with Omega literally enumerated (Eq. 17)."""
    n_layers = (len(model.W_values) ** model.width * len(model.b_values)) ** model.width
    if n_layers ** (model.scale - 1) <= 16:
        got = brute_force_decimation(model, lambda h, s: E[model.h_states.index(h),
                                                          model.sigma_states.index(s)])
        return sympy.Matrix(E.rows, E.cols, lambda i, j: got[(model.h_states[i],
                                                              model.sigma_states[j])])
    F = E
    for _ in range(model.scale - 1):
        F = F * omega.T * E
    return F


def _derivative(model, E, D, omega):
    """d/dt F(E + t D) at t = 0, exactly: F has degree p in t, so Lagrange interpolation
    through t = 0, 1, ..., p differentiates it without error (finite differences)."""
    p = model.scale
    ts = list(range(p + 1))
    out = sympy.zeros(E.rows, E.cols)
    for t in ts:
        # derivative at 0 of the Lagrange basis polynomial of node t
        x = sympy.Symbol("x")
        ell = sympy.prod([(x - u) / sympy.Integer(t - u) for u in ts if u != t])
        c = sympy.diff(ell, x).subs(x, 0)
        if c:
            out += c * _literal_map(model, E + t * D, omega)
    return out


@pytest.mark.parametrize("overrides", [dict(), dict(scale=3), dict(width=2), dict(width=3),
                                       dict(width=2, scale=3),
                                       dict(values={"W": [-1, 2], "b": [-1, 0, 1],
                                                    "h": [-1, 0, 1]},
                                            activation={"name": "hardtanh"})])
def test_eigenvalues_equal_finite_differences_of_a_literal_decimation(overrides):
    """At every reported point the eigenvalues of the linearised map are those of
    A = DF/kappa on the symmetric E modulo the line of E (A E = p E), with DF taken by
    exact finite differences of the literal decimation; all lie in {0, 1, p}."""
    from symrg.fixedpoints.analysis import find_fixed_points
    from symrg.fixedpoints.linearize import linearize
    model = paper_model(**overrides)
    omega = _omega(model)
    orbits = coupling_basis(model).pair_orbits
    lam = sympy.Symbol("lam")
    fp = find_fixed_points(model, equations=False)
    points = list(fp.isolated) + [f.sample for f in fp.families]
    assert points
    for pt, reported in zip(points, list(fp.isolated) + list(fp.families)):
        E = sympy.Matrix(pt.weights)
        i0, k0 = next(o[0] for o in orbits if E[o[0]] != 0)
        kappa = _literal_map(model, E, omega)[i0, k0] / E[i0, k0]
        cols = []
        for orbit in orbits:
            D = sympy.zeros(E.rows, E.cols)
            for i, k in orbit:
                D[i, k] = 1
            dF = _derivative(model, E, D, omega) / kappa
            cols.append([dF[o[0]] for o in orbits])
        A = sympy.Matrix(cols).T
        values = linearize(model, reported).eigenvalues
        assert set(values) <= {0, 1, model.scale}
        expected = sympy.prod([lam - v for v in values]) * (lam - model.scale)
        assert sympy.expand(A.charpoly(lam).as_expr() - expected) == 0
