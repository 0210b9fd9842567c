#!/usr/bin/env python3
"""torch_module_model.py - a whole model (with its loss) as a PyTorch module.

  torch_module_model.py DIR NAME CHECKPOINT TEXT EVAL_JSON

DIR/NAME.py is examples/lstm_scratch.rnn compiled with --emit=torch, and
CHECKPOINT what `./model train --save` wrote for the same model. The
module loads the checkpoint (Module.load_checkpoint), and:
  - `m(tokens, targets)` over the held-out stream of TEXT gives the loss
    `./model eval` wrote to EVAL_JSON (1e-5);
  - its gradients equal eager PyTorch's (bench/torch/eager_cells.py's LSTM,
    one-hot input, the example's read-out, cross-entropy) on the same
    weights and batch (1e-5);
  - `m(tokens)` without targets gives the logits, and the state carries
    across calls (two halves from the carried state = the whole);
  - a missing size and a file that is no checkpoint raise exceptions.
"""
import importlib
import json
import os
import sys

import torch
from torch.nn import functional as F

from torch_parity import check_loss, held_out_stream, read_safetensors

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "bench", "torch"))
import eager_cells  # noqa: E402


def main():
    directory, name, checkpoint, text_path, eval_path = sys.argv[1:6]
    sys.path.insert(0, directory)
    module = importlib.import_module(name)
    _, meta = read_safetensors(checkpoint)
    vocab = json.loads(meta["rnnc.vocab"])
    m = module.Module(V=len(vocab))
    m.load_checkpoint(checkpoint)
    stream = held_out_stream(text_path, vocab)
    tokens, targets = stream[:-1].view(-1, 1), stream[1:].view(-1, 1)
    with torch.no_grad():
        loss, _ = m(tokens, targets)
    check_loss("module: ", eval_path, loss.item(), 1e-5)

    # Gradients of a batch of 4 streams against the eager twin.
    batch = stream[: 4 * 21].view(4, 21).T.contiguous()
    x, y = batch[:-1], batch[1:]
    loss, _ = m(x, y)
    params = dict(m.named_parameters())
    hidden = params["W_hi"].shape[0]
    zeros = (torch.zeros(4, hidden), torch.zeros(4, hidden))
    H, _ = eager_cells.lstm_steps(F.one_hot(x.long(), len(vocab)).float(),
                                  zeros, params)
    logits = H @ params["W_hq"] + params["b_q"]
    eager = F.cross_entropy(logits.reshape(-1, len(vocab)), y.reshape(-1).long())
    names = list(params)
    ours = torch.autograd.grad(loss, [params[n] for n in names])
    theirs = torch.autograd.grad(eager, [params[n] for n in names])
    err = max(((a - b).abs() / (1 + b.abs())).max().item()
              for a, b in zip(ours, theirs))
    if abs(loss.item() - eager.item()) > 1e-5 or err > 1e-5:
        sys.exit(f"FAIL: loss {loss.item()} vs eager {eager.item()}, "
                 f"gradient error {err:.3g}")
    print(f"ok: module: loss and {len(names)} gradients equal eager "
          f"PyTorch's (max error {err:.1e})")

    # Logits without targets; the state carried between calls.
    with torch.no_grad():
        whole, _ = m(x)
        first, state = m(x[:10])
        second, _ = m(x[10:], state=state)
    if whole.shape != (20, 4, len(vocab)) or not torch.allclose(
            torch.cat([first, second]), whole, atol=1e-6):
        sys.exit("FAIL: logits of two halves from the carried state differ "
                 "from the whole")
    print(f"ok: module: logits {list(whole.shape)}; two halves with the "
          "carried state equal the whole")

    # Errors: a size the parameters need and nobody gave; files that are
    # not the model's checkpoint.
    for what, call in (
            ("no vocabulary size", lambda: module.Module()),
            ("not a checkpoint", lambda: m.load_checkpoint(text_path))):
        try:
            call()
        except (TypeError, ValueError) as e:
            print(f"ok: module: {what}: {type(e).__name__}: {e}")
        else:
            sys.exit(f"FAIL: {what}: no exception")


if __name__ == "__main__":
    main()
