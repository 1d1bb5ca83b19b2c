"""Appendix A of Lee-Lee-Yi: equations of motion of the DNA (Eq. 41, 3, 4) and a numeric run.

Run:  python derivations/appendix_a_equations_of_motion.py
"""

import sympy

from symrg.seeds.appendices import (ETA, dna_network, equations_of_motion, hand_written_gradients,
                              langevin_equations, sigmoid)
from symrg.model.network import paper_model
from symrg.seeds.training import dna_vs_plain

model = paper_model(width=2)
net = dna_network(model, depth=3)
print("H_new =", net.hamiltonian)
eom = equations_of_motion(net)
hand = hand_written_gradients(net)
for s in (net.W[0][0, 1], net.b[1][0], net.h[1][0, 0]):
    print(f"Delta {s} =", eom[s])
assert all(sympy.expand(eom[s] + ETA * hand[s]) == 0 for s in eom)
print(f"all {len(eom)} equations of motion equal the hand-written forms (undefined sigma)")

snet = dna_network(model, depth=2, activation=sigmoid)
se, sh = equations_of_motion(snet), hand_written_gradients(snet)
assert all(sympy.cancel(se[s] + ETA * sh[s]) == 0 for s in se)
print("... and for the concrete sigmoid, sigma' = sigma (1 - sigma)")

lang = langevin_equations(net)
rhs, xi = lang[net.h[1][0, 0]]
print("Langevin (Eq. 4): d h/dt =", rhs, "  with <xi xi'> = 2T delta")

r = dna_vs_plain()
print(f"plain GD: cost {r['initial_cost']:.6f} -> {r['plain_cost']:.6f} at t = {r['time']}")
print(f"lam -> oo limit (constrained flow): cost {r['constrained_flow_cost']:.6f}, "
      f"distance to plain {r['constrained_vs_plain_distance']:.3e}")
for row in r["runs"]:
    print(f"lam = {row['lambda']:>5}: DNA cost {row['forward_cost']:.6f}, "
          f"max |z_dna - z_plain| {row['max_output_difference']:.2e}, "
          f"|theta_dna - theta_plain| {row['parameter_distance']:.2e}, "
          f"|theta_dna - theta_limit| {row['distance_to_constrained_flow']:.2e}, "
          f"max |h - sigma| {row['constraint_residual']:.2e}")
d = [row["distance_to_constrained_flow"] for row in r["runs"]]
assert all(5 < d[k] / d[k + 1] < 20 for k in range(1, len(d) - 1))
print("DNA -> constrained flow as 1/lam; it does NOT converge to plain GD (metric I + J^T J)")
