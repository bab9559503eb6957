"""PyTorch Prototypical Network on the letter episodes of bench/fewshot-letter.ts (same initial parameters, same
training, validation and test episodes, same optimizer and validation rule), single-threaded, float64.

Usage: /usr/bin/python3 bench/peers/protonet_letter.py EPISODES.json
Reads {sizes, ways, params, every, train, val, test} (each episode {xs, ys, xq, yq}); prints one JSON line with the
test accuracy, its 95% half-width, the per-episode accuracies and the training time.
"""
import json
import math
import sys
import time

import torch

from protonet_torch import encode, params_from_flat, proto_logits, proto_loss

torch.set_num_threads(1)
spec = json.load(open(sys.argv[1]))
sizes, ways, d = spec["sizes"], spec["ways"], spec["sizes"][0]


def tens(e):
    return (torch.tensor(e["xs"], dtype=torch.float64).reshape(-1, d), torch.tensor(e["ys"], dtype=torch.long),
            torch.tensor(e["xq"], dtype=torch.float64).reshape(-1, d), torch.tensor(e["yq"], dtype=torch.long))


train = [tens(e) for e in spec["train"]]
val = [tens(e) for e in spec["val"]]
test = [tens(e) for e in spec["test"]]
ps = params_from_flat(spec["params"], sizes)
opt = torch.optim.Adam(ps, lr=1e-3)


def loss_of(ep):
    xs, ys, xq, yq = ep
    z = encode(ps, torch.cat([xs, xq]))
    return proto_loss(z[: len(ys)], ys, z[len(ys):], yq, ways)


def val_loss():
    with torch.no_grad():
        return sum(loss_of(e).item() for e in val) / len(val)


t0 = time.process_time()
best, best_ps = val_loss(), [p.detach().clone() for p in ps]
for it, ep in enumerate(train):
    opt.zero_grad()
    loss_of(ep).backward()
    opt.step()
    if (it + 1) % spec["every"] == 0:
        v = val_loss()
        if v < best:
            best, best_ps = v, [p.detach().clone() for p in ps]
train_s = time.process_time() - t0
with torch.no_grad():
    for p, b in zip(ps, best_ps):
        p.copy_(b)
    accs = []
    for xs, ys, xq, yq in test:
        z = encode(ps, torch.cat([xs, xq]))
        pred = proto_logits(z[: len(ys)], ys, z[len(ys):], ways).argmax(1)
        accs.append((pred == yq).double().mean().item())
m = sum(accs) / len(accs)
sd = math.sqrt(sum((a - m) ** 2 for a in accs) / (len(accs) - 1))
print(json.dumps({"torch": torch.__version__, "accuracy": m, "ci95": 1.96 * sd / math.sqrt(len(accs)), "accuracies": accs, "train_s": train_s}))
