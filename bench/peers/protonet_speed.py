"""PyTorch timing of protoNet training episodes for bench/fewshot-speed.ts (same episodes, same initial parameters).

Usage: /usr/bin/python3 bench/peers/protonet_speed.py EPISODES.json
Reads {sizes, params, episodes: [{xs, ys, xq, yq}], ways, reps}; runs `reps` rounds of training over all episodes
(zero_grad, encoder forward on support and query, prototype loss, backward, Adam step) and prints one JSON line with
the median ms per episode (wall and process CPU time), single-threaded, float64.
"""
import json
import statistics
import sys
import time

import torch

from protonet_torch import encode, params_from_flat, proto_loss

torch.set_num_threads(1)
spec = json.load(open(sys.argv[1]))
sizes, ways = spec["sizes"], spec["ways"]
eps = [(torch.tensor(e["xs"], dtype=torch.float64).reshape(-1, sizes[0]), torch.tensor(e["ys"], dtype=torch.long),
        torch.tensor(e["xq"], dtype=torch.float64).reshape(-1, sizes[0]), torch.tensor(e["yq"], dtype=torch.long)) for e in spec["episodes"]]
ps = params_from_flat(spec["params"], sizes)
opt = torch.optim.Adam(ps, lr=1e-3)


def train_round():
    for xs, ys, xq, yq in eps:
        opt.zero_grad()
        z = encode(ps, torch.cat([xs, xq]))
        loss = proto_loss(z[: len(ys)], ys, z[len(ys):], yq, ways)
        loss.backward()
        opt.step()


train_round()  # warm-up
wall, cpu = [], []
for _ in range(spec["reps"]):
    t0, c0 = time.perf_counter(), time.process_time()
    train_round()
    wall.append((time.perf_counter() - t0) * 1000 / len(eps))
    cpu.append((time.process_time() - c0) * 1000 / len(eps))
print(json.dumps({"torch": torch.__version__, "wall_ms": statistics.median(wall), "cpu_ms": statistics.median(cpu)}))
