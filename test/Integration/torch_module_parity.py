#!/usr/bin/env python3
"""torch_module_parity.py - rnnc cells as PyTorch modules against the same
equations written in eager PyTorch (bench/torch/eager_cells.py).

  torch_module_parity.py DIR CELL...

DIR holds the modules `rnnc compile --emit=torch` wrote (CELL.py and
CELL_rnnc.so); CELL is lstm_cell, lnlstm_cell, slstm_cell, gru_cell or
rnn_cell (examples/torch/). For each, with every parameter perturbed away from its
initial value and random initial states:
  - outputs, final states and the gradients of the inputs, the initial
    states and every parameter equal eager PyTorch's on the same weights
    (1e-5 in float32, 1e-10 in float64);
  - torch.autograd.gradcheck passes in float64 over the inputs, the
    initial states and the parameters (functional_call);
  - no_grad runs forward only (no graph); a non-contiguous input gives
    what its contiguous copy gives;
  - 20 steps of truncated BPTT (states detached between batches) with
    torch.optim.SGD and clip_grad_norm_ give eager PyTorch's losses;
  - wrong shapes, dtypes and devices raise Python exceptions that say so.
Prints one "ok:" line per check.
"""
import importlib
import os
import sys

import torch
from torch.nn.utils.stateless import functional_call

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "bench", "torch"))
import eager_cells  # noqa: E402

TOLERANCE = {torch.float32: 1e-5, torch.float64: 1e-10}


def check_close(what, got, want, dtype):
    tol = TOLERANCE[dtype]
    for g, w in zip(got, want):
        err = ((g - w).abs() / (1 + w.abs())).max().item()
        if not err <= tol:
            raise SystemExit(f"FAIL: {what}: error {err:.3g} > {tol:g}")


def check_parity(cell, info, m, dtype):
    g = torch.Generator().manual_seed(1)
    m = m.to(dtype)
    sizes = dict(T=6, B=3, I=info['input'], H=info['hidden'])
    X = torch.randn(sizes["T"], sizes["B"], sizes["I"], dtype=dtype,
                    generator=g, requires_grad=True)
    s0 = tuple(s.requires_grad_() for s in
               eager_cells.initial_state(cell, sizes["B"], sizes["H"], dtype, g))
    names = [n for n, _ in m.named_parameters()]
    params = [p for _, p in m.named_parameters()]
    Y, S = m(X, state=s0)
    eager = eager_cells.for_module(cell, dict(zip(names, params)))
    Ye, Se = eager(X, s0)
    check_close(f"{cell} {dtype} outputs", (Y, *S), (Ye, *Se), dtype)
    R = [torch.randn(t.shape, dtype=dtype, generator=g) for t in (Y, *S)]
    wrt = [X, *s0, *params]
    grads = torch.autograd.grad(sum((t * r).sum() for t, r in zip((Y, *S), R)), wrt)
    grads_e = torch.autograd.grad(sum((t * r).sum() for t, r in zip((Ye, *Se), R)), wrt)
    check_close(f"{cell} {dtype} gradients", grads, grads_e, dtype)
    print(f"ok: {cell} {str(dtype)[6:]}: outputs, states and "
          f"{len(grads)} gradients equal eager PyTorch's")


def check_gradcheck(cell, info, m):
    m = m.double()
    g = torch.Generator().manual_seed(2)
    X = torch.randn(4, 2, info['input'], dtype=torch.float64, generator=g,
                    requires_grad=True)
    s0 = tuple(s.requires_grad_() for s in
               eager_cells.initial_state(cell, 2, info['hidden'], torch.float64, g))
    names = [n for n, _ in m.named_parameters()]
    params = tuple(p.detach().clone().requires_grad_()
                   for _, p in m.named_parameters())
    n_states = len(s0)

    def f(X, *rest):
        states, weights = rest[:n_states], rest[n_states:]
        Y, S = functional_call(m, dict(zip(names, weights)), (X,),
                                          {"state": states})
        return (Y, *S)

    assert torch.autograd.gradcheck(f, (X, *s0, *params), eps=1e-6,
                                    atol=1e-7, rtol=1e-5)
    print(f"ok: {cell}: gradcheck (float64) over the input, "
          f"{n_states} states and {len(params)} parameters")


def check_modes(cell, info, m):
    m = m.float()
    X = torch.randn(5, 3, info['input']).transpose(0, 1)
    assert not X.is_contiguous()
    with torch.no_grad():
        Y, S = m(X)
    assert Y.grad_fn is None and all(s.grad_fn is None for s in S)
    Y2, _ = m(X.contiguous())
    assert torch.equal(Y, Y2.detach())
    assert Y2.grad_fn is not None
    print(f"ok: {cell}: no_grad keeps no graph; a non-contiguous input "
          "gives its contiguous copy's outputs")


def check_training(cell, info, module_class):
    """Truncated BPTT with torch.optim: the module and its eager twin from
    the same weights on the same batches."""
    torch.manual_seed(3)
    m = module_class(seed=3)
    twin = module_class(seed=3)
    names = [n for n, _ in twin.named_parameters()]
    eager = eager_cells.for_module(cell, dict(twin.named_parameters()))
    losses = {}
    for label, model, step in (("rnnc", m, lambda X, s: m(X, state=s)),
                               ("eager", twin, eager)):
        g = torch.Generator().manual_seed(4)
        opt = torch.optim.SGD(model.parameters(), lr=0.5)
        target = torch.randn(8, 4, info['hidden'], generator=g)
        state = eager_cells.initial_state(cell, 4, info['hidden'], torch.float32, g)
        trace = []
        for _ in range(20):
            X = torch.randn(8, 4, info['input'], generator=g)
            Y, state = step(X, state)
            loss = ((Y - target) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            state = tuple(s.detach() for s in state)
            trace.append(loss.item())
        losses[label] = trace
    err = max(abs(a - b) for a, b in zip(losses["rnnc"], losses["eager"]))
    if not err <= 1e-5:
        raise SystemExit(f"FAIL: {cell}: training losses differ by {err:.3g}")
    print(f"ok: {cell}: 20 SGD steps (clip_grad_norm_, detached states) "
          f"match eager PyTorch ({losses['rnnc'][0]:.4f} -> "
          f"{losses['rnnc'][-1]:.4f}, max difference {err:.1e})")


def expect_error(cell, what, kind, text, call):
    try:
        call()
    except kind as e:
        if text not in str(e):
            raise SystemExit(f"FAIL: {cell}: {what}: message '{e}' lacks "
                             f"'{text}'")
        print(f"ok: {cell}: {what}: {kind.__name__}: {e}")
        return
    raise SystemExit(f"FAIL: {cell}: {what}: no {kind.__name__}")


def check_errors(cell, info, m):
    m = m.float()
    I = info['input']
    expect_error(cell, "rank", ValueError, "must have 3 dimensions",
                 lambda: m(torch.randn(4, I)))
    expect_error(cell, "feature size", ValueError, "must have shape",
                 lambda: m(torch.randn(2, 3, I + 1)))
    expect_error(cell, "dtype", TypeError, "torch.float16",
                 lambda: m(torch.randn(2, 3, I).half()))
    expect_error(cell, "integer input", TypeError, "must be a float tensor",
                 lambda: m(torch.ones(2, 3, I, dtype=torch.int64)))
    expect_error(cell, "device", ValueError, "on the CPU",
                 lambda: m(torch.randn(2, 3, I, device="meta")))
    expect_error(cell, "input count", TypeError, "expected the tensors",
                 lambda: m(torch.randn(2, 3, I), torch.randn(2, 3, I)))
    expect_error(cell, "not a tensor", TypeError, "must be a tensor",
                 lambda: m([[0.0] * I]))
    expect_error(cell, "state count", TypeError, "state has",
                 lambda: m(torch.randn(2, 3, I), state=(torch.zeros(3, 8),) * 5))
    expect_error(cell, "state batch", ValueError, "dimension B",
                 lambda: m(torch.randn(2, 3, I), state=tuple(
                     torch.zeros(4, info['hidden']) for _ in range(info['states']))))


def main():
    directory, cells = sys.argv[1], sys.argv[2:]
    sys.path.insert(0, directory)
    for cell in cells:
        module = importlib.import_module(cell)
        m = module.Module(seed=0)
        info = dict(input=module.inputs[0]["shape"][-1],
                    hidden=module.states[0]["shape"][-1],
                    states=len(module.states))
        with torch.no_grad():  # away from ones and zeros
            g = torch.Generator().manual_seed(0)
            for p in m.parameters():
                p.add_(0.3 * torch.randn(p.shape, generator=g))
        for dtype in (torch.float32, torch.float64):
            check_parity(cell, info, m, dtype)
        check_gradcheck(cell, info, m)
        check_modes(cell, info, m)
        check_training(cell, info, module.Module)
        check_errors(cell, info, m)


if __name__ == "__main__":
    main()
