"""Width-N block classification against the full space (issue 18).

The symmetric fixed points E (Omega^T E) = E (p = 2) are the S_N-fixed points of the
full-space set, whose rank-r stratum (trivial group, ``_block_options`` on the whole
h x sigma space) is smooth.  So at a sample point of every block component the
invariant part of the full-space tangent space has exactly the component's
dimension, the full tangent space has the trivial-group dimension of that rank,
and the literal rank of E is the component's rank.  Omega is the engine's count
matrix at N = 4 and the literal enumeration (tests/oracle.py) at N <= 3.
"""

import itertools
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


def _literal_jacobian(model, E, omega, orbits, pivot):
    """DF / kappa on the symmetric weights, one column per pair orbit, by exact finite
    differences of the literal decimation; kappa = F(E)/E at the ``pivot`` entry."""
    i0, k0 = pivot
    kappa = _literal_map(model, E, omega)[i0, k0] / E[i0, k0]
    cols = []
    for orbit in orbits:
        D = sympy.zeros(E.rows, E.cols)
        for i, k in orbit:
            D[i, k] = 1
        dF = _derivative(model, E, D, omega) / kappa
        cols.append([dF[o[0]] for o in orbits])
    return sympy.Matrix(cols).T


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
        A = _literal_jacobian(model, E, omega, orbits,
                              next(o[0] for o in orbits if E[o[0]] != 0))
        values = linearize(model, reported).eigenvalues
        assert set(values) <= {0, 1, model.scale}
        expected = sympy.prod([lam - v for v in values]) * (lam - model.scale)
        assert sympy.expand(A.charpoly(lam).as_expr() - expected) == 0


# -- the isotypic blocks on types (rg/typeblocks, fixedpoints/typeclassify) ----------------
def _type_model(width, **overrides):
    """Binary heaviside (W, b in {-1, 1}, h in {0, 1}, L = 1) at ``width``."""
    from symrg.model.network import Model, paper_model as pm
    d = pm(width=width, **overrides).to_dict()
    return Model.from_dict(d, max_states=max(4096, 4 ** width))


def _row_literal_omega(model):
    """Omega[h, s] = prod_i #{(row w, b) : sigma(w . h + b) = s_i}, each row of W and its
    bias enumerated literally (rows are independent, Eq. 21); no engine code."""
    N = model.width
    out = {}
    for h in model.h_states:
        per = {}
        for w in itertools.product(model.W_values, repeat=N):
            for b in model.b_values:
                x = model.activation(sum(wi * hi for wi, hi in zip(w, h)) + b)
                per[x] = per.get(x, 0) + 1
        for s in model.sigma_states:
            out[(h, s)] = sympy.prod([per.get(x, 0) for x in s])
    return sympy.Matrix(len(model.h_states), len(model.sigma_states),
                        lambda i, j: out[(model.h_states[i], model.sigma_states[j])])


def _size(model, config, side):
    values = model.h_values if side == "h" else model.sigma_values
    return sum(1 for x in config if x == values[1])


def _overlap(model, h, s):
    return sum(1 for a, b in zip(h, s) if a == model.h_values[1] and b == model.sigma_values[1])


def _full_from_types(model, weights):
    """The 2^N x 2^N matrix E[h, s] = a[|h|][|s|] of a type point (p <= 3: rational)."""
    def val(v):
        c = v.coeffs()
        assert v.degree() <= 0
        return sympy.Rational(int(c[0].p), int(c[0].q)) if c else sympy.Integer(0)
    return sympy.Matrix(len(model.h_states), len(model.sigma_states),
                        lambda i, j: val(weights[_size(model, model.h_states[i], "h")]
                                         [_size(model, model.sigma_states[j], "s")]))


@pytest.mark.parametrize("width", [2, 3, 4, 5])
def test_type_blocks_are_the_symmetry_blocks(width):
    """Labels, sizes N - 2j + 1 and ranks of M_j equal those of the configuration blocks
    (Young bases, rg/symmetry); M_j = 0 for j > 0; F equals Omega (literal rows)."""
    from symrg.rg.symmetry import block_counts, symmetry_blocks
    from symrg.rg.typeblocks import type_blocks, type_counts
    model = _type_model(width)
    tb = type_blocks(model)
    sb = [b for b in symmetry_blocks(model) if b.size]
    Ms = [M for b, M in zip(symmetry_blocks(model), block_counts(model)) if b.size]
    assert [(b.label, b.size, b.size, b.dimension) for b in tb] == \
        [(b.label, b.h_multiplicity, b.sigma_multiplicity, b.dimension) for b in sb]
    assert [b.size for b in tb] == [width - 2 * j + 1 for j in range(width // 2 + 1)]
    assert [b.counts.rank() for b in tb] == [_fmpq(M).rank() for M in Ms]
    assert all(b.counts.rank() == 0 for b in tb[1:])
    omega = _row_literal_omega(model)
    F = type_counts(model)
    for i, h in enumerate(model.h_states):
        for j, s in enumerate(model.sigma_states):
            f = F[_size(model, h, "h")][_size(model, s, "s")]
            assert omega[i, j] == sympy.Rational(int(f.p), int(f.q))


@pytest.mark.parametrize("width", [2, 3, 4])
def test_type_block_map_is_the_literal_product(width):
    """For a random invariant E (every overlap t its own weight), the blocks of E Omega^T E
    (product of the full matrices, literal Omega) are E_j M_j E_j, and the block map
    inverts exactly (orbits_from_blocks)."""
    import random
    from symrg.rg.typeblocks import (blocks_from_orbits, orbits_from_blocks, type_blocks,
                                     type_pair_orbits)
    model = _type_model(width)
    rng = random.Random(width)
    w = {o: flint.fmpq(rng.randint(-9, 9), rng.randint(1, 4)) for o in type_pair_orbits(width)}
    assert len(w) == sympy.binomial(width + 3, 3)
    blocks = blocks_from_orbits(width, w)
    assert orbits_from_blocks(width, blocks) == w

    def orbit(h, s):
        return (_size(model, h, "h"), _size(model, s, "s"), _overlap(model, h, s))
    n = len(model.h_states)
    E = flint.fmpq_mat(n, n, [w[orbit(h, s)] for h in model.h_states for s in model.sigma_states])
    P = E * _fmpq(_row_literal_omega(model).T) * E
    got = blocks_from_orbits(width, {orbit(h, s): P[i, j] for i, h in enumerate(model.h_states)
                                     for j, s in enumerate(model.sigma_states)})
    for B, Bp, b in zip(blocks, got, type_blocks(model)):
        assert Bp == B * b.counts * B


def _key(c):
    return (c.rank, c.dimension, c.multiplicities, tuple((x.label, x.rank) for x in c.choices))


@pytest.mark.parametrize("width", [4, 5, 6])
def test_type_classification_equals_the_configuration_blocks_and_the_type_space(width):
    """The components on types equal (i) those of the configuration blocks (rg/symmetry,
    S_N acting on 2^N configurations) and (ii) the trivial-group classification of the
    type problem a (D F^T D) a = kappa a ((N+1) x (N+1), family_components)."""
    from symrg.fixedpoints.analysis import family_components
    from symrg.fixedpoints.typeclassify import _dfd, type_components
    model = _type_model(width)
    comps = type_components(model)
    assert [_key(c) for c in comps] == [_key(c) for c in symmetric_components(model)]
    full = family_components(width + 1, width + 1, _dfd(model).rank(), 2)
    assert sorted((c.rank, c.multiplicities, c.dimension) for c in comps) == sorted(full)


@pytest.mark.parametrize("width,scale", [(2, 2), (3, 3), (4, 2), (5, 2), (6, 2)])
def test_type_points_are_literal_fixed_points(width, scale):
    """Every reported point, as the full matrix E[h, s] = a[|h|][|s|], satisfies
    E (Omega^T E)^(p-1) = kappa E exactly with Omega enumerated row by row, has the
    component's rank, and (N <= 4) its invariant tangent space has the component's
    dimension (smooth stratum)."""
    from symrg.fixedpoints.typeclassify import type_fixed_points
    model = _type_model(width, scale=scale)
    ta = type_fixed_points(model)
    assert ta.complete and ta.points
    M = _fmpq(_row_literal_omega(model).T)
    orbits = None
    for pt in ta.points:
        E = _fmpq(_full_from_types(model, pt.weights))
        F = E
        for _ in range(scale - 1):
            F = F * M * E
        i, k = next((i, k) for i in range(E.nrows()) for k in range(E.ncols()) if E[i, k] != 0)
        kappa = F[i, k] / E[i, k]
        assert kappa != 0 and F == E * kappa
        assert E.rank() == pt.component.rank
        assert all(E[i, k] != 0 for i in range(E.nrows()) for k in range(E.ncols())) == \
            (pt.kind != "zero_weight")
        if width <= 4 and scale == 2:
            orbits = orbits or coupling_basis(model).pair_orbits
            E1 = E * (1 / kappa)
            T = _tangent_map(E1, M)
            P = flint.fmpq_mat(E.nrows() * E.ncols(), len(orbits))
            for o, orbit in enumerate(orbits):
                for i, k in orbit:
                    P[i * E.ncols() + k, o] = 1
            assert _kernel_dim(T * P) == pt.component.dimension


@pytest.mark.parametrize("width,scale", [(2, 2), (3, 2), (2, 3)])
def test_type_spectrum_equals_finite_differences_of_a_literal_decimation(width, scale):
    """The spectrum of every type point (by multiplicity, in {0, 1, p}) is that of
    A = DF/kappa on the symmetric E (one p removed: the scale direction), with DF taken by
    exact finite differences of the literal decimation (every W, b, h summed)."""
    from symrg.fixedpoints.typeclassify import type_fixed_points
    model = _type_model(width, scale=scale)
    omega = _omega(model)
    orbits = coupling_basis(model).pair_orbits
    lam = sympy.Symbol("lam")
    for pt in type_fixed_points(model).points:
        assert {v for v, _, _ in pt.spectrum} <= {0, 1, scale}
        assert sum(m for _, m, _ in pt.spectrum) == len(orbits) - 1
        E = _full_from_types(model, pt.weights)
        A = _literal_jacobian(model, E, omega, orbits, orbits[0][0])
        expected = sympy.prod([(lam - v) ** m for v, m, _ in pt.spectrum]) * (lam - scale)
        assert sympy.expand(A.charpoly(lam).as_expr() - expected) == 0


def test_type_spectrum_equals_the_configuration_linearisation():
    """At N = 4 the spectrum by sector equals that of symrg.fixedpoints.linearize at the
    configuration classification's samples (same components)."""
    from collections import Counter
    from symrg.fixedpoints.analysis import find_fixed_points
    from symrg.fixedpoints.linearize import linearize
    from symrg.fixedpoints.typeclassify import type_fixed_points
    model = _type_model(4)
    fp = find_fixed_points(model, equations=False)
    old = {(f.rank, f.dimension): Counter(zip(linearize(model, f).eigenvalues,
                                              linearize(model, f).sectors))
           for f in fp.families}
    new = {(p.component.rank, p.component.dimension): Counter(
        {(sympy.Integer(v), s): m for v, m, s in p.spectrum})
        for p in type_fixed_points(model).points}
    assert set(old) == set(new) and len(old) == 3
    for key in old:
        assert sorted((v, m) for (v, _), m in old[key].items()) == \
            sorted((v, m) for (v, _), m in new[key].items())


@pytest.mark.parametrize("width,scale", [(2, 3), (3, 2)])
def test_rg_step_on_types_is_the_literal_decimation(width, scale):
    """decimate_on_types (blocks, polynomial in N) equals the literal decimation (every W,
    b, h summed, tests/oracle.py) of an invariant E with overlap-dependent weights."""
    import random
    from symrg.rg.typeblocks import decimate_on_types, type_pair_orbits
    model = _type_model(width, scale=scale)
    rng = random.Random(7)
    w = {o: flint.fmpq(rng.randint(1, 9), rng.randint(1, 3)) for o in type_pair_orbits(width)}

    def orbit(h, s):
        return (_size(model, h, "h"), _size(model, s, "s"), _overlap(model, h, s))
    def entry(i, j):
        v = w[orbit(model.h_states[i], model.sigma_states[j])]
        return sympy.Rational(int(v.p), int(v.q))
    E = sympy.Matrix(len(model.h_states), len(model.sigma_states), entry)
    got = decimate_on_types(model, w)
    lit = _literal_map(model, E, _omega(model))
    for i, h in enumerate(model.h_states):
        for j, s in enumerate(model.sigma_states):
            v = got[orbit(h, s)]
            assert lit[i, j] == sympy.Rational(int(v.p), int(v.q))


@pytest.mark.parametrize("width,scale", [(2, 2), (3, 2), (2, 3), (3, 3)])
def test_renormalized_dna_on_types_is_the_configuration_decimation(width, scale):
    """Eq. 22 on types (sums over intermediate configurations by size) equals the engine's
    renormalized weights on configurations, entry by entry, as polynomials in u."""
    from symrg.lattice.weights import U
    from symrg.rg.decimation import renormalized_weights
    from symrg.rg.typeblocks import renormalized_dna_on_types
    model = _type_model(width, scale=scale)
    E = renormalized_weights(model)
    T = renormalized_dna_on_types(model)
    for i, h in enumerate(model.h_states):
        for j, s in enumerate(model.sigma_states):
            poly = T[_size(model, h, "h")][_size(model, s, "s")]
            value = sum(sympy.Rational(int(c.p), int(c.q)) * U ** (-e)
                        for e, c in enumerate(poly.coeffs()))
            assert sympy.expand(value - E[i, j]) == 0


@pytest.mark.parametrize("width", [3, 4])
def test_type_route_on_a_sign_network(width):
    """h in {-1, 1}, sign activation, b in {-1/2, 1/2} (never zero pre-activation): the type
    classification equals the configuration blocks', and its points are literally fixed."""
    from symrg.fixedpoints.typeclassify import type_fixed_points
    model = _type_model(width, values={"W": [-1, 1], "b": ["-1/2", "1/2"], "h": [-1, 1]},
                        activation={"name": "sign"})
    ta = type_fixed_points(model)
    assert [_key(p.component) for p in ta.points] == \
        [_key(c) for c in symmetric_components(model)]
    M = _fmpq(_row_literal_omega(model).T)
    for pt in ta.points:
        E = _fmpq(_full_from_types(model, pt.weights))
        F = E * M * E
        assert F == E * (F[0, 0] / E[0, 0]) and E.rank() == pt.component.rank
