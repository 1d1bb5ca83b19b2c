"""Sec. III of Lee, Lee & Yi on the paper's toy model: Hamiltonians, locality,
translation invariance, exact partition functions, the beta_v -> oo limit (Eq. 13),
and the bulk correlations behind Fig. 7.

Run: python derivations/sec3_dna_hamiltonian.py   (every assert is an exact identity)
"""

import mpmath
import sympy

from symrg import paper_model
from symrg.lattice.graph import interaction_facts
from symrg.lattice.hamiltonian import LAMBDA, SIGMA, dna_hamiltonian, original_hamiltonian
from symrg.lattice.hamiltonian import bias_symbol, neuron_symbol, weight_symbol
from symrg.lattice.partition import (partition_function, partition_function_brute_force,
                                     strong_constraint_limit)
from symrg.lattice.transfer import (correlation_function, correlation_length, mean_neuron,
                                    plain_transfer_matrix, transfer_matrix)
from symrg.lattice.weights import BETA, U

model = paper_model()
print(model)

# --- Eq. 8-9 and Eq. 14 ------------------------------------------------------------
M = 3
H_orig, H_new = original_hamiltonian(model, M), dna_hamiltonian(model, M)
print("\nOriginal Hamiltonian (Eq. 8-9):", H_orig)
print("DNA Hamiltonian (Eq. 14):", H_new)
# the bulk term is Eq. 20 times lambda
h1, h2 = neuron_symbol(1, 1, 1), neuron_symbol(2, 1, 1)
assert H_new.terms[1] == LAMBDA * (h2 - SIGMA(weight_symbol(1, 1, 1) * h1 + bias_symbol(1, 1))) ** 2

# --- Fig. 2 and Eq. 16: measured, not assumed -----------------------------------------
facts = interaction_facts(model, 6)
print("\nInteraction facts at depth 6:")
for key in ("edges_original", "edges_dna", "max_span_original_W", "max_span_dna"):
    print(f"  {key}: {facts[key]}")
print("  DNA bulk translation invariance:", facts["translation_dna"])
print("  original:", facts["translation_original"])
assert facts["max_span_dna"] == "1" and facts["max_span_original_W"] == "5"
assert facts["translation_dna"]["invariant"] and not facts["translation_original"]["invariant"]

# --- Exact partition functions (Eq. 13, 15, 18) and the limit of Eq. 13 --------------
print("\nPartition functions (x = y = 1):")
for depth in (1, 2, 3, 4):
    z = partition_function(model, depth)
    lim = strong_constraint_limit(model, depth)
    print(f"  M={depth}: Z_DNA = {z}")
    print(f"        Z_orig = {lim.original};  lim_(u->oo) Z_DNA = {lim.limit}")
    assert sympy.cancel(sympy.limit(z, U, sympy.oo) - lim.original) == 0
    if depth <= 3:
        assert sympy.expand(z - partition_function_brute_force(model, depth)) == 0
# at u = 1 (beta_v = 0) the dynamic neurons are free: for M = 3 the 32 choices of
# (W0, b0, W1, b1, h1) are free and h2 free gives (2 + 2 e^-beta) + (3 + e^-beta)
z3 = partition_function(model, 3).subs(U, 1)
assert sympy.expand(z3 - 32 * (5 + 3 * sympy.exp(-BETA))) == 0
print("  Z_DNA(M=3, u=1) =", sympy.expand(z3))

# --- Transfer matrices and Fig. 7 ----------------------------------------------------
T, Tp = transfer_matrix(model), plain_transfer_matrix(model)
print("\nT_DNA = Omega E^T =", T.tolist(), "  T_plain =", Tp.tolist())
assert (T.applyfunc(lambda e: sympy.limit(e, U, sympy.oo)) - Tp).is_zero_matrix
eigs = {sympy.factor(k): v for k, v in T.eigenvals().items()}
print("eigenvalues of T_DNA:", eigs)
expected = [4 * (U + 1) / U, (U - 1) / U]
assert all(any(sympy.cancel(k - e) == 0 for k in eigs) for e in expected)
# hence xi_DNA = 1 / ln(4 (u + 1) / (u - 1)), which -> 1 / ln 4 = xi_DNN as u -> oo
xi_exact = 1 / sympy.log(4 * (U + 1) / (U - 1))

with mpmath.workdps(20):
    g_dna = correlation_function(model, range(6), u=mpmath.e, digits=20)
    g_dnn = correlation_function(model, range(6), plain=True, digits=20)
    print("\nBulk correlations at beta_v = 1 (Fig. 7 of the paper plots Monte Carlo):")
    print("  r   G_DNA(r)          G_DNN(r)")
    for r in range(6):
        print(f"  {r}   {mpmath.nstr(g_dna[r], 12):16s}  {mpmath.nstr(g_dnn[r], 12)}")
    print("  xi_DNA =", mpmath.nstr(correlation_length(model, u=mpmath.e, digits=20), 12),
          " xi_DNN = 1/ln 4 =", mpmath.nstr(correlation_length(model, plain=True, digits=20), 12))
    print("  <h>_DNA =", mpmath.nstr(mean_neuron(model, u=mpmath.e, digits=20), 12),
          " <h>_DNN =", mpmath.nstr(mean_neuron(model, plain=True, digits=20), 12))
    xi_num = correlation_length(model, u=mpmath.e, digits=20)
    assert abs(xi_num - mpmath.mpf(sympy.N(xi_exact.subs(U, sympy.E), 30))) < mpmath.mpf(10) ** -18
    # exact DNN values: T_plain = Omega has eigenvalues 4 and 1, <h> = 2/3, G(r) = (2/9) 4^(-r)
    for r in range(6):
        assert abs(g_dnn[r] - mpmath.mpf(2) / 9 / 4 ** r) < mpmath.mpf(10) ** -18
