"""The seeds: the papers symrg re-derives, written against the engine.

* :mod:`.paper` -- the printed equations of Lee, Lee & Yi and their comparison;
* :mod:`.montecarlo` -- the Monte Carlo check of Fig. 7;
* :mod:`.appendices`, :mod:`.training` -- Appendices A and B;
* :mod:`.ising`, :mod:`.expfamily` -- the Gong-Xia 1D Ising and exponential-family RG.

The engine (``symrg.*``) never imports from here except to attach a paper
comparison to a record.
"""
