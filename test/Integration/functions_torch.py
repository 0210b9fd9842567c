#!/usr/bin/env python3
"""functions_torch.py - Inputs/functions.rnn written in PyTorch.

  functions_torch.py CHECKPOINT TEXT EVAL_JSON

Loads the checkpoint `./functions train --save` wrote, runs the cell with
PyTorch's own functions (F.softplus, F.silu, F.gelu(approximate='tanh'),
torch.abs, torch.maximum, torch.minimum, torch.pow, torch.clamp) over the
held-out stream of TEXT (d2l preprocessing, the checkpoint's vocabulary,
one sequence from a zero state), and checks that its mean cross-entropy
equals the one `./functions eval` wrote to EVAL_JSON (1e-5 relative).
"""
import json
import sys

import torch
from torch.nn import functional as F

from torch_parity import check_loss, held_out_stream, read_safetensors


def cell(w, x, h):
    a = x @ w["W"] + h @ w["U"] + w["b"]
    p = F.softplus(a) + F.silu(a) + F.gelu(a, approximate="tanh") - torch.abs(a) * 0.5
    q = torch.maximum(a, torch.tensor(0.1)) - torch.minimum(torch.tensor(0.0), a) + torch.pow(torch.abs(a) + 1, 1.5) * 0.1
    r = torch.clamp(a, -0.8, 0.8) + torch.pow(a, 3) * 0.05 + torch.pow(torch.abs(a) + 0.5, -2) * 0.1
    return torch.tanh(p * 0.3 + q * 0.2 + r * 0.4 + torch.maximum(a, h) * 0.1)


def main():
    checkpoint, text_path, eval_path = sys.argv[1:4]
    w, meta = read_safetensors(checkpoint)
    w = {k: v.double() for k, v in w.items()}
    vocab = json.loads(meta["rnnc.vocab"])
    stream = held_out_stream(text_path, vocab)
    h = torch.zeros(1, w["U"].shape[0], dtype=torch.float64)
    logits = []
    for token in stream[:-1]:
        x = F.one_hot(token.view(1), len(vocab)).double()
        h = cell(w, x, h)
        logits.append(h @ w["W_out"])
    loss = F.cross_entropy(torch.cat(logits), stream[1:]).item()
    check_loss("", eval_path, loss, 1e-5, digits=8)

if __name__ == "__main__":
    main()
