"""eager_cells.py - recurrent cells written as PyTorch users write them: a
Python loop over time of small tensor operations, autograd through it.
The equations of the rnnc examples, one definition each, shared by the
language-model twins (cells_charlm.py), the rnnc PyTorch module tests
(test/Integration/torch_module_parity.py) and bench/torch_module.sh.

Each function takes X [T, B, I], a tuple of [B, H] states and the
parameters, and returns (the outputs stacked [T, B, H], the final states).
Weights are used as x @ W ([in, out]), as rnnc declares them.
"""
import torch
from torch.nn import functional as F


def fused_gates(x, h, W, b):
    """The four gate pre-activations of one matrix over [x_t, h_{t-1}]."""
    return torch.chunk(torch.cat((x, h), 1) @ W + b, 4, 1)


def lnlstm_steps(X, state, W, b, norms):
    """examples/lnlstm_lm.rnn's layer-norm LSTM; `norms` five callables
    (nn.LayerNorm modules, or layer norms over given weights): the gates
    i, f, g, o, then the cell state."""
    H, C = state
    outputs = []
    for x in X:
        i, f, g, o = (ln(v) for ln, v in zip(norms, fused_gates(x, H, W, b)))
        C = torch.sigmoid(f) * C + torch.sigmoid(i) * torch.tanh(g)
        H = torch.sigmoid(o) * torch.tanh(norms[4](C))
        outputs.append(H)
    return torch.stack(outputs), (H, C)


def slstm_steps(X, state, W, b):
    """examples/slstm_lm.rnn's sLSTM (xLSTM): exponential gates with the
    stabiliser state m and the normaliser state n."""
    H, C, N, M = state
    outputs = []
    for x in X:
        z, i, f, o = fused_gates(x, H, W, b)
        M_next = torch.maximum(f + M, i)
        i_gate = torch.exp(i - M_next)
        f_gate = torch.exp(f + M - M_next)
        C = f_gate * C + i_gate * torch.tanh(z)
        N = f_gate * N + i_gate
        M = M_next
        H = torch.sigmoid(o) * (C / N)
        outputs.append(H)
    return torch.stack(outputs), (H, C, N, M)


def lstm_steps(X, state, p):
    """examples/lstm_scratch.rnn's LSTM (d2l 10.1) from its equations; `p`
    maps W_xi, W_hi, b_i, ... (the example's names) to tensors."""
    H, C = state
    outputs = []
    for x in X:
        i = torch.sigmoid(x @ p['W_xi'] + H @ p['W_hi'] + p['b_i'])
        f = torch.sigmoid(x @ p['W_xf'] + H @ p['W_hf'] + p['b_f'])
        o = torch.sigmoid(x @ p['W_xo'] + H @ p['W_ho'] + p['b_o'])
        c_tilde = torch.tanh(x @ p['W_xc'] + H @ p['W_hc'] + p['b_c'])
        C = f * C + i * c_tilde
        H = o * torch.tanh(C)
        outputs.append(H)
    return torch.stack(outputs), (H, C)


def gru_steps(X, state, p):
    """examples/gru_scratch.rnn's GRU (d2l 10.2) from its equations, the
    reset gate applied before the product; `p` maps W_xz, W_hz, b_z, ...
    to tensors."""
    (H,) = state
    outputs = []
    for x in X:
        z = torch.sigmoid(x @ p['W_xz'] + H @ p['W_hz'] + p['b_z'])
        r = torch.sigmoid(x @ p['W_xr'] + H @ p['W_hr'] + p['b_r'])
        h_tilde = torch.tanh(x @ p['W_xh'] + (r * H) @ p['W_hh'] + p['b_h'])
        H = z * H + (1 - z) * h_tilde
        outputs.append(H)
    return torch.stack(outputs), (H,)


def rnn_steps(X, state, p):
    """examples/rnn_scratch.rnn's RNN (d2l 9.5): H = tanh(X W_xh + H W_hh +
    b_h)."""
    (H,) = state
    outputs = []
    for x in X:
        H = torch.tanh(x @ p['W_xh'] + H @ p['W_hh'] + p['b_h'])
        outputs.append(H)
    return torch.stack(outputs), (H,)


def layer_norm_over(weight, bias, eps=1e-5):
    """A layer norm over the last dimension with the given parameters."""
    return lambda v: F.layer_norm(v, (v.shape[-1],), weight, bias, eps)


def for_module(cell, params):
    """The eager twin of the rnnc cell module `cell` (examples/torch/: an
    `X, state -> outputs, final states` function) over the module's
    parameters, by name."""
    if cell == "lstm_cell":
        return lambda X, s: lstm_steps(X, s, params)
    if cell == "gru_cell":
        return lambda X, s: gru_steps(X, s, params)
    if cell == "rnn_cell":
        return lambda X, s: rnn_steps(X, s, params)
    if cell == "lnlstm_cell":
        norms = [layer_norm_over(params[f"ln_lstm.ln_{g}.weight"],
                                 params[f"ln_lstm.ln_{g}.bias"])
                 for g in "ifgoc"]
        return lambda X, s: lnlstm_steps(
            X, s, params["ln_lstm.W"], params["ln_lstm.b"], norms)
    if cell == "slstm_cell":
        return lambda X, s: slstm_steps(
            X, s, params["slstm.W"], params["slstm.b"])
    raise ValueError(f"unknown cell {cell}")


def initial_state(cell, batch, hidden, dtype, generator):
    """Random initial states of `cell` (the sLSTM's normaliser positive,
    its stabiliser zero)."""
    count = {"slstm_cell": 4, "gru_cell": 1, "rnn_cell": 1}.get(cell, 2)
    states = [torch.randn(batch, hidden, dtype=dtype, generator=generator)
              for _ in range(count)]
    if cell == "slstm_cell":
        states[2] = states[2].abs() + 1
        states[3] = torch.zeros(batch, hidden, dtype=dtype)
    return tuple(states)
