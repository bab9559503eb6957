#!/usr/bin/python3
"""Peer timings for bench/estimators.bench.ts (issue 3), run in the same session as our side.

Usage: /usr/bin/python3 bench/peers/estimators_peer.py <manifest.json>

The manifest lists cases; each names raw little-endian float64 / int32 files written by the TypeScript bench, so
both sides time the same data. Prints one JSON object: {"results": [{"name", "seconds" (CPU), "wall", "value", "note"}]}.
Timing: best of `reps` runs after one warm-up (same protocol as the TypeScript side), CPU time of this
process (time.process_time; everything timed here is single-threaded) and wall clock.
"""
import json
import sys
import time

import numpy as np
from scipy.spatial import cKDTree
from scipy.special import digamma
from sklearn.feature_selection._mutual_info import _compute_mi_cc, _compute_mi_cd
from sklearn.metrics import mutual_info_score


def best_of(fn, reps):
    """Best CPU time (time.process_time) and best wall time over reps runs after a warm-up."""
    fn()
    best = float("inf")
    best_wall = float("inf")
    value = None
    for _ in range(reps):
        w = time.perf_counter()
        t = time.process_time()
        value = fn()
        best = min(best, time.process_time() - t)
        best_wall = min(best_wall, time.perf_counter() - w)
    return (best, best_wall), value


def kl_entropy(x, k):
    n, d = x.shape
    dist = cKDTree(x).query(x, k + 1, p=np.inf)[0][:, k]
    return digamma(n) - digamma(k) + d * np.log(2) + d * np.mean(np.log(dist))


def main():
    manifest = json.load(open(sys.argv[1]))
    out = []
    for case in manifest["cases"]:
        kind = case["kind"]
        reps = case["reps"]
        k = case.get("k", 3)
        note = ""
        if kind == "ksg":
            x = np.fromfile(case["x"], dtype="<f8")
            y = np.fromfile(case["y"], dtype="<f8")
            (secs, wall), val = best_of(lambda: _compute_mi_cc(x, y, k), reps)
        elif kind == "mixed":
            x = np.fromfile(case["x"], dtype="<f8")
            labels = np.fromfile(case["labels"], dtype="<i4")
            (secs, wall), val = best_of(lambda: _compute_mi_cd(x, labels, k), reps)
        elif kind == "kl":
            x = np.fromfile(case["x"], dtype="<f8").reshape(-1, 1)
            (secs, wall), val = best_of(lambda: kl_entropy(x, k), reps)
            note = "scipy cKDTree + formula"
        elif kind == "perm":
            x = np.fromfile(case["x"], dtype="<i4")
            y = np.fromfile(case["y"], dtype="<i4")
            m_run = case["peerPermutations"]
            rng = np.random.default_rng(0)

            def run():
                s = 0.0
                for _ in range(m_run):
                    s += mutual_info_score(x, rng.permutation(y))
                return s / m_run

            (secs, wall), val = best_of(run, reps)
            secs *= case["permutations"] / m_run
            wall *= case["permutations"] / m_run
            note = f"mutual_info_score loop, {m_run} permutations timed, scaled to {case['permutations']}"
        else:
            raise ValueError(kind)
        out.append({"name": case["name"], "seconds": secs, "wall": wall, "value": float(val), "note": note})
    print(json.dumps({"results": out}))


main()
