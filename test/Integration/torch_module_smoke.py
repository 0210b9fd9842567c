#!/usr/bin/env python3
"""torch_module_smoke.py - every example runs as a PyTorch module.

  torch_module_smoke.py DIR NAME...

DIR/NAME.py is an example compiled with --emit=torch. Each module is built
with every size its parameters leave to the data set to 10 (a vocabulary,
classes), called on random inputs and targets of the model's types (T=5,
B=3; token ids below 10, lengths 5), and its loss differentiated: the loss
must be finite, and some parameter must get a nonzero finite gradient.
The cells' and lstm_scratch's numbers are checked against eager PyTorch
and ./model elsewhere (torch_module_parity.py, torch_module_model.py);
this covers the rest: seq2seq's encoder-decoder and lengths, the
bidirectional tagger, the series MLP, embeddings, stacked layers.
"""
import importlib
import math
import sys

import torch


def random_tensor(module, spec, sizes, generator):
    shape = [module._evaluate(s, sizes) for s in spec["shape"]]
    if spec["dtype"] == "i32":
        if "len" in spec["name"]:
            return torch.full(shape, sizes["T"], dtype=torch.int32)
        return torch.randint(0, 10, shape, dtype=torch.int32,
                             generator=generator)
    return torch.randn(shape, generator=generator)


def main():
    directory, names = sys.argv[1], sys.argv[2:]
    sys.path.insert(0, directory)
    for name in names:
        module = importlib.import_module(name)
        free = set()
        for p in module._MANIFEST["params"]:
            for size in p["shape"]:
                free |= module._names_in(size)
        free -= set(module._MANIFEST.get("dim_requirements", {}))
        m = module.Module(seed=0, **{d: 10 for d in free})
        sizes = dict({d: 10 for d in free}, T=5, B=3,
                     **module._MANIFEST.get("dim_requirements", {}))
        g = torch.Generator().manual_seed(0)
        tensors = [random_tensor(module, spec, sizes, g)
                   for spec in module.inputs + module.targets]
        loss, state = m(*tensors)
        loss.backward()
        grads = [p.grad for p in m.parameters() if p.grad is not None]
        if not math.isfinite(loss.item()) or not grads or not all(
                torch.isfinite(x).all() for x in grads) or not any(
                x.abs().sum() > 0 for x in grads):
            sys.exit(f"FAIL: {name}: loss {loss.item()}, "
                     f"{len(grads)} gradients")
        print(f"ok: {name}: loss {loss.item():.4f}, {len(grads)} parameter "
              f"gradients, {len(state)} final states")


if __name__ == "__main__":
    main()
