#!/usr/bin/env python3
"""torch_module_train.py - a PyTorch training loop over an rnnc module gives
what `./model train` gives from the same weights and batches.

  torch_module_train.py DIR NAME INIT TEXT METRICS FINAL SEED BATCH STEPS LR CLIP

DIR/NAME.py is a language model compiled with --emit=torch; INIT the
checkpoint `./model train --init INIT --seed SEED --batch BATCH --steps
STEPS --lr LR --clip CLIP --epochs 1 --metrics METRICS --save FINAL`
started from. The loop here rebuilds that epoch's batches (d2l's
preprocessing, the training part of TEXT, sequential partitioning at the
offset the runtime draws: mt19937_64 seeded with SEED, its portable
uniform draw, LMIterators.cpp), carries the state between batches
(detached), clips the gradients' global norm as the runtime does, and
steps torch.optim.SGD. It checks the epoch's mean loss against METRICS
and every parameter against FINAL (1e-4).
"""
import importlib
import json
import sys

import torch

from torch_parity import d2l, read_safetensors

MASK64 = (1 << 64) - 1


class MT19937_64:
    """std::mt19937_64 seeded with one value (std::mt19937_64::seed)."""

    def __init__(self, seed):
        self.mt = [seed & MASK64]
        for i in range(1, 312):
            prev = self.mt[-1]
            self.mt.append((6364136223846793005 * (prev ^ (prev >> 62)) + i) & MASK64)
        self.index = 312

    def __call__(self):
        if self.index >= 312:
            for i in range(312):
                y = (self.mt[i] & 0xFFFFFFFF80000000) | (self.mt[(i + 1) % 312] & 0x7FFFFFFF)
                v = self.mt[(i + 156) % 312] ^ (y >> 1)
                if y & 1:
                    v ^= 0xB5026F5AA96619E9
                self.mt[i] = v
            self.index = 0
        y = self.mt[self.index]
        self.index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        y ^= y >> 43
        return y & MASK64


def uniform_int(rng, low, high):
    """LMIterators.cpp's uniformInt: rejection sampling on 64-bit draws."""
    span = high - low + 1
    limit = MASK64 - MASK64 % span
    while True:
        draw = rng()
        if draw < limit:
            return low + draw % span


def sequential_batches(ids, batch, steps, offset):
    """LMIterators.cpp's sequential partitioning (shift 1)."""
    rows = (len(ids) - offset - 1) // batch
    for i in range(rows // steps):
        x = torch.empty(steps, batch, dtype=torch.int32)
        y = torch.empty(steps, batch, dtype=torch.int32)
        for b in range(batch):
            start = offset + b * rows + i * steps
            x[:, b] = torch.tensor(ids[start:start + steps])
            y[:, b] = torch.tensor(ids[start + 1:start + steps + 1])
        yield x, y


def main():
    (directory, name, init, text_path, metrics_path, final, seed, batch,
     steps, lr, clip) = sys.argv[1:12]
    seed, batch, steps = int(seed), int(batch), int(steps)
    lr, clip = float(lr), float(clip)
    sys.path.insert(0, directory)
    module = importlib.import_module(name)
    _, meta = read_safetensors(init)
    vocab = json.loads(meta["rnnc.vocab"])
    index = {tok: i for i, tok in enumerate(vocab)}
    with open(text_path, encoding="utf-8") as f:
        text = "".join(d2l(line) for line in f.read().split("\n"))
    ids = [index.get(c, 0) for c in text]
    ids = ids[: len(ids) - int(0.1 * len(ids))]  # the training part

    m = module.Module(V=len(vocab))
    m.load_checkpoint(init)
    optimizer = torch.optim.SGD(m.parameters(), lr=lr)
    offset = uniform_int(MT19937_64(seed), 0, steps)
    state, losses = None, []
    for x, y in sequential_batches(ids, batch, steps, offset):
        loss, state = m(x, y, state=state)
        optimizer.zero_grad()
        loss.backward()
        # The runtime's clipping: scaled by clip / norm when above clip.
        norm = torch.sqrt(sum((p.grad.double() ** 2).sum() for p in m.parameters()))
        if clip > 0 and norm > clip:
            for p in m.parameters():
                p.grad.mul_(float(clip / norm))
        optimizer.step()
        state = tuple(s.detach() for s in state)
        losses.append(loss.item())

    with open(metrics_path) as f:
        ours = json.loads(f.readline())["loss"]
    theirs = sum(losses) / len(losses)
    if abs(ours - theirs) > 1e-4:
        sys.exit(f"FAIL: ./model train's epoch loss {ours:.6f}, the PyTorch "
                 f"loop's {theirs:.6f}")
    final_tensors, _ = read_safetensors(final)
    worst = max(((p.detach() - final_tensors[n]).abs() /
                 (1 + final_tensors[n].abs())).max().item()
                for n, p in m.named_parameters())
    if worst > 1e-4:
        sys.exit(f"FAIL: the weights after {len(losses)} steps differ by "
                 f"{worst:.3g}")
    print(f"ok: {len(losses)} SGD steps: epoch loss ./model train "
          f"{ours:.6f}, PyTorch loop {theirs:.6f}; weights within "
          f"{worst:.1e}")


if __name__ == "__main__":
    main()
