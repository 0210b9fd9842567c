#!/usr/bin/python3
"""sine_d2l.py - d2l 8.1 in PyTorch, the reference for examples/sine_mlp.rnn.

The noisy sine x_t = sin(0.01 t) + N(0, 0.2), t = 1..1000; an MLP
(tau = 4 -> 10, ReLU -> 1, Xavier-uniform weights) trained on the first 600
windows, batch 16, Adam 0.01, MSE, 5 epochs; then d2l's k-step-ahead
predictions (k = 1, 4, 16, 64; each feature beyond the observed tau is the
network's own prediction) over the 933 windows of d2l's figure, and the MSE
of each beside the naive "repeat the last value" predictor.
Prints one line: RESULT {json}.
usage: OMP_NUM_THREADS=1 /usr/bin/python3 sine_d2l.py [--seed S]
"""
import argparse, json
import torch
from torch import nn

ap = argparse.ArgumentParser()
ap.add_argument('--seed', type=int, default=0)
args = ap.parse_args()
torch.manual_seed(args.seed)
torch.set_num_threads(1)

T, tau, n_train, batch, epochs, max_steps = 1000, 4, 600, 16, 5, 64
time = torch.arange(1, T + 1, dtype=torch.float32)
x = torch.sin(0.01 * time) + torch.normal(0, 0.2, (T,))
features = torch.zeros((T - tau, tau))
for i in range(tau):
    features[:, i] = x[i:T - tau + i]
labels = x[tau:].reshape((-1, 1))

net = nn.Sequential(nn.Linear(4, 10), nn.ReLU(), nn.Linear(10, 1))
for m in net:
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
loss = nn.MSELoss(reduction='none')
trainer = torch.optim.Adam(net.parameters(), 0.01)
dataset = torch.utils.data.TensorDataset(features[:n_train], labels[:n_train])
for epoch in range(epochs):
    for X, y in torch.utils.data.DataLoader(dataset, batch, shuffle=True):
        trainer.zero_grad()
        l = loss(net(X), y)
        l.sum().backward()
        trainer.step()

with torch.no_grad():
    windows = T - tau - max_steps + 1
    f = torch.zeros((windows, tau + max_steps))
    for i in range(tau):
        f[:, i] = x[i:i + windows]
    for i in range(tau, tau + max_steps):
        f[:, i] = net(f[:, i - tau:i]).reshape(-1)
    res = {'windows': windows}
    for k in (1, 4, 16, 64):
        truth = x[tau + k - 1:tau + k - 1 + windows]
        res[f'mse_k{k}'] = round(float(((f[:, tau + k - 1] - truth) ** 2).mean()), 5)
        naive = x[tau - 1:tau - 1 + windows]
        res[f'naive_mse_k{k}'] = round(float(((naive - truth) ** 2).mean()), 5)
print('RESULT ' + json.dumps(res), flush=True)
