#!/usr/bin/env python3
"""torch_parity.py - a compiled model's checkpoint, evaluated by PyTorch.

  torch_parity.py CELL CHECKPOINT TEXT EVAL_JSON [OUT]
  torch_parity.py --greedy CELL CHECKPOINT PREFIX STEPS GENERATED

CELL is rnn, gru or lstm. Loads the safetensors checkpoint written by
`./model train --save` into the matching PyTorch modules (nn.RNN/GRU/LSTM,
then nn.Linear; names and layouts are PyTorch's state_dict), re-creates the
held-out stream of TEXT with d2l's preprocessing and the checkpoint's
vocabulary, and checks that PyTorch's mean cross-entropy equals the one
`./model eval` wrote to EVAL_JSON. With OUT, PyTorch then takes one SGD
step (lr 1) on that loss and writes its weights to OUT as a checkpoint
with CHECKPOINT's metadata: the way back, for `./model eval --load OUT`.

With --greedy, PyTorch continues PREFIX (d2l's preprocessing) by STEPS
greedy tokens and checks that the text in the file GENERATED, what
`./model generate --prefix PREFIX --steps STEPS` printed, is the same: a
second path for what generation produced, not only its echoed prefix.
"""
import json
import os
import re
import struct
import sys

import torch
from torch import nn


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    meta = header.pop("__metadata__", {})
    body = data[8 + n :]
    dtypes = {"F32": torch.float32, "F64": torch.float64}
    tensors = {}
    for name, t in header.items():
        begin, end = t["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(body[begin:end]), dtype=dtypes[t["dtype"]]).reshape(t["shape"])
    return tensors, meta


def write_safetensors(path, tensors, meta):
    header, body = {"__metadata__": meta}, bytearray()
    names = {torch.float32: "F32", torch.float64: "F64"}
    for name, t in tensors.items():
        data = t.detach().contiguous().numpy().tobytes()
        header[name] = {"dtype": names[t.dtype], "shape": list(t.shape),
                        "data_offsets": [len(body), len(body) + len(data)]}
        body += data
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + bytes(body))


def load_model(cell, checkpoint):
    """The checkpoint's weights in PyTorch modules, and its metadata."""
    tensors, meta = read_safetensors(checkpoint)
    vocab = json.loads(meta["rnnc.vocab"])
    layers = 1 + max(int(k.split("_l")[-1].split("_")[0]) for k in tensors if k.startswith("rnn.weight_ih_l"))
    hidden = tensors["rnn.weight_hh_l0"].shape[1]
    module = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}[cell](len(vocab), hidden, num_layers=layers)
    linear = nn.Linear(hidden, len(vocab))
    module.load_state_dict({k[len("rnn.") :]: v for k, v in tensors.items() if k.startswith("rnn.")})
    linear.load_state_dict({k[len("linear.") :]: v for k, v in tensors.items() if k.startswith("linear.")})
    return tensors, meta, vocab, layers, module, linear


def d2l(text):
    return re.sub("[^A-Za-z]+", " ", text).strip().lower()


def held_out_stream(text_path, vocab):
    """The held-out tenth of TEXT as `./model eval` takes it: d2l
    preprocessing, ids in the checkpoint's vocabulary (0 when unknown)."""
    index = {tok: i for i, tok in enumerate(vocab)}
    with open(text_path, encoding="utf-8") as f:
        text = "".join(d2l(line) for line in f.read().split("\n"))
    ids = [index.get(c, 0) for c in text]
    return torch.tensor(ids[len(ids) - int(0.1 * len(ids)) :])


def check_loss(label, eval_path, loss, tolerance, digits=6):
    """Exits unless EVAL_JSON's loss is `loss` to `tolerance` (relative,
    absolute below 1); prints both otherwise, after `label` ("lstm x1: ",
    or nothing)."""
    with open(eval_path) as f:
        ours = json.load(f)["loss"]
    script = os.path.basename(sys.argv[0])
    if abs(ours - loss) > tolerance * max(1.0, abs(loss)):
        sys.exit(f"{script}: {label}rnnc loss {ours:.{digits}f}, PyTorch {loss:.{digits}f}")
    print(f"ok: {label}rnnc {ours:.{digits}f}, PyTorch {loss:.{digits}f}")


def greedy(cell, checkpoint, prefix, steps, generated_path):
    _, _, vocab, layers, module, linear = load_model(cell, checkpoint)
    index = {tok: i for i, tok in enumerate(vocab)}
    text = d2l(prefix)
    ids = [index.get(c, 0) for c in text]
    with torch.no_grad():
        one_hot = lambda i: nn.functional.one_hot(torch.tensor([[i]]), len(vocab)).float()
        state = None
        for i in ids[:-1]:
            _, state = module(one_hot(i), state)
        last = ids[-1]
        for _ in range(steps):
            out, state = module(one_hot(last), state)
            last = int(linear(out[0, 0]).argmax())
            text += vocab[last]
    with open(generated_path, encoding="utf-8") as f:
        ours = f.read().rstrip("\n")
    if ours != text:
        sys.exit(f"torch_parity: {cell}: rnnc generated {ours!r}, PyTorch {text!r}")
    print(f"ok: {cell} x{layers} greedy: {len(text) - len(d2l(prefix))} tokens after the prefix agree")


def main():
    if sys.argv[1] == "--greedy":
        cell, checkpoint, prefix, steps, generated = sys.argv[2:7]
        return greedy(cell, checkpoint, prefix, int(steps), generated)
    cell, checkpoint, text_path, eval_path = sys.argv[1:5]
    out_path = sys.argv[5] if len(sys.argv) > 5 else None
    tensors, meta, vocab, layers, module, linear = load_model(cell, checkpoint)
    stream = held_out_stream(text_path, vocab)
    vocab_size = len(vocab)

    x = nn.functional.one_hot(stream[:-1], vocab_size).float().unsqueeze(1)
    out, _ = module(x)
    logits = linear(out.squeeze(1))
    objective = nn.functional.cross_entropy(logits, stream[1:])
    loss = objective.item()

    with open(eval_path) as f:
        tokens = json.load(f)["tokens"]
    if tokens != len(stream):
        sys.exit(f"torch_parity: {len(stream)} held-out tokens in PyTorch, {tokens} in rnnc")
    check_loss(f"{cell} x{layers}: ", eval_path, loss, 1e-4)
    if out_path:
        objective.backward()
        with torch.no_grad():
            updated = {}
            for prefix, part in (("rnn.", module), ("linear.", linear)):
                for name, p in part.named_parameters():
                    updated[prefix + name] = p - p.grad
        write_safetensors(out_path, {k: updated.get(k, v) for k, v in tensors.items()}, meta)


if __name__ == "__main__":
    main()
