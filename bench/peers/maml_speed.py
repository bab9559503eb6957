"""PyTorch reference timings of one MAML meta-iteration (float64, CPU), for bench/meta-speed.ts.

Usage: /usr/bin/python3 bench/peers/maml_speed.py --threads 1 --reps 50
Prints one JSON object: ms per meta-iteration (median wall-clock time, and median CPU time of the process) for second-order and first-order MAML, written the standard way
(a Python loop over tasks, torch.autograd.grad(create_graph=True) in the inner step) and batched over tasks with bmm.
"""
import argparse
import json
import time

import torch

from torch_mlp import bforward, expand, forward, make_params


def meta_iter_loop(ps, tasks, lr, first_order):
    total = 0.0
    grads = None
    for (xs, ys, xq, yq) in tasks:
        loss = ((forward(ps, xs) - ys) ** 2).mean()
        g = torch.autograd.grad(loss, ps, create_graph=not first_order)
        fast = [p - lr * gi for p, gi in zip(ps, g)]
        lq = ((forward(fast, xq) - yq) ** 2).mean()
        total = total + lq
    total = total / len(tasks)
    grads = torch.autograd.grad(total, ps)
    return total.item(), grads


def meta_iter_batched(ps, X, lr, first_order):
    xs, ys, xq, yq = X
    T = xs.shape[0]
    ex = expand(ps, T)
    loss = ((bforward(ex, xs) - ys) ** 2).mean(dim=(1, 2)).sum()
    g = torch.autograd.grad(loss, ex, create_graph=not first_order)
    fast = [e - lr * gi for e, gi in zip(ex, g)]
    lq = ((bforward(fast, xq) - yq) ** 2).mean()
    grads = torch.autograd.grad(lq, ps)
    return lq.item(), grads


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--reps', type=int, default=50)
    ap.add_argument('--tasks', type=int, default=25)
    ap.add_argument('--shots', type=int, default=10)
    ap.add_argument('--steps', type=int, default=1)
    args = ap.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    gen = torch.Generator().manual_seed(0)
    ps = make_params([1, 40, 40, 1], gen)
    T, K = args.tasks, args.shots
    A = torch.rand(T, 1, 1, generator=gen, dtype=torch.float64) * 4.9 + 0.1
    ph = torch.rand(T, 1, 1, generator=gen, dtype=torch.float64) * torch.pi
    xs = torch.rand(T, K, 1, generator=gen, dtype=torch.float64) * 10 - 5
    xq = torch.rand(T, K, 1, generator=gen, dtype=torch.float64) * 10 - 5
    ys, yq = A * torch.sin(xs - ph), A * torch.sin(xq - ph)
    tasks = [(xs[t], ys[t], xq[t], yq[t]) for t in range(T)]
    out = {'threads': torch.get_num_threads(), 'torch': torch.__version__}
    for name, fn, data in [('loop', meta_iter_loop, tasks), ('batched', meta_iter_batched, (xs, ys, xq, yq))]:
        for fo in (False, True):
            for _ in range(5):
                fn(ps, data, 0.01, fo)
            times, cpu = [], []
            for _ in range(args.reps):
                t0, c0 = time.perf_counter(), time.process_time()
                fn(ps, data, 0.01, fo)
                cpu.append((time.process_time() - c0) * 1000)
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            cpu.sort()
            out[f'{name}_{"fo" if fo else "so"}_ms'] = times[len(times) // 2]
            out[f'{name}_{"fo" if fo else "so"}_cpu_ms'] = cpu[len(cpu) // 2]
    print(json.dumps(out))


if __name__ == '__main__':
    main()
