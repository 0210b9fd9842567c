#!/usr/bin/python3
"""d2l.ai ch.8/9 character-level LM on The Time Machine, reproduced for CPU anchors.

Preprocessing/iterators/training loop follow d2l (PyTorch edition, 0.17.x):
  read_time_machine: re.sub('[^A-Za-z]+', ' ', line).strip().lower(); char tokens;
  Vocab sorted by freq with '<unk>' reserved (28 tokens); corpus = lines concatenated;
  seq_data_iter_sequential(batch_size=32, num_steps=35) with random offset;
  train_epoch_ch8: state detached between batches, CE mean, grad_clipping(theta=1), SGD lr=1.
  predict_ch8: greedy argmax generation.

Usage:
  python3 charlm.py --model gru256 --threads 2 --mode speed            # steady-state tokens/s
  python3 charlm.py --model gru256 --threads 2 --mode train --epochs 30 # train/valid ppl (90/10 split)
Models: rnn512 (nn.RNN tanh 512), gru256, lstm256, lstm2x256, scratch512 (d2l 8.5 python loop RNN).
"""
import argparse, collections, json, math, os, random, re, time
import torch
from torch import nn
from torch.nn import functional as F

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'data', 'timemachine.txt')


def load_corpus():
    with open(DATA) as f:
        lines = f.readlines()
    lines = [re.sub('[^A-Za-z]+', ' ', line).strip().lower() for line in lines]
    tokens = [list(line) for line in lines]
    counter = collections.Counter(t for line in tokens for t in line)
    freqs = sorted(counter.items(), key=lambda x: x[1], reverse=True)
    idx_to_token = ['<unk>'] + [t for t, _ in freqs]
    token_to_idx = {t: i for i, t in enumerate(idx_to_token)}
    corpus = [token_to_idx[t] for line in tokens for t in line]
    return corpus, idx_to_token, token_to_idx


def seq_data_iter_sequential(corpus, batch_size, num_steps, offset=None):
    if offset is None:
        offset = random.randint(0, num_steps)
    num_tokens = ((len(corpus) - offset - 1) // batch_size) * batch_size
    Xs = torch.tensor(corpus[offset: offset + num_tokens])
    Ys = torch.tensor(corpus[offset + 1: offset + 1 + num_tokens])
    Xs, Ys = Xs.reshape(batch_size, -1), Ys.reshape(batch_size, -1)
    num_batches = Xs.shape[1] // num_steps
    for i in range(0, num_steps * num_batches, num_steps):
        yield Xs[:, i: i + num_steps], Ys[:, i: i + num_steps]


class RNNModel(nn.Module):
    """d2l 8.6 RNNModel: one-hot input -> rnn layer -> Linear."""
    def __init__(self, rnn_layer, vocab_size):
        super().__init__()
        self.rnn = rnn_layer
        self.vocab_size = vocab_size
        self.num_hiddens = self.rnn.hidden_size
        self.num_directions = 2 if self.rnn.bidirectional else 1
        self.linear = nn.Linear(self.num_hiddens * self.num_directions, vocab_size)

    def forward(self, inputs, state):
        X = F.one_hot(inputs.T.long(), self.vocab_size).to(torch.float32)
        Y, state = self.rnn(X, state)
        output = self.linear(Y.reshape((-1, Y.shape[-1])))
        return output, state

    def begin_state(self, batch_size=1):
        shape = (self.num_directions * self.rnn.num_layers, batch_size, self.num_hiddens)
        if not isinstance(self.rnn, nn.LSTM):
            return torch.zeros(shape)
        return (torch.zeros(shape), torch.zeros(shape))


class RNNScratch(nn.Module):
    """d2l 8.5 RNNModelScratch with get_params/init_rnn_state/rnn (python time loop)."""
    def __init__(self, vocab_size, num_hiddens):
        super().__init__()
        self.vocab_size, self.num_hiddens = vocab_size, num_hiddens
        normal = lambda shape: torch.randn(size=shape) * 0.01
        self.W_xh = nn.Parameter(normal((vocab_size, num_hiddens)))
        self.W_hh = nn.Parameter(normal((num_hiddens, num_hiddens)))
        self.b_h = nn.Parameter(torch.zeros(num_hiddens))
        self.W_hq = nn.Parameter(normal((num_hiddens, vocab_size)))
        self.b_q = nn.Parameter(torch.zeros(vocab_size))

    def forward(self, X, state):
        X = F.one_hot(X.T, self.vocab_size).type(torch.float32)
        H, = state
        outputs = []
        for x in X:
            H = torch.tanh(torch.mm(x, self.W_xh) + torch.mm(H, self.W_hh) + self.b_h)
            Y = torch.mm(H, self.W_hq) + self.b_q
            outputs.append(Y)
        return torch.cat(outputs, dim=0), (H,)

    def begin_state(self, batch_size=1):
        return (torch.zeros((batch_size, self.num_hiddens)),)


def make_model(name, V):
    if name == 'rnn512':
        return RNNModel(nn.RNN(V, 512), V)
    if name == 'gru256':
        return RNNModel(nn.GRU(V, 256), V)
    if name == 'lstm256':
        return RNNModel(nn.LSTM(V, 256), V)
    if name == 'lstm2x256':
        return RNNModel(nn.LSTM(V, 256, num_layers=2), V)
    if name == 'scratch512':
        return RNNScratch(V, 512)
    raise ValueError(name)


def grad_clipping(net, theta):
    params = [p for p in net.parameters() if p.requires_grad]
    norm = torch.sqrt(sum(torch.sum((p.grad ** 2)) for p in params))
    if norm > theta:
        for param in params:
            param.grad[:] *= theta / norm


def detach_state(state):
    if isinstance(state, tuple):
        return tuple(s.detach() for s in state)
    return state.detach()


def train_epoch(net, corpus, loss, updater, batch_size, num_steps, max_batches=None, warmup=0):
    """Returns (epoch_ppl, tokens/s over batches after `warmup`, n_tokens)."""
    state = None
    l_sum, n_sum, timed_tokens = 0.0, 0, 0
    t0 = None
    for bi, (X, Y) in enumerate(seq_data_iter_sequential(corpus, batch_size, num_steps)):
        if max_batches is not None and bi >= max_batches:
            break
        if bi == warmup:
            t0 = time.perf_counter()
        if state is None:
            state = net.begin_state(batch_size=X.shape[0])
        else:
            state = detach_state(state)
        y = Y.T.reshape(-1)
        y_hat, state = net(X, state)
        l = loss(y_hat, y.long()).mean()
        updater.zero_grad()
        l.backward()
        grad_clipping(net, 1)
        updater.step()
        l_sum += float(l) * y.numel()
        n_sum += y.numel()
        if bi >= warmup:
            timed_tokens += y.numel()
    dt = time.perf_counter() - t0
    return math.exp(l_sum / n_sum), timed_tokens / dt, n_sum


@torch.no_grad()
def evaluate_ppl(net, corpus, batch_size, num_steps):
    loss = nn.CrossEntropyLoss(reduction='sum')
    state, l_sum, n = None, 0.0, 0
    for X, Y in seq_data_iter_sequential(corpus, batch_size, num_steps, offset=0):
        if state is None:
            state = net.begin_state(batch_size=X.shape[0])
        y_hat, state = net(X, state)
        l_sum += float(loss(y_hat, Y.T.reshape(-1).long()))
        n += Y.numel()
    return math.exp(l_sum / n)


def predict(prefix, num_preds, net, token_to_idx, idx_to_token):
    """d2l predict_ch8 (greedy)."""
    state = net.begin_state(batch_size=1)
    outputs = [token_to_idx[prefix[0]]]
    get_input = lambda: torch.tensor([outputs[-1]]).reshape((1, 1))
    for y in prefix[1:]:
        _, state = net(get_input(), state)
        outputs.append(token_to_idx[y])
    for _ in range(num_preds):
        y, state = net(get_input(), state)
        outputs.append(int(y.argmax(dim=1).reshape(1)))
    return ''.join(idx_to_token[i] for i in outputs)


def time_generation(net, t2i, i2t, reps=5, no_grad=True):
    best = 1e9
    text = None
    for _ in range(reps):
        t = time.perf_counter()
        if no_grad:
            with torch.no_grad():
                text = predict('time traveller', 500, net, t2i, i2t)
        else:
            text = predict('time traveller', 500, net, t2i, i2t)
        best = min(best, time.perf_counter() - t)
    return 500 / best, text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', required=True)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--mode', choices=['speed', 'train'], default='speed')
    ap.add_argument('--epochs', type=int, default=30)
    ap.add_argument('--lr', type=float, default=1.0)
    ap.add_argument('--speed_batches', type=int, default=60)
    ap.add_argument('--seed', type=int, default=0)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    corpus, i2t, t2i = load_corpus()
    V = len(i2t)
    n_train = int(0.9 * len(corpus))
    train, valid = corpus[:n_train], corpus[n_train:]
    net = make_model(args.model, V)
    loss = nn.CrossEntropyLoss()
    updater = torch.optim.SGD(net.parameters(), args.lr)
    res = dict(model=args.model, threads=torch.get_num_threads(), vocab=V, corpus=len(corpus),
               n_train=len(train), n_valid=len(valid), torch=torch.__version__)
    if args.mode == 'speed':
        _, tps, _ = train_epoch(net, train, loss, updater, 32, 35,
                                max_batches=args.speed_batches, warmup=10)
        res['train_tokens_per_s'] = round(tps, 1)
        res['gen_tokens_per_s_nograd'], _ = time_generation(net, t2i, i2t, no_grad=True)
        res['gen_tokens_per_s_d2l_grad'], _ = time_generation(net, t2i, i2t, no_grad=False)
    else:
        t_start = time.perf_counter()
        hist = []
        for ep in range(args.epochs):
            ppl, tps, n = train_epoch(net, train, loss, updater, 32, 35, warmup=0)
            hist.append((round(ppl, 3), round(tps)))
            if (ep + 1) % 5 == 0 or ep == 0:
                print(f'epoch {ep+1} train_ppl(d2l running) {ppl:.3f} tok/s {tps:.0f}', flush=True)
        res['train_wall_s'] = round(time.perf_counter() - t_start, 1)
        res['epochs'] = args.epochs
        res['tokens_per_epoch'] = n
        res['last_epoch_train_ppl_d2l'] = hist[-1][0]
        res['mean_epoch_tokens_per_s'] = round(sum(h[1] for h in hist) / len(hist))
        res['eval_train_ppl'] = round(evaluate_ppl(net, train, 32, 35), 3)
        res['eval_valid_ppl'] = round(evaluate_ppl(net, valid, 32, 35), 3)
        tps, text = time_generation(net, t2i, i2t, no_grad=True)
        res['gen_tokens_per_s_nograd'] = round(tps, 1)
        res['sample'] = text[:120]
    for k in ('gen_tokens_per_s_nograd', 'gen_tokens_per_s_d2l_grad'):
        if k in res:
            res[k] = round(res[k], 1)
    print('RESULT ' + json.dumps(res), flush=True)


if __name__ == '__main__':
    main()
