#!/usr/bin/env python3
"""gpu_speed.py - PyTorch's side of scripts/gpu-check.sh on an NVIDIA GPU:
d2l's language models on The Time Machine, everything on CUDA, under the
protocol of charlm.py (whose corpus, iterator, loss and clipping it
imports): one-hot input, the state detached between batches, clip 1, SGD.

  --model lstm | gru       nn.LSTM / nn.GRU (cuDNN) under d2l's RNNModel
  --model lnlstm           cells_charlm.LNLSTM, eager (a Python loop)
  --model lstm_scratch     d2l 10.1's LSTM from its equations, eager
                           (eager_cells.lstm_steps: examples/lstm_scratch.rnn)
  --hidden H --batch B --steps T

Training: tokens/s over --timed batches after --warmup ones (the
iterator restarts when an epoch runs out), the loss read every batch as
d2l's loop does. Generation (--generate N): d2l's predict_ch8, greedy,
one token a call, tokens/s of the best of three. Prints one line
`RESULT {json}`.
"""
import argparse
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch
from torch import nn
from torch.nn import functional as F

import charlm
import cells_charlm
import eager_cells


class LSTMScratch(nn.Module):
    """examples/lstm_scratch.rnn: four gates, each its own x and h matrix
    (normal(0, 0.01)), nn.Linear-free read-out W_hq, b_q as d2l writes it."""

    def __init__(self, vocab_size, hidden):
        super().__init__()
        self.vocab_size, self.hidden = vocab_size, hidden
        normal = lambda *shape: nn.Parameter(torch.randn(*shape) * 0.01)
        self.p = nn.ParameterDict()
        for g in "ifoc":
            self.p[f"W_x{g}"] = normal(vocab_size, hidden)
            self.p[f"W_h{g}"] = normal(hidden, hidden)
            self.p[f"b_{g}"] = nn.Parameter(torch.zeros(hidden))
        self.W_hq = normal(hidden, vocab_size)
        self.b_q = nn.Parameter(torch.zeros(vocab_size))

    def forward(self, X, state):
        X = F.one_hot(X.T, self.vocab_size).type(torch.float32)
        Y, state = eager_cells.lstm_steps(X, state, self.p)
        return Y.reshape(-1, self.hidden) @ self.W_hq + self.b_q, state

    def begin_state(self, batch_size=1):
        return tuple(torch.zeros(batch_size, self.hidden) for _ in range(2))


def make_model(name, V, hidden):
    if name == "lstm":
        return charlm.RNNModel(nn.LSTM(V, hidden), V)
    if name == "gru":
        return charlm.RNNModel(nn.GRU(V, hidden), V)
    if name == "lnlstm":
        return cells_charlm.LNLSTM(V, hidden)
    if name == "lstm_scratch":
        return LSTMScratch(V, hidden)
    raise ValueError(name)


def batches(corpus, batch, steps):
    """d2l's sequential partitioning, epoch after epoch."""
    while True:
        yield from charlm.seq_data_iter_sequential(corpus, batch, steps)


def synchronize():
    if torch.cuda.is_available():
        torch.cuda.synchronize()


def train_speed(net, corpus, batch, steps, warmup, timed):
    loss = nn.CrossEntropyLoss()
    updater = torch.optim.SGD(net.parameters(), 1.0)
    state = None
    tokens, start = 0, None
    for index, (X, Y) in enumerate(batches(corpus, batch, steps)):
        if index == warmup:
            synchronize()
            start = time.perf_counter()
        if index == warmup + timed:
            break
        if state is None or X.shape[0] != batch:
            state = net.begin_state(batch_size=X.shape[0])
        else:
            state = charlm.detach_state(state)
        y = Y.T.reshape(-1)
        y_hat, state = net(X, state)
        l = loss(y_hat, y.long()).mean()
        updater.zero_grad()
        l.backward()
        charlm.grad_clipping(net, 1)
        updater.step()
        float(l)  # d2l reads the loss every batch
        if index >= warmup:
            tokens += y.numel()
    synchronize()
    return tokens / (time.perf_counter() - start)


def generation_speed(net, t2i, i2t, tokens):
    best = float("inf")
    for _ in range(3):
        synchronize()
        start = time.perf_counter()
        with torch.no_grad():
            charlm.predict("time traveller", tokens, net, t2i, i2t)
        synchronize()
        best = min(best, time.perf_counter() - start)
    return tokens / best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True,
                    choices=["lstm", "gru", "lnlstm", "lstm_scratch"])
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=35)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--timed", type=int, default=40)
    ap.add_argument("--generate", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--device", default="cuda",
                    help="cuda; cpu only to try the script where there is no GPU")
    args = ap.parse_args()
    if args.device == "cuda":
        if not torch.cuda.is_available():
            sys.exit("gpu_speed.py: PyTorch sees no CUDA device")
        torch.set_default_device("cuda")
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    corpus, i2t, t2i = charlm.load_corpus()
    net = make_model(args.model, len(i2t), args.hidden)
    result = dict(model=args.model, hidden=args.hidden, batch=args.batch,
                  steps=args.steps, torch=torch.__version__,
                  device=torch.cuda.get_device_name()
                  if args.device == "cuda" else "cpu")
    result["train_tokens_per_s"] = round(
        train_speed(net, corpus, args.batch, args.steps, args.warmup,
                    args.timed), 1)
    if args.generate:
        result["gen_tokens_per_s"] = round(
            generation_speed(net, t2i, i2t, args.generate), 1)
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
