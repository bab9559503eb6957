#!/usr/bin/env python3
"""Peer of bench/miml.bench.ts: scikit-learn's mutual_info_score looped over pairs of tasks.

Usage: /usr/bin/python3 bench/peers/miml_peer.py <spec.json>
The spec lists cases; each names a raw int8 file holding T tasks × n labels (task-major), written by the TypeScript
benchmark in the same run. For a pair case, a seeded random sample of pairs i < j is timed (time.process_time for CPU, time.perf_counter
for wall clock) and the mean time per pair is reported (the benchmark scales it by the number of pairs); the sampled MI values are returned
so that the benchmark can check its own matrix against them. For a permutation case, `rounds` permutation rounds of
the loop `for i <= j: mutual_info_score(y_i, y_j[perm])` are timed and the mean time per round reported.
A gram case is a stronger, vectorized peer for binary tasks: every n11 at once as X^T X (one BLAS product), then the
MI of all 2 x 2 tables with NumPy array arithmetic (best of 3). Prints one JSON object on stdout.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.metrics import mutual_info_score


def load(case):
    data = np.fromfile(case["file"], dtype=np.int8).reshape(case["T"], case["n"])
    return [data[t].astype(np.int64) for t in range(case["T"])]


def pairs_case(case):
    tasks = load(case)
    T = case["T"]
    rng = np.random.default_rng(case["seed"])
    all_pairs = [(i, j) for i in range(T) for j in range(i + 1, T)]
    idx = rng.choice(len(all_pairs), size=min(case["sample"], len(all_pairs)), replace=False)
    sample = [all_pairs[k] for k in idx]
    mutual_info_score(tasks[0], tasks[1])  # warm-up
    values = []
    t0, c0 = time.perf_counter(), time.process_time()
    for i, j in sample:
        values.append(mutual_info_score(tasks[i], tasks[j]))
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"perPairMs": 1000 * elapsed / len(sample), "perPairCpuMs": 1000 * cpu / len(sample), "sampled": len(sample), "totalPairs": len(all_pairs),
            "pairs": [[int(i), int(j), float(v)] for (i, j), v in zip(sample, values)]}


def permutation_case(case):
    tasks = load(case)
    T = case["T"]
    n = case["n"]
    rng = np.random.default_rng(case["seed"])
    mutual_info_score(tasks[0], tasks[1])
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(case["rounds"]):
        perm = rng.permutation(n)
        for j in range(T):
            pj = tasks[j][perm]
            for i in range(j + 1):
                mutual_info_score(tasks[i], pj)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"perRoundMs": 1000 * elapsed / case["rounds"], "perRoundCpuMs": 1000 * cpu / case["rounds"], "rounds": case["rounds"]}


def gram_case(case):
    """All 2 x 2 tables of binary tasks at once: n11 = X^T X through one BLAS product, then a vectorized MI."""
    tasks = load(case)
    X = np.stack(tasks, axis=1).astype(np.float64)
    n = X.shape[0]

    def mi_matrix():
        n11 = X.T @ X
        ones = np.diag(n11).copy()
        a = ones[:, None]
        b = ones[None, :]
        cells = [n11, a - n11, b - n11, n - a - b + n11]
        rows = [a, a, n - a, n - a]
        cols = [b, n - b, b, n - b]
        with np.errstate(divide="ignore", invalid="ignore"):
            total = sum(np.where(c > 0, c * np.log(c * n / (r * q)), 0.0) for c, r, q in zip(cells, rows, cols))
        return np.maximum(total / n, 0.0)

    mi_matrix()
    best_wall, best_cpu = float("inf"), float("inf")
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        M = mi_matrix()
        best_wall = min(best_wall, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return {"wallMs": 1000 * best_wall, "cpuMs": 1000 * best_cpu, "values": M.ravel().tolist()}


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": []}
    for case in spec["cases"]:
        kind = case["kind"]
        out["cases"].append(pairs_case(case) if kind == "pairs" else gram_case(case) if kind == "gram" else permutation_case(case))
    print(json.dumps(out))


main()
