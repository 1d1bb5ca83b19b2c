"""Tests of symrg.seeds.montecarlo: samplers against exact transfer matrices and brute force."""

import itertools
import io
import json
import sys

import mpmath
import numpy as np
import pytest
import sympy

from oracle import all_layers, layer_output
from symrg import count_matrix, paper_model
from symrg.errors import ModelError, ModelTooLargeError
from symrg.model.network import Model
from symrg.seeds.montecarlo import (integrated_autocorrelation_time, layer_output_table,
                              memory_estimate, montecarlo_record, run_monte_carlo)
from symrg.lattice.transfer import correlation_function, mean_neuron

SIGN_MODEL = Model.from_dict({
    "name": "sign, L = 2", "width": 1, "data": 2, "norm": 1,
    "values": {"W": [0, 1], "b": [-1, 0, 1], "h": [-1, 0, 1]},
    "activation": {"name": "sign"}, "inputs": [[1], [-1]], "labels": [[1], [-1]],
})
WIDE_MODEL = Model.from_dict({
    "name": "heaviside, N = 2", "width": 2,
    "values": {"W": [-1, 1], "b": [-1, 1], "h": [0, 1]},
})
QUICK = dict(depth=240, sweeps=2500, boundary=30, distances=range(5), bins=25,
             progress=False)


def _z(result, exact):
    return np.abs(result.G - np.array([float(g) for g in exact])) / result.G_err


@pytest.mark.parametrize("model", [paper_model(), SIGN_MODEL, WIDE_MODEL])
def test_layer_output_table_is_the_literal_layer_map(model):
    F = layer_output_table(model)
    index = {s: j for j, s in enumerate(model.sigma_states)}
    for c, h in enumerate(model.h_states):
        literal = sorted(index[layer_output(model, W, b, h)] for W, b in all_layers(model))
        assert sorted(F[:, c].tolist()) == literal
    omega = count_matrix(model)
    counts = [np.bincount(F[:, c], minlength=omega.cols).tolist() for c in range(omega.rows)]
    assert counts == omega.tolist()


@pytest.mark.parametrize("model, beta_v", [(paper_model(), 1), (SIGN_MODEL, sympy.Rational(1, 2)),
                                           (WIDE_MODEL, 1)])
def test_dna_matches_exact_bulk_correlation(model, beta_v):
    mc = run_monte_carlo(model, beta_v=beta_v, seed=11, **QUICK)
    u = sympy.exp(beta_v)
    assert np.all(_z(mc, correlation_function(model, range(5), u=u, digits=20)) <= 3)
    assert abs(mc.mean_h - float(mean_neuron(model, u=u, digits=20))) <= 3 * mc.mean_h_err


@pytest.mark.parametrize("model", [paper_model(), SIGN_MODEL])
def test_plain_matches_exact_bulk_correlation(model):
    mc = run_monte_carlo(model, plain=True, seed=12, **QUICK)
    assert np.all(_z(mc, correlation_function(model, range(5), plain=True, digits=20)) <= 3)
    assert abs(mc.mean_h - float(mean_neuron(model, plain=True, digits=20))) \
        <= 3 * mc.mean_h_err


def test_comparison_has_power_against_a_wrong_temperature():
    # the same run compared with beta_v = 1.3 instead of 1 must be rejected
    mc = run_monte_carlo(paper_model(), beta_v=1, seed=11, **QUICK)
    wrong = correlation_function(paper_model(), range(5), u=sympy.exp(sympy.Rational(13, 10)),
                                 digits=20)
    assert np.max(_z(mc, wrong)) > 5


def _brute_force_profile(model, depth, beta, beta_v, plain):
    """<h^(m)> by literal enumeration of every (W, b) (and h for the DNA)."""
    layers = list(all_layers(model))
    x = tuple(v for vec in model.inputs for v in vec)
    y = tuple(v for vec in model.labels for v in vec)
    cost = lambda a, s: sum(abs(p - q) ** model.norm for p, q in zip(a, s))
    hidden = [()] if plain else itertools.product(model.h_states, repeat=depth - 1)
    Z, moments = mpmath.mpf(0), [mpmath.mpf(0)] * (depth + 1)
    for hs in hidden:
        for wbs in itertools.product(layers, repeat=depth):
            chain, energy = [x], mpmath.mpf(0)
            for m, (W, b) in enumerate(wbs):
                s = layer_output(model, W, b, chain[m])
                if m == depth - 1:
                    energy += beta * cost(y, s)
                    chain.append(s)
                elif plain:
                    chain.append(s)
                else:
                    energy += beta_v * cost(hs[m], s)
                    chain.append(hs[m])
            w = mpmath.exp(-energy)
            Z += w
            for m, h in enumerate(chain):
                moments[m] += w * sum(h) / len(h)
    return [float(t / Z) for t in moments]


@pytest.mark.parametrize("plain", [False, True])
def test_boundary_profile_matches_brute_force(plain):
    # depth 3, beta != beta_v, input 0 and label 0: boundary terms must be exact
    model = paper_model(inputs=[[0]], labels=[[0]])
    beta, beta_v = 2, sympy.Rational(1, 2)
    mc = run_monte_carlo(model, depth=3, sweeps=12000, beta=beta, beta_v=beta_v, seed=5,
                         distances=[0], boundary=0, plain=plain, progress=False)
    exact = _brute_force_profile(model, 3, beta, beta_v, plain)
    n = len(mc.profile)
    assert n == (4 if plain else 3)
    inner = slice(1, n)
    assert np.all(np.abs(mc.profile[inner] - exact[inner]) <= 3 * mc.profile_err[inner])
    assert mc.profile[0] == 0.0 and mc.profile_err[0] == 0.0
    swapped = _brute_force_profile(model, 3, beta_v, beta, plain)      # power check
    assert np.max(np.abs(mc.profile[inner] - swapped[inner]) / mc.profile_err[inner]) > 5


def test_seeded_runs_are_reproducible():
    kw = dict(depth=60, sweeps=50, bins=5, distances=range(3), progress=False)
    a = run_monte_carlo(paper_model(), seed=3, **kw)
    b = run_monte_carlo(paper_model(), seed=3, **kw)
    c = run_monte_carlo(paper_model(), seed=4, **kw)
    assert np.array_equal(a.G, b.G) and np.array_equal(a.profile, b.profile)
    assert not np.array_equal(a.G, c.G)


def test_integrated_autocorrelation_time_of_ar1():
    rho, n = 0.8, 200_000
    rng = np.random.Generator(np.random.PCG64(7))
    noise = rng.standard_normal(n)
    x = np.empty(n)
    x[0] = noise[0]
    for t in range(1, n):
        x[t] = rho * x[t - 1] + noise[t]
    tau, window = integrated_autocorrelation_time(x)
    exact = (1 + rho) / (2 * (1 - rho))
    assert abs(tau - exact) < 0.05 * exact and window > 0


@pytest.mark.parametrize("kwargs, match", [
    (dict(beta=0), "beta: expected a positive number"),
    (dict(beta_v=-1), "beta_v: expected a positive number"),
    (dict(beta="x"), "beta: expected a positive number"),
    (dict(sweeps=0), "sweeps: expected an integer >= 1"),
    (dict(depth=2), "depth: expected an integer >= 3"),
    (dict(distances=[-1]), "distances"),
    (dict(distances=[90]), "no bulk position"),
    (dict(bins=50), "bins: expected at most"),
])
def test_bad_input_is_refused(kwargs, match):
    args = dict(depth=100, sweeps=20, seed=0, bins=4, progress=False)
    args.update(kwargs)
    with pytest.raises(ModelError, match=match):
        run_monte_carlo(paper_model(), **args)


def test_too_deep_is_refused_before_allocating():
    need = memory_estimate(paper_model(), depth=10**12, sweeps=10)
    assert need > 10**13
    with pytest.raises(ModelTooLargeError, match=r"depth 1000000000000: .* bytes"):
        run_monte_carlo(paper_model(), depth=10**12, sweeps=10, seed=0, bins=2, progress=False)
    with pytest.raises(ModelTooLargeError, match="limit of 1,000 bytes"):
        run_monte_carlo(paper_model(), depth=100, sweeps=10, seed=0, bins=2,
                        max_bytes=1000, progress=False)


def test_plain_network_needs_outputs_among_h_values():
    model = paper_model(activation={"name": "sign"})          # outputs -1, 0, 1; h in {0, 1}
    with pytest.raises(ModelError, match="activation: output -1 is not one of values.h"):
        run_monte_carlo(model, depth=50, sweeps=10, seed=0, plain=True, bins=2,
                        progress=False)


class _Terminal(io.StringIO):
    """A stderr that claims to be a terminal, so symrg.progress draws its bars."""

    def isatty(self):
        return True


def test_progress_is_silent_off_a_terminal(capsys):
    run_monte_carlo(paper_model(), depth=30, sweeps=20, seed=0, bins=2, distances=[0])
    assert capsys.readouterr() == ("", "")            # capsys' stderr is not a TTY


def test_progress_bar_is_drawn_on_a_terminal(monkeypatch, capsys):
    """The sweeps are counted by symrg.progress (tqdm): 10 thermalising + 20 measuring."""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    run_monte_carlo(paper_model(), depth=30, sweeps=20, seed=0, bins=2, distances=[0])
    drawn = terminal.getvalue()
    assert "symrg: Monte Carlo (DNA)" in drawn and "/30 " in drawn
    assert capsys.readouterr().out == ""


def test_record_is_deterministic_json_with_parseable_numbers():
    kw = dict(depth=200, sweeps=200, seed=1, distances=range(4), bins=10, progress=False)
    rec = montecarlo_record(paper_model(), **kw)
    again = montecarlo_record(paper_model(), **kw)
    assert json.dumps(rec, sort_keys=True) == json.dumps(again, sort_keys=True)
    for key in ("G_exact", "G_exact_plain", "G_mc", "G_mc_err", "G_mc_plain",
                "G_mc_plain_err"):
        assert len(rec[key]) == 4
        assert all(sympy.sympify(v).is_Number for v in rec[key])
    assert rec["r"] == [0, 1, 2, 3] and isinstance(rec["agrees"], bool)
    assert rec["settings"] == {"depth": 200, "sweeps": 200, "thermalize": 20, "seed": 1,
                               "beta": 1, "beta_v": 1, "boundary": 25, "bins": 10}
    assert abs(sympy.Rational(rec["G_exact_plain"][1]) - sympy.Rational(1, 18)) < 1e-18
    assert "Fig. 7" in rec["comparison_with_paper"]


def test_record_without_plain_network():
    model = paper_model(activation={"name": "sign"})
    rec = montecarlo_record(model, depth=100, sweeps=40, seed=1, distances=range(3), bins=4,
                            progress=False)
    assert rec["G_mc_plain"] is None and rec["agrees_plain"] is None
    assert "not directly comparable" in rec["comparison_with_paper"]


@pytest.mark.parametrize("activation", ["heaviside", "sign"])
def test_fragment_renders_record_values(activation):
    from symrg.report import render_report
    model = paper_model(activation={"name": activation})
    rec = montecarlo_record(model, depth=100, sweeps=40, seed=2, distances=range(3), bins=4,
                            progress=False)
    tex = render_report({"montecarlo": rec})
    assert r"\section{Monte Carlo check of Fig.~7}" in tex
    from symrg.report.latex import num_filter
    assert num_filter(rec["G_mc"][1], 4) in tex and "DNA Monte Carlo" in tex
    assert r"\includegraphics" in tex and "figures/montecarlo" in tex
    assert ("plain exact" in tex) == (activation == "heaviside")
    from symrg.plots.correlations import plot_montecarlo    # the figure shows the record
    labels = [t.get_text() for t in plot_montecarlo(rec).axes[0].get_legend().get_texts()]
    assert "DNA, Monte Carlo" in labels
    assert ("plain network, exact" in labels) == (activation == "heaviside")
    assert rec["consistent"] == (float(rec["max_abs_z"]) <= float(rec["z_familywise"]))
