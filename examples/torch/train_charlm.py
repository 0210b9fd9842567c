#!/usr/bin/python3
"""train_charlm.py - a character language model trained in PyTorch with an
rnnc-compiled layer-norm LSTM as its recurrent layer: an eager
nn.Embedding encoder, the rnnc module (rnnc's fused forward and derived
backward), an eager nn.Linear read-out, torch.optim, truncated BPTT with
the state detached between batches and the gradient norm clipped.

  rnnc compile examples/torch/lnlstm_cell.rnn --emit=torch -o build/lnlstm_cell
  /usr/bin/python3 examples/torch/train_charlm.py --module build/lnlstm_cell.py \\
      --data data/timemachine.txt --epochs 5

The module's input size (`const input_size`, 64) is the embedding's width;
compile with -D input_size=N -D hidden=M for other sizes. docs/torch.md.
"""
import argparse
import importlib.util
import math
import os
import re
import time

import torch
from torch import nn


def load_module(path):
    """The Python module `rnnc compile --emit=torch` wrote at `path`."""
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_corpus(path):
    """d2l's preprocessing: letters lower-cased, everything else a space."""
    with open(path, encoding="utf-8") as f:
        text = re.sub("[^A-Za-z]+", " ", f.read()).lower()
    vocab = sorted(set(text))
    index = {c: i for i, c in enumerate(vocab)}
    return torch.tensor([index[c] for c in text]), vocab


class CharLM(nn.Module):
    def __init__(self, rnnc_module, vocab_size):
        super().__init__()
        width = rnnc_module.inputs[0]["shape"][-1]
        hidden = rnnc_module.outputs[0]["shape"][-1]
        self.embed = nn.Embedding(vocab_size, width)
        self.rnn = rnnc_module.Module(seed=0)
        self.readout = nn.Linear(hidden, vocab_size)

    def forward(self, tokens, state):
        hs, state = self.rnn(self.embed(tokens), state=state)
        return self.readout(hs), state


def batches(corpus, batch, steps):
    """Sequential partitioning: row b reads its own contiguous part."""
    rows = (len(corpus) - 1) // batch
    xs = corpus[: rows * batch].view(batch, rows).T
    ys = corpus[1 : rows * batch + 1].view(batch, rows).T
    for t in range(0, rows - steps + 1, steps):
        yield xs[t : t + steps], ys[t : t + steps]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--module", required=True,
                    help="the .py file rnnc compile --emit=torch wrote")
    ap.add_argument("--data", required=True)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=35)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--max-batches", type=int, default=0,
                    help="batches per epoch (0: all)")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    corpus, vocab = read_corpus(args.data)
    model = CharLM(load_module(args.module), len(vocab))
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(1, args.epochs + 1):
        state, total, count, start = None, 0.0, 0, time.perf_counter()
        for i, (x, y) in enumerate(batches(corpus, args.batch, args.steps)):
            if args.max_batches and i == args.max_batches:
                break
            logits, state = model(x, state)
            loss = loss_fn(logits.reshape(-1, len(vocab)), y.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            state = tuple(s.detach() for s in state)
            total += loss.item() * y.numel()
            count += y.numel()
        seconds = time.perf_counter() - start
        print(f"epoch {epoch}: perplexity {math.exp(total / count):.2f}, "
              f"{count / seconds:.0f} tokens/s", flush=True)


if __name__ == "__main__":
    main()
