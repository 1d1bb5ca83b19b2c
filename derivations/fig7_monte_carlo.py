"""Fig. 7 of Lee, Lee & Yi (Sec. V) redone: exact bulk G_h(r) and a depth-10^4 Monte Carlo.

Toy model of Sec. IV (N = L = 1, W, b in {-1, 1}, h in {0, 1}, Heaviside), beta = beta_v = 1.

1. Exact closed forms of the bulk connected correlation G_h(r) (Eq. 35) for the plain
   network and for the DNA at u = e^{beta_v}, checked against symrg.lattice.transfer.
2. The Monte Carlo of Sec. V (depth 10^4) with symrg.seeds.montecarlo, compared with both
   the exact curves and what Fig. 7 shows (G_h(0) ~ 0.18 plain / 0.08 DNA, a plain
   plateau at ~ 0.03).

Run: python derivations/fig7_monte_carlo.py
"""

import mpmath
import sympy
from sympy import Matrix, Rational, cancel, exp, limit, oo, symbols

from symrg import count_matrix, dna_bond_weights, paper_model
from symrg.seeds.montecarlo import PAPER_FIG7, montecarlo_record
from symrg.lattice.transfer import correlation_function, plain_transfer_matrix, transfer_matrix
from symrg.lattice.weights import U

model = paper_model()
r = symbols("r", integer=True, nonnegative=True)
u = U
print(model)
print("count matrix Omega =", count_matrix(model).tolist())

# --- 1a. plain network: the neuron chain is a Markov chain with transition Omega~ / 4 --
T_plain = plain_transfer_matrix(model)
P = T_plain / 4
assert P * Matrix([1, 1]) == Matrix([1, 1])                  # stochastic: 4 (W, b) per layer
pi = Matrix([[Rational(1, 3), Rational(2, 3)]])
assert pi * P == pi                                            # stationary law of h
assert sorted(P.eigenvals()) == [Rational(1, 4), 1]
G_plain = Rational(2, 9) * Rational(1, 4) ** r                # var(h) = 2/9, lambda_2 = 1/4
for k in range(6):                                             # brute force: P^k
    joint = (Matrix.diag(*pi) * P ** k)[1, 1]
    assert joint - pi[1] ** 2 == G_plain.subs(r, k)
print("plain network: G_h(r) =", G_plain)

# --- 1b. DNA: T = Omega E^T has equal row sums 4 (1 + 1/u) ------------------------------
T = transfer_matrix(model)
c = 4 * (1 + 1 / u)
assert all(cancel(x - c) == 0 for x in T * Matrix([1, 1]))
P_dna = (T / c).applyfunc(cancel)
lam2 = (u - 1) / (4 * (u + 1))
pi_dna = Matrix([[(u + 3) / (3 * u + 5), 2 * (u + 1) / (3 * u + 5)]])
assert all(cancel(x) == 0 for x in pi_dna * P_dna - pi_dna)
assert cancel(P_dna.trace() - 1 - lam2) == 0                   # eigenvalues 1 and lambda_2
var_dna = pi_dna[0] * pi_dna[1]
G_dna = var_dna * lam2 ** r
print("DNA: G_h(r) =", sympy.factor(var_dna), "* (", sympy.factor(lam2), ")^r")
for k in range(4):
    joint = (Matrix.diag(*pi_dna) * P_dna ** k)[1, 1]
    assert cancel(joint - pi_dna[1] ** 2 - G_dna.subs(r, k)) == 0
# beta_v -> infinity recovers the plain network (Eq. 13)
assert cancel(limit(var_dna, u, oo) - Rational(2, 9)) == 0 and limit(lam2, u, oo) == Rational(1, 4)
assert dna_bond_weights(model).subs(u, oo) == Matrix.eye(2)

# --- 1c. the closed forms equal symrg.lattice.transfer at 40 digits (u = e, beta_v = 1) ---------
distances = list(range(31))
exact_dna = correlation_function(model, distances, u=sympy.E, digits=40)
exact_plain = correlation_function(model, distances, plain=True, digits=40)
with mpmath.workdps(45):
    for k in distances:
        d1 = exact_dna[k] - mpmath.mpf(str(sympy.N(G_dna.subs({r: k, u: sympy.E}), 45)))
        d2 = exact_plain[k] - mpmath.mpf(str(sympy.N(G_plain.subs(r, k), 45)))
        assert abs(d1) <= mpmath.mpf(10) ** -38 * max(1, abs(exact_dna[k]))
        assert abs(d2) <= mpmath.mpf(10) ** -38
print("at beta_v = 1: G_dna(0) =", mpmath.nstr(exact_dna[0], 6),
      " lambda_2 =", mpmath.nstr(mpmath.mpf(str(sympy.N(lam2.subs(u, sympy.E), 20))), 6),
      "| G_plain(0) =", mpmath.nstr(exact_plain[0], 6), " lambda_2 = 1/4")

# --- 2. Monte Carlo at the paper's depth -------------------------------------------------
rec = montecarlo_record(model, depth=10_000, sweeps=2000, seed=20241017)
print(f"\nMonte Carlo: depth {rec['settings']['depth']}, {rec['settings']['sweeps']} sweeps, "
      f"{rec['bins']} jackknife bins of >= {rec['bin_size']} sweeps, tau_int = "
      f"{rec['tau_int']['dna']} (DNA) / {rec['tau_int']['plain']} (plain) sweeps")
print(f"{'r':>3} {'exact DNA':>12} {'MC DNA':>22} {'exact plain':>12} {'MC plain':>22}")
for k in range(11):
    print(f"{k:>3} {float(rec['G_exact'][k]):12.6f} {float(rec['G_mc'][k]):12.6f} "
          f"+- {float(rec['G_mc_err'][k]):.6f} {float(rec['G_exact_plain'][k]):12.6f} "
          f"{float(rec['G_mc_plain'][k]):12.6f} +- {float(rec['G_mc_plain_err'][k]):.6f}")
print("largest |z| over r = 0..30: DNA", rec["max_abs_z"], "plain", rec["max_abs_z_plain"])


def z(key, k, target):
    return abs(float(rec[key][k]) - float(target)) / float(rec[key + "_err"][k])


# MC reproduces the exact bulk values where the signal is large ...
for k in range(3):
    assert z("G_mc", k, rec["G_exact"][k]) < 3 and z("G_mc_plain", k, rec["G_exact_plain"][k]) < 3
# ... and excludes what Fig. 7 shows: G_h(0) ~ 0.08 (DNA), 0.18 (plain), plateau ~ 0.03
assert z("G_mc", 0, PAPER_FIG7["G0_dna"]) > 50 and z("G_mc_plain", 0, PAPER_FIG7["G0_plain"]) > 50
assert all(z("G_mc_plain", k, PAPER_FIG7["plateau_plain"]) > 50 for k in range(10, 31))
print("\n" + rec["comparison_with_paper"])
