#!/usr/bin/env python3
"""Peer for bench/multivariate.bench.ts: the Blahut–Arimoto algorithm for channel capacity in numpy (the textbook
iteration p <- p exp(D(W_x || q)) / Z with the bracket max_x D - I; there is no scipy/dit routine for it), on the same
channel, until the bracket is below the tolerance or the iteration cap. Reads a JSON request on stdin:
{"path": raw little-endian float64 X*Y, "X", "Y", "tol", "maxIter"}; prints JSON with the CPU and wall seconds, the
iterations, the bracket reached and the capacity."""
import json
import sys
import time

import numpy as np

req = json.load(sys.stdin)
W = np.fromfile(req["path"], dtype="<f8").reshape(req["X"], req["Y"])
with np.errstate(divide="ignore", invalid="ignore"):
    c0 = np.where(W > 0, W * np.log(W), 0.0).sum(axis=1)
c_start, w_start = time.process_time(), time.perf_counter()
p = np.full(req["X"], 1.0 / req["X"])
it = 0
while True:
    q = p @ W
    D = c0 - W @ np.log(q)
    lower = float(p @ D)
    upper = float(D.max())
    if upper - lower <= req["tol"] or it >= req["maxIter"]:
        break
    p = p * np.exp(D - upper)
    p /= p.sum()
    it += 1
print(json.dumps({
    "cpu": time.process_time() - c_start,
    "wall": time.perf_counter() - w_start,
    "iterations": it,
    "gap": upper - lower,
    "capacity": lower,
    "numpy": np.__version__,
}))
