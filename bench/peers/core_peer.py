#!/usr/bin/env python3
"""Peer timings for bench/core.bench.ts: scipy.stats.entropy, sklearn mutual_info_score and
adjusted_mutual_info_score on exactly the inputs the TypeScript side timed (raw little-endian files it wrote).

Run by the benchmark with Debian's interpreter (/usr/bin/python3). Request on stdin:
    {"tasks": [{"kind": "entropy" | "mi" | "ami", "files": [...], "repeats": R, "warmup": W}, ...]}
Reply on stdout:
    {"versions": {...}, "results": [{"kind", "n", "samples_ms": [...], "cpu_ms": [...], "value"}, ...]}
Each task is warmed up, then timed `repeats` times, in wall time (time.perf_counter) and process CPU time
(time.process_time); the loading of the files is not timed.
"""
import json
import platform
import sys
import time

import numpy as np
import scipy
import sklearn
from scipy.stats import entropy
from sklearn.metrics import adjusted_mutual_info_score, mutual_info_score


def run(fn, repeats, warmup):
    value = None
    for _ in range(warmup):
        value = fn()
    wall, cpu = [], []
    for _ in range(repeats):
        c0 = time.process_time()
        t0 = time.perf_counter()
        value = fn()
        t1 = time.perf_counter()
        c1 = time.process_time()
        wall.append((t1 - t0) * 1e3)
        cpu.append((c1 - c0) * 1e3)
    return wall, cpu, float(value)


def main():
    req = json.load(sys.stdin)
    results = []
    for task in req.get('tasks', []):
        kind = task['kind']
        repeats = int(task.get('repeats', 5))
        warmup = int(task.get('warmup', 1))
        if kind == 'entropy':
            p = np.fromfile(task['files'][0], dtype='<f8')
            n = p.size
            wall, cpu, value = run(lambda: entropy(p), repeats, warmup)
        elif kind in ('mi', 'ami'):
            x = np.fromfile(task['files'][0], dtype='<i4')
            y = np.fromfile(task['files'][1], dtype='<i4')
            n = x.size
            f = mutual_info_score if kind == 'mi' else adjusted_mutual_info_score
            wall, cpu, value = run(lambda: f(x, y), repeats, warmup)
        else:
            raise ValueError(f'unknown task kind {kind!r}')
        results.append({'kind': kind, 'n': int(n), 'samples_ms': wall, 'cpu_ms': cpu, 'value': value})
    versions = {
        'python': platform.python_version(),
        'numpy': np.__version__,
        'scipy': scipy.__version__,
        'sklearn': sklearn.__version__,
    }
    json.dump({'versions': versions, 'results': results}, sys.stdout)


if __name__ == '__main__':
    main()
