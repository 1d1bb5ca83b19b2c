"""Tests of symrg.seeds.training (numpy runs): enumeration, estimator, gradients, DNA vs plain."""

import itertools
import math

import numpy as np
import pytest

from symrg.errors import ModelError
from symrg.seeds.training import (constrained_velocity, dna_gradients, dna_vs_plain,
                            effective_coupling, ising_configurations, ising_probabilities,
                            plain_gradients, teacher_student_run)


def test_configurations_and_exact_nn_correlation():
    X = ising_configurations(6)
    assert X.shape == (64, 6)
    assert {tuple(r) for r in X} == set(itertools.product((-1.0, 1.0), repeat=6))
    J = 0.7
    P = ising_probabilities(X, J)
    corr = float(P @ (X[:, 0] * X[:, 1]))
    t = math.tanh(J)
    assert abs(corr - (t + t**5) / (1 + t**6)) < 1e-12  # periodic chain of 6


def test_estimator_recovers_coupling_on_long_chain():
    X = ising_configurations(10)
    P = ising_probabilities(X, 0.4)
    t = math.tanh(0.4)
    exact = (t + t**9) / (1 + t**10)
    assert abs(effective_coupling(X, P) - math.atanh(exact)) < 1e-12


def test_too_many_spins():
    with pytest.raises(ModelError, match="n_spins"):
        ising_configurations(11)


def _numeric_grad(f, params, k, idx, eps=1e-6):
    p_plus = [p.copy() for p in params]
    p_minus = [p.copy() for p in params]
    p_plus[k][idx] += eps
    p_minus[k][idx] -= eps
    return (f(p_plus) - f(p_minus)) / (2 * eps)


def test_plain_and_dna_gradients_by_finite_differences():
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(3, 2)), rng.uniform(size=(3, 2))
    params = [rng.normal(size=s) for s in [(2, 2), (2,), (2, 2), (2,)]]
    h = rng.uniform(size=(3, 2))
    _, g = plain_gradients(params, X, Y)
    _, gd, gh = dna_gradients(params, h, X, Y, 5.0)
    for k, idx in [(0, (1, 0)), (1, (0,)), (2, (0, 1)), (3, (1,))]:
        assert abs(_numeric_grad(lambda p: plain_gradients(p, X, Y)[0], params, k, idx)
                   - g[k][idx]) < 1e-7
        assert abs(_numeric_grad(lambda p: dna_gradients(p, h, X, Y, 5.0)[0], params, k, idx)
                   - gd[k][idx]) < 1e-7
    hp = h.copy(); hp[2, 1] += 1e-6
    hm = h.copy(); hm[2, 1] -= 1e-6
    fd = (dna_gradients(params, hp, X, Y, 5.0)[0] - dna_gradients(params, hm, X, Y, 5.0)[0]) / 2e-6
    assert abs(fd - gh[2, 1]) < 1e-7


def test_constrained_velocity_is_identity_metric_on_layer_one():
    rng = np.random.default_rng(4)
    X, Y = rng.normal(size=(3, 2)), rng.uniform(size=(3, 2))
    params = [rng.normal(size=s) for s in [(2, 2), (2,), (2, 2), (2,)]]
    v = constrained_velocity(params, X, Y)
    _, g = plain_gradients(params, X, Y)
    assert np.allclose(v[2], g[2]) and np.allclose(v[3], g[3])
    # layer 0 moves slower than plain GD: <v, g> > 0 and |v| < |g| (metric I + J^T J >= I)
    flat_v = np.concatenate([v[0].ravel(), v[1]])
    flat_g = np.concatenate([g[0].ravel(), g[1]])
    assert flat_v @ flat_g > 0 and np.linalg.norm(flat_v) < np.linalg.norm(flat_g)


def test_dna_approaches_constrained_flow_like_one_over_lambda():
    r = dna_vs_plain(lams=(10, 100), time=1.0, dt0=0.05)
    d10, d100 = (x["distance_to_constrained_flow"] for x in r["runs"])
    assert 5 < d10 / d100 < 20  # O(1/lam)
    assert r["constrained_vs_plain_distance"] > 10 * d100  # plain GD is not the limit


def test_teacher_student_is_seeded_and_reaches_teacher_coupling():
    a = teacher_student_run(time=40.0, seed=5, checkpoints=2)
    b = teacher_student_run(time=40.0, seed=5, checkpoints=2)
    assert a["J"] == b["J"]
    assert a["loss"][-1] < a["loss"][0]
