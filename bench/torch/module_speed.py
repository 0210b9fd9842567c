#!/usr/bin/python3
"""module_speed.py - one PyTorch training step (forward over [T, B, I],
a loss on every output, backward, SGD) with an rnnc-compiled cell module
against the same cell as eager PyTorch (eager_cells.py) on the same
weights, one thread, alternating, in one process.

  module_speed.py CELL MODULE.py [--steps 35 --batch 32 --repeat 5]

CELL is a cell of examples/torch/ (lstm_cell, lnlstm_cell, slstm_cell,
gru_cell, rnn_cell); MODULE.py
what `rnnc compile --emit=torch` wrote for it. Prints a RESULT line with
both tokens/s (the median of REPEAT timings of 10 steps, or of as many
as make 1,120 tokens where the steps are smaller, after 3 warm-up steps)
and their ratio.
"""
import argparse
import importlib.util
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eager_cells import for_module, initial_state  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cell")
    ap.add_argument("module")
    ap.add_argument("--steps", type=int, default=35)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    torch.set_num_threads(1)
    spec = importlib.util.spec_from_file_location(args.cell, args.module)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    m = module.Module(seed=0)
    width = module.inputs[0]["shape"][-1]
    hidden = module.states[0]["shape"][-1]
    eager = for_module(args.cell, dict(m.named_parameters()))
    g = torch.Generator().manual_seed(0)
    X = torch.randn(args.steps, args.batch, width, generator=g)
    R = torch.randn(args.steps, args.batch, hidden, generator=g)
    state = initial_state(args.cell, args.batch, hidden, torch.float32, g)
    opt = torch.optim.SGD(m.parameters(), lr=1e-3)
    steps = {"rnnc": lambda: m(X, state=state)[0], "eager": lambda: eager(X, state)[0]}

    def train_step(forward):
        loss = (forward() * R).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()

    calls = max(10, 1120 // (args.steps * args.batch))
    rates = {k: [] for k in steps}
    for name, forward in steps.items():
        for _ in range(3):
            train_step(forward)
    for _ in range(args.repeat):
        for name, forward in steps.items():
            start = time.perf_counter()
            for _ in range(calls):
                train_step(forward)
            rates[name].append(calls * args.steps * args.batch /
                               (time.perf_counter() - start))
    rnnc, eager_rate = (statistics.median(rates[k]) for k in ("rnnc", "eager"))
    print("RESULT " + json.dumps(dict(
        cell=args.cell, threads=torch.get_num_threads(),
        rnnc_tokens_per_s=round(rnnc), eager_tokens_per_s=round(eager_rate),
        speedup=round(rnnc / eager_rate, 2))), flush=True)


if __name__ == "__main__":
    main()
