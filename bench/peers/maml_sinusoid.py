"""PyTorch reference for bench/meta-sinusoid.ts: exact second-order MAML on the sinusoid protocol, float64 on CPU.

Same protocol as the infometa side: 1-40-40-1 ReLU network with torch.nn.Linear's default init, meta-batch 25,
K = 10 support + 10 query points, inner lr 0.01, one inner step with torch.autograd.grad(create_graph=True),
Adam(lr=1e-3) outer optimizer, --iterations meta-iterations; evaluation on 600 new tasks with K = 5, 10, 20 support
points (nested, first K of 20), 100 query points, 1 and 10 adaptation steps (lr 0.01), mean MSE ± 1.96·sd/√600.

The meta-batch is processed as one batched computation (torch.baddbmm over a task dimension, parameters expanded per
task), which is mathematically identical to the per-task loop and much faster in PyTorch.

Usage: /usr/bin/python3 bench/peers/maml_sinusoid.py --iterations 70000 --threads 1 --json out.json
Prints the result row as JSON on stdout (and writes it to --json).
"""
import argparse
import json
import math
import os
import sys
import time

import torch

from torch_mlp import bforward, expand, make_params

SIZES = [1, 40, 40, 1]


def sample(gen, T, n_support, n_query):
    A = torch.rand(T, 1, 1, generator=gen, dtype=torch.float64) * 4.9 + 0.1
    ph = torch.rand(T, 1, 1, generator=gen, dtype=torch.float64) * math.pi
    xs = torch.rand(T, n_support, 1, generator=gen, dtype=torch.float64) * 10 - 5
    xq = torch.rand(T, n_query, 1, generator=gen, dtype=torch.float64) * 10 - 5
    return xs, A * torch.sin(xs - ph), xq, A * torch.sin(xq - ph)


def meta_loss(ps, batch, lr, steps=1, create_graph=True):
    xs, ys, xq, yq = batch
    T = xs.shape[0]
    fast = expand(ps, T)
    for _ in range(steps):
        # Per-task mean losses summed: the gradient w.r.t. each task's expanded copy is that task's own gradient.
        loss = ((bforward(fast, xs) - ys) ** 2).mean(dim=(1, 2)).sum()
        g = torch.autograd.grad(loss, fast, create_graph=create_graph)
        fast = [f - lr * gi for f, gi in zip(fast, g)]
    return ((bforward(fast, xq) - yq) ** 2).mean(dim=(1, 2))


def evaluate(ps, tasks, lr, shots_list=(5, 10, 20), steps_list=(1, 10)):
    xs, ys, xq, yq = tasks
    res = {}
    for K in shots_list:
        for steps in steps_list:
            per = meta_loss([p.detach().requires_grad_() for p in ps], (xs[:, :K], ys[:, :K], xq, yq), lr, steps, create_graph=False).detach()
            n = per.shape[0]
            mean = per.mean().item()
            sd = per.std(unbiased=True).item()
            res[f'K={K},steps={steps}'] = [mean, 1.96 * sd / math.sqrt(n)]
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--iterations', type=int, default=70000)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--eval-tasks', type=int, default=600)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--json', default=None)
    ap.add_argument('--first-order', action='store_true')
    ap.add_argument('--checkpoint', default=None, help='save the parameters every 2500 iterations to this JSON file')
    ap.add_argument('--eval-checkpoint', default=None, help='evaluate a checkpoint instead of training')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    name = 'pytorch ' + ('fomaml' if args.first_order else 'maml')
    if args.eval_checkpoint:
        with open(args.eval_checkpoint) as f:
            ck = json.load(f)
        ps = [torch.tensor(p, dtype=torch.float64) for p in ck['params']]
        eval_gen = torch.Generator().manual_seed(424242)
        tasks = sample(eval_gen, args.eval_tasks, 20, 100)
        row = {'learner': ck['learner'], 'iterations': ck['iterations'], 'evalTasks': args.eval_tasks,
               'seconds': ck['seconds'], 'mse': evaluate(ps, tasks, 0.01), 'threads': torch.get_num_threads(),
               'torch': torch.__version__}
        out = json.dumps([row])
        if args.json:
            with open(args.json, 'w') as f:
                f.write(out)
        print(out)
        return
    gen = torch.Generator().manual_seed(args.seed)
    ps = make_params(SIZES, gen)
    opt = torch.optim.Adam(ps, lr=1e-3)
    t0 = time.perf_counter()
    for it in range(args.iterations):
        batch = sample(gen, 25, 10, 10)
        loss = meta_loss(ps, batch, 0.01, 1, create_graph=not args.first_order).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if args.checkpoint and ((it + 1) % 2500 == 0 or it + 1 == args.iterations):
            ck = {'learner': name, 'iterations': it + 1, 'seconds': time.perf_counter() - t0,
                  'params': [p.detach().tolist() for p in ps]}
            with open(args.checkpoint + '.tmp', 'w') as f:
                json.dump(ck, f)
            os.replace(args.checkpoint + '.tmp', args.checkpoint)
        if (it + 1) % 5000 == 0:
            print(f'{time.strftime("%H:%M:%S")} torch maml {it + 1}/{args.iterations} loss {loss.item():.4f}', file=sys.stderr, flush=True)
    seconds = time.perf_counter() - t0
    eval_gen = torch.Generator().manual_seed(424242)
    tasks = sample(eval_gen, args.eval_tasks, 20, 100)
    row = {
        'learner': name,
        'iterations': args.iterations,
        'evalTasks': args.eval_tasks,
        'seconds': seconds,
        'mse': evaluate(ps, tasks, 0.01),
        'threads': torch.get_num_threads(),
        'torch': torch.__version__,
    }
    out = json.dumps([row])
    if args.json:
        with open(args.json, 'w') as f:
            f.write(out)
    print(out)


if __name__ == '__main__':
    main()
