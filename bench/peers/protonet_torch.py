"""The PyTorch Prototypical / Matching Network the few-shot peers share (float64, CPU): an MLP encoder whose parameters
are loaded from infometa's flat layout (W_1, b_1, W_2, b_2, ..., W row-major fan_in x fan_out), the episode losses,
and helpers to turn an episode (stacked support + query rows, labels) into tensors."""
import torch


def params_from_flat(flat, sizes):
    ps, off = [], 0
    t = torch.tensor(flat, dtype=torch.float64)
    for i in range(len(sizes) - 1):
        n = sizes[i] * sizes[i + 1]
        ps.append(t[off:off + n].reshape(sizes[i], sizes[i + 1]).clone().requires_grad_())
        off += n
        ps.append(t[off:off + sizes[i + 1]].clone().requires_grad_())
        off += sizes[i + 1]
    return ps


def flat_grad(ps):
    return torch.cat([p.grad.reshape(-1) for p in ps])


def encode(ps, x, act=torch.relu):
    h = x
    n = len(ps) // 2
    for i in range(n):
        h = h @ ps[2 * i] + ps[2 * i + 1]
        if i + 1 < n:
            h = act(h)
    return h


def proto_logits(zs, ys, zq, ways):
    """-squared Euclidean distance of each query embedding to each class prototype (mean support embedding)."""
    protos = torch.stack([zs[ys == c].mean(0) for c in range(ways)])
    return -((zq[:, None, :] - protos[None, :, :]) ** 2).sum(-1)


def proto_loss(zs, ys, zq, yq, ways):
    return torch.nn.functional.cross_entropy(proto_logits(zs, ys, zq, ways), yq)


def matching_probs(zs, ys, zq, ways, tau=1.0, eps=1e-12):
    """Attention (softmax over support rows of tau * cosine similarity) summed per class."""
    us = zs / torch.sqrt((zs ** 2).sum(1, keepdim=True) + eps)
    uq = zq / torch.sqrt((zq ** 2).sum(1, keepdim=True) + eps)
    a = torch.softmax(tau * uq @ us.T, dim=1)
    return a @ torch.nn.functional.one_hot(ys, ways).to(torch.float64)


def matching_loss(zs, ys, zq, yq, ways, tau=1.0):
    p = matching_probs(zs, ys, zq, ways, tau)
    return -torch.log(p[torch.arange(len(yq)), yq]).mean()
