import time, mpmath, cProfile, pstats
exec(open('/tmp/t1.py').read().split('for m in')[0])
from symrg.width import wide_chain
m = mk(1,1,[-1,1],[-1,1],[0,1],'heaviside')
for N in (100, 1000):
    t=time.time(); c=time.process_time()
    p = wide_chain(m, N, plain=True, digits=50, distances=range(31), max_states=10**6)
    print(N, time.time()-t, time.process_time()-c, p)
