"""The ReLU MLP the PyTorch peers of the meta-learning benchmarks share (float64, CPU): parameters W_1, b_1, W_2, b_2, ...
with torch.nn.Linear's default init U(-1/sqrt(fan_in), 1/sqrt(fan_in)), a per-task forward pass, and a forward pass
batched over tasks (parameters expanded along a leading task dimension, torch.baddbmm)."""
import math

import torch


def make_params(sizes, gen):
    ps = []
    for i in range(len(sizes) - 1):
        a = 1.0 / math.sqrt(sizes[i])
        ps.append(((torch.rand(sizes[i], sizes[i + 1], generator=gen, dtype=torch.float64) * 2 - 1) * a).requires_grad_())
        ps.append(((torch.rand(sizes[i + 1], generator=gen, dtype=torch.float64) * 2 - 1) * a).requires_grad_())
    return ps


def forward(ps, x):
    h = x
    n = len(ps) // 2
    for i in range(n):
        h = h @ ps[2 * i] + ps[2 * i + 1]
        if i + 1 < n:
            h = torch.relu(h)
    return h


def bforward(ps, x):
    """ps[2i]: T×fin×fout, ps[2i+1]: T×1×fout, x: T×n×fin."""
    h = x
    n = len(ps) // 2
    for i in range(n):
        h = torch.baddbmm(ps[2 * i + 1], h, ps[2 * i])
        if i + 1 < n:
            h = torch.relu(h)
    return h


def expand(ps, T):
    """The parameters repeated along a leading task dimension of size T (views, no copies)."""
    return [p.unsqueeze(0).expand(T, *p.shape) if p.dim() == 2 else p.view(1, 1, -1).expand(T, 1, p.shape[0]) for p in ps]
