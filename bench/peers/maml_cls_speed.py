"""PyTorch reference timings of one MAML meta-iteration for few-shot classification (float64, CPU), for
bench/meta-speed-classification.ts.

Usage: /usr/bin/python3 bench/peers/maml_cls_speed.py --sizes 64-64-64-5 --tasks 16 --shots 5 --reps 10 --threads 1
Network: an MLP with the given layer sizes and ReLU; a task is N-way (N = last size) with `shots` support and `shots`
query examples per class, softmax cross-entropy, one inner SGD step (lr 0.4), written the standard way (a Python
loop over tasks, torch.autograd.grad(create_graph=True) in the inner step). Prints one JSON object with the median
wall-clock and CPU ms per meta-iteration, second order and first order.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F

from torch_mlp import forward, make_params

p = argparse.ArgumentParser()
p.add_argument("--sizes", default="64-64-64-5")
p.add_argument("--tasks", type=int, default=16)
p.add_argument("--shots", type=int, default=5)
p.add_argument("--reps", type=int, default=10)
p.add_argument("--threads", type=int, default=1)
a = p.parse_args()
torch.set_num_threads(a.threads)
sizes = [int(v) for v in a.sizes.split("-")]
C, d = sizes[-1], sizes[0]
g = torch.Generator().manual_seed(0)
params = make_params(sizes, g)

k = a.shots * C
labels = torch.arange(k) % C
tasks = [(torch.rand(k, d, generator=g, dtype=torch.float64), torch.rand(k, d, generator=g, dtype=torch.float64)) for _ in range(a.tasks)]


def meta_gradient(first_order):
    grads = [torch.zeros_like(q) for q in params]
    for xs, xq in tasks:
        gs = torch.autograd.grad(F.cross_entropy(forward(params, xs), labels), params, create_graph=not first_order)
        fast = [q - 0.4 * gq for q, gq in zip(params, gs)]
        for acc, gq in zip(grads, torch.autograd.grad(F.cross_entropy(forward(fast, xq), labels), params)):
            acc += gq / len(tasks)
    return grads


out = {"torch": torch.__version__, "threads": torch.get_num_threads()}
for name, fo in [("so", False), ("fo", True)]:
    for _ in range(3):
        meta_gradient(fo)
    wall, cpu = [], []
    for _ in range(a.reps):
        t0, c0 = time.perf_counter(), time.process_time()
        meta_gradient(fo)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    out[f"{name}_ms"] = statistics.median(wall)
    out[f"{name}_cpu_ms"] = statistics.median(cpu)
print(json.dumps(out))
