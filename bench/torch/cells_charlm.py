#!/usr/bin/python3
"""cells_charlm.py - the cells charlm.py lacks, written by hand as PyTorch
users write them, under the protocol of charlm.py beside it (whose data
pipeline, training loop and timing it imports):

  lnlstm256: examples/lnlstm_lm.rnn, the layer-norm LSTM: one matrix for
    the four gates of [x_t, h_{t-1}] (uniform +-1/sqrt(H)), nn.LayerNorm
    on each gate and on the cell state;
  slstm256: examples/slstm_lm.rnn, xLSTM's sLSTM with its stabiliser
    state (exponential input and forget gates, normaliser state).

Both: a Python loop over time, nn.Linear read-out. --mode speed prints
steady-state training tokens/s (60 batches after 10 warm-up ones) and
greedy generation tokens/s; --mode train prints perplexities like
charlm.py.
usage: OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 cells_charlm.py --model lnlstm256|slstm256 --threads 1 [--mode train]
"""
import json, os, random, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import argparse
import torch
from torch import nn
from torch.nn import functional as F
import charlm
import eager_cells


class FusedGateCell(nn.Module):
    """A cell whose four gates come from one matrix over [x_t, h_{t-1}]
    (uniform +-1/sqrt(H)) with a bias, one-hot input, nn.Linear read-out;
    `states` recurrent states of [B, H], zero at the start."""

    states = 2

    def __init__(self, vocab_size, hidden):
        super().__init__()
        self.vocab_size, self.hidden = vocab_size, hidden
        k = 1 / hidden ** 0.5
        self.W = nn.Parameter(torch.empty(vocab_size + hidden, 4 * hidden).uniform_(-k, k))
        self.b = nn.Parameter(torch.zeros(4 * hidden))
        self.linear = nn.Linear(hidden, vocab_size)

    def begin_state(self, batch_size=1):
        return tuple(torch.zeros((batch_size, self.hidden)) for _ in range(self.states))


class LNLSTM(FusedGateCell):
    def __init__(self, vocab_size, hidden):
        super().__init__(vocab_size, hidden)
        self.ln = nn.ModuleList(nn.LayerNorm(hidden) for _ in range(5))

    def forward(self, X, state):
        X = F.one_hot(X.T, self.vocab_size).type(torch.float32)
        Y, state = eager_cells.lnlstm_steps(X, state, self.W, self.b, self.ln)
        return self.linear(Y.reshape(-1, self.hidden)), state


class SLSTM(FusedGateCell):
    states = 4  # h, c, the normaliser n and the stabiliser m

    def forward(self, X, state):
        X = F.one_hot(X.T, self.vocab_size).type(torch.float32)
        Y, state = eager_cells.slstm_steps(X, state, self.W, self.b)
        return self.linear(Y.reshape(-1, self.hidden)), state


CELLS = {'lnlstm256': LNLSTM, 'slstm256': SLSTM}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', choices=sorted(CELLS), default='lnlstm256')
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--mode', choices=['speed', 'train'], default='speed')
    ap.add_argument('--epochs', type=int, default=30)
    ap.add_argument('--seed', type=int, default=0)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    corpus, i2t, t2i = charlm.load_corpus()
    n_train = int(0.9 * len(corpus))
    train, valid = corpus[:n_train], corpus[n_train:]
    net = CELLS[args.model](len(i2t), 256)
    loss = nn.CrossEntropyLoss()
    updater = torch.optim.SGD(net.parameters(), 1.0)
    res = dict(model=args.model, threads=torch.get_num_threads())
    if args.mode == 'speed':
        _, tps, _ = charlm.train_epoch(net, train, loss, updater, 32, 35,
                                       max_batches=60, warmup=10)
        res['train_tokens_per_s'] = round(tps, 1)
        res['gen_tokens_per_s_nograd'], _ = charlm.time_generation(net, t2i, i2t, no_grad=True)
    else:
        for _ in range(args.epochs):
            ppl, tps, _ = charlm.train_epoch(net, train, loss, updater, 32, 35)
        res['last_epoch_train_ppl_d2l'] = round(ppl, 3)
        res['eval_valid_ppl'] = round(charlm.evaluate_ppl(net, valid, 32, 35), 3)
    print('RESULT ' + json.dumps(res), flush=True)


if __name__ == '__main__':
    main()
