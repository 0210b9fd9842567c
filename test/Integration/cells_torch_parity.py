#!/usr/bin/env python3
"""cells_torch_parity.py - the benchmark's PyTorch twins of the hand-written
cells (bench/torch/cells_charlm.py) against rnnc on the same weights.

  cells_torch_parity.py MODEL CHECKPOINT TEXT EVAL_JSON

MODEL is lnlstm256 or slstm256. Loads the checkpoint `./model train --save`
wrote into the twin (its parameters renamed: the cell's prefix dropped,
layer norms ln_i .. ln_c as the twin's ln.0 .. ln.4), runs it over the
held-out stream of TEXT as torch_parity.py does, and checks its mean
cross-entropy against the one `./model eval` wrote to EVAL_JSON (1e-5):
the speed tables compare rnnc with the same model.
"""
import json
import os
import sys

import torch
from torch.nn import functional as F

from torch_parity import check_loss, held_out_stream, read_safetensors

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "torch"))
import cells_charlm  # noqa: E402

LAYER_NORMS = {"ln_i": "ln.0", "ln_f": "ln.1", "ln_g": "ln.2", "ln_o": "ln.3", "ln_c": "ln.4"}


def twin_name(name):
    parts = name.split(".")
    if parts[0] == "linear":
        return name
    parts = parts[1:]  # the cell's prefix
    parts[0] = LAYER_NORMS.get(parts[0], parts[0])
    return ".".join(parts)


def main():
    model, checkpoint, text_path, eval_path = sys.argv[1:5]
    tensors, meta = read_safetensors(checkpoint)
    vocab = json.loads(meta["rnnc.vocab"])
    net = cells_charlm.CELLS[model](len(vocab), tensors["linear.weight"].shape[1])
    net.load_state_dict({twin_name(k): v for k, v in tensors.items()})
    stream = held_out_stream(text_path, vocab)
    with torch.no_grad():
        logits, _ = net(stream[:-1].view(1, -1), net.begin_state(1))
        loss = F.cross_entropy(logits, stream[1:]).item()
    check_loss(f"{model}: ", eval_path, loss, 1e-5)

if __name__ == "__main__":
    main()
