"""PyTorch reference timing of one full-batch Adam epoch of a shared-trunk multi-task model (float64, CPU), for
bench/multitask-speed.ts: trunk d -> hidden (ReLU) -> r, one linear binary head per task, summed mean BCE losses.

Usage: /usr/bin/python3 bench/peers/multitask_speed.py --n 415 --d 72 --tasks 6 --hidden 32 --rank 8 --epochs 50 --threads 1
Prints one JSON object: median wall-clock and CPU ms per epoch.
"""
import argparse
import json
import time

import torch

p = argparse.ArgumentParser()
for name, default in [("n", 415), ("d", 72), ("tasks", 6), ("hidden", 32), ("rank", 8), ("epochs", 50), ("threads", 1)]:
    p.add_argument(f"--{name}", type=int, default=default)
a = p.parse_args()
torch.set_num_threads(a.threads)
g = torch.Generator().manual_seed(0)
x = torch.randn(a.n, a.d, generator=g, dtype=torch.float64)
y = (torch.rand(a.n, a.tasks, generator=g, dtype=torch.float64) < 0.3).to(torch.float64)
trunk = torch.nn.Sequential(torch.nn.Linear(a.d, a.hidden), torch.nn.ReLU(), torch.nn.Linear(a.hidden, a.rank)).double()
heads = torch.nn.ModuleList([torch.nn.Linear(a.rank, 1).double() for _ in range(a.tasks)])
params = list(trunk.parameters()) + list(heads.parameters())
opt = torch.optim.Adam(params, lr=0.01)
lam = 1e-3


def epoch():
    opt.zero_grad()
    h = trunk(x)
    loss = sum(torch.nn.functional.binary_cross_entropy_with_logits(heads[t](h)[:, 0], y[:, t]) for t in range(a.tasks))
    loss = loss + lam * sum((m.weight ** 2).sum() for m in heads) + lam * sum((m.weight ** 2).sum() for m in trunk if isinstance(m, torch.nn.Linear))
    loss.backward()
    opt.step()


for _ in range(5):
    epoch()
wall, cpu = [], []
for _ in range(a.epochs):
    t0, c0 = time.perf_counter(), time.process_time()
    epoch()
    wall.append((time.perf_counter() - t0) * 1000)
    cpu.append((time.process_time() - c0) * 1000)
wall.sort()
cpu.sort()
print(json.dumps({"torch": torch.__version__, "wall_ms": wall[len(wall) // 2], "cpu_ms": cpu[len(cpu) // 2]}))
