#!/usr/bin/python3
"""d2l.ai 9.7 (PyTorch 0.17.x) GRU seq2seq on fra-eng, for CPU anchors.

  small: first 600 pairs (d2l's tokenize_nmt(num_examples=600) keeps 601 because of its `i > n` test),
         embed 32, hidden 32, 2 layers, dropout 0.1, batch 64, num_steps 10, Adam lr 0.005, clip 1, 300 epochs;
         evaluated like the book on its 4 sentences (d2l sentence BLEU, k=2).
  large: first 20,000 pairs shuffled (seed 0) into 18,000 train / 2,000 held-out test; vocab (min_freq 2)
         from train only; greedy decoding of the test set, d2l BLEU k=2 (mean of sentence scores) and
         corpus BLEU-4 (Papineni, single reference, no smoothing) on d2l-tokenized text.
usage: python3 seq2seq.py --config small|large [--embed E --hidden H --dropout D --batch B --epochs N] --threads T
"""
import argparse, collections, json, math, os, random, time
import torch
from torch import nn
from torch.nn import functional as F

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'data', 'fra-eng.txt')


def preprocess_nmt(text):
    def no_space(char, prev_char):
        return char in set(',.!?') and prev_char != ' '
    text = text.replace('\u202f', ' ').replace('\xa0', ' ').lower()
    out = [' ' + char if i > 0 and no_space(char, text[i - 1]) else char for i, char in enumerate(text)]
    return ''.join(out)


def tokenize_nmt(text, num_examples=None):
    source, target = [], []
    for i, line in enumerate(text.split('\n')):
        if num_examples and i > num_examples:
            break
        parts = line.split('\t')
        if len(parts) == 2:
            source.append(parts[0].split(' '))
            target.append(parts[1].split(' '))
    return source, target


class Vocab:
    def __init__(self, tokens, min_freq=0, reserved_tokens=()):
        counter = collections.Counter(t for line in tokens for t in line)
        self.token_freqs = sorted(counter.items(), key=lambda x: x[1], reverse=True)
        self.idx_to_token = ['<unk>'] + list(reserved_tokens)
        self.token_to_idx = {t: i for i, t in enumerate(self.idx_to_token)}
        for token, freq in self.token_freqs:
            if freq < min_freq:
                break
            if token not in self.token_to_idx:
                self.idx_to_token.append(token)
                self.token_to_idx[token] = len(self.idx_to_token) - 1

    def __len__(self):
        return len(self.idx_to_token)

    def __getitem__(self, tokens):
        if not isinstance(tokens, (list, tuple)):
            return self.token_to_idx.get(tokens, 0)
        return [self.__getitem__(t) for t in tokens]


def truncate_pad(line, num_steps, padding_token):
    if len(line) > num_steps:
        return line[:num_steps]
    return line + [padding_token] * (num_steps - len(line))


def build_array_nmt(lines, vocab, num_steps):
    lines = [vocab[l] + [vocab['<eos>']] for l in lines]
    array = torch.tensor([truncate_pad(l, num_steps, vocab['<pad>']) for l in lines])
    valid_len = (array != vocab['<pad>']).type(torch.int32).sum(1)
    return array, valid_len


class Seq2SeqEncoder(nn.Module):
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, dropout=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(embed_size, num_hiddens, num_layers, dropout=dropout)

    def forward(self, X, *args):
        X = self.embedding(X).permute(1, 0, 2)
        return self.rnn(X)


class Seq2SeqDecoder(nn.Module):
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, dropout=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(embed_size + num_hiddens, num_hiddens, num_layers, dropout=dropout)
        self.dense = nn.Linear(num_hiddens, vocab_size)

    def init_state(self, enc_outputs, *args):
        return enc_outputs[1]

    def forward(self, X, state):
        X = self.embedding(X).permute(1, 0, 2)
        context = state[-1].repeat(X.shape[0], 1, 1)
        output, state = self.rnn(torch.cat((X, context), 2), state)
        return self.dense(output).permute(1, 0, 2), state


class EncoderDecoder(nn.Module):
    def __init__(self, encoder, decoder):
        super().__init__()
        self.encoder, self.decoder = encoder, decoder

    def forward(self, enc_X, dec_X, *args):
        enc_outputs = self.encoder(enc_X, *args)
        return self.decoder(dec_X, self.decoder.init_state(enc_outputs, *args))


def sequence_mask(X, valid_len, value=0):
    maxlen = X.size(1)
    mask = torch.arange(maxlen, dtype=torch.float32)[None, :] < valid_len[:, None]
    X[~mask] = value
    return X


class MaskedSoftmaxCELoss(nn.CrossEntropyLoss):
    def forward(self, pred, label, valid_len):
        weights = sequence_mask(torch.ones_like(label), valid_len)
        self.reduction = 'none'
        unweighted = super().forward(pred.permute(0, 2, 1), label)
        return (unweighted * weights).mean(dim=1)


def grad_clipping(net, theta):
    params = [p for p in net.parameters() if p.requires_grad]
    norm = torch.sqrt(sum(torch.sum((p.grad ** 2)) for p in params))
    if norm > theta:
        for param in params:
            param.grad[:] *= theta / norm


def xavier_init_weights(m):
    if type(m) == nn.Linear:
        nn.init.xavier_uniform_(m.weight)
    if type(m) == nn.GRU:
        for param in m._flat_weights_names:
            if "weight" in param:
                nn.init.xavier_uniform_(m._parameters[param])


def train_seq2seq(net, src, src_len, tgt, tgt_len, lr, num_epochs, tgt_vocab, batch_size, log_every=50):
    net.apply(xavier_init_weights)
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    loss = MaskedSoftmaxCELoss()
    net.train()
    n = src.shape[0]
    total_tokens, total_time, last = 0, 0.0, None
    steady_tokens, steady_time = 0, 0.0
    for epoch in range(num_epochs):
        perm = torch.randperm(n)  # d2l load_array(is_train=True): shuffled DataLoader
        l_sum, tok_sum, t0 = 0.0, 0, time.perf_counter()
        for i in range(0, n, batch_size):
            idx = perm[i: i + batch_size]
            X, X_valid_len, Y, Y_valid_len = src[idx], src_len[idx], tgt[idx], tgt_len[idx]
            optimizer.zero_grad()
            bos = torch.tensor([tgt_vocab['<bos>']] * Y.shape[0]).reshape(-1, 1)
            dec_input = torch.cat([bos, Y[:, :-1]], 1)
            Y_hat, _ = net(X, dec_input, X_valid_len)
            l = loss(Y_hat, Y, Y_valid_len)
            l.sum().backward()
            grad_clipping(net, 1)
            num_tokens = Y_valid_len.sum()
            optimizer.step()
            l_sum += float(l.sum()); tok_sum += int(num_tokens)
        dt = time.perf_counter() - t0
        total_tokens += tok_sum; total_time += dt
        if epoch >= 1:
            steady_tokens += tok_sum; steady_time += dt
        last = l_sum / tok_sum
        if (epoch + 1) % log_every == 0 or epoch == 0:
            print(f'epoch {epoch+1} loss {last:.4f} tok/s {tok_sum/dt:.0f}', flush=True)
    return last, steady_tokens / max(steady_time, 1e-9), total_time


@torch.no_grad()
def predict_seq2seq(net, src_sentence, src_vocab, tgt_vocab, num_steps):
    net.eval()
    src_tokens = src_vocab[src_sentence.lower().split(' ')] + [src_vocab['<eos>']]
    enc_valid_len = torch.tensor([len(src_tokens)])
    src_tokens = truncate_pad(src_tokens, num_steps, src_vocab['<pad>'])
    enc_X = torch.unsqueeze(torch.tensor(src_tokens, dtype=torch.long), dim=0)
    enc_outputs = net.encoder(enc_X, enc_valid_len)
    dec_state = net.decoder.init_state(enc_outputs, enc_valid_len)
    dec_X = torch.unsqueeze(torch.tensor([tgt_vocab['<bos>']], dtype=torch.long), dim=0)
    output_seq = []
    for _ in range(num_steps):
        Y, dec_state = net.decoder(dec_X, dec_state)
        dec_X = Y.argmax(dim=2)
        pred = dec_X.squeeze(dim=0).type(torch.int32).item()
        if pred == tgt_vocab['<eos>']:
            break
        output_seq.append(pred)
    return ' '.join(tgt_vocab.idx_to_token[i] for i in output_seq)


def bleu_d2l(pred_seq, label_seq, k):
    """d2l 9.7 bleu(); guarded against empty/short predictions (scored 0 where d2l would divide by 0)."""
    pred_tokens, label_tokens = pred_seq.split(' ') if pred_seq else [], label_seq.split(' ')
    len_pred, len_label = len(pred_tokens), len(label_tokens)
    if len_pred == 0:
        return 0.0
    score = math.exp(min(0, 1 - len_label / len_pred))
    for n in range(1, k + 1):
        if len_pred - n + 1 <= 0:
            return 0.0
        num_matches, label_subs = 0, collections.defaultdict(int)
        for i in range(len_label - n + 1):
            label_subs[' '.join(label_tokens[i: i + n])] += 1
        for i in range(len_pred - n + 1):
            if label_subs[' '.join(pred_tokens[i: i + n])] > 0:
                num_matches += 1
                label_subs[' '.join(pred_tokens[i: i + n])] -= 1
        score *= math.pow(num_matches / (len_pred - n + 1), math.pow(0.5, n))
    return score


def corpus_bleu4(preds, refs):
    """Papineni corpus BLEU-4, single reference, uniform weights, no smoothing."""
    match, total = [0] * 4, [0] * 4
    hyp_len = ref_len = 0
    for p, r in zip(preds, refs):
        pt, rt = (p.split(' ') if p else []), r.split(' ')
        hyp_len += len(pt); ref_len += len(rt)
        for n in range(1, 5):
            pc = collections.Counter(tuple(pt[i:i + n]) for i in range(len(pt) - n + 1))
            rc = collections.Counter(tuple(rt[i:i + n]) for i in range(len(rt) - n + 1))
            match[n - 1] += sum(min(c, rc[g]) for g, c in pc.items())
            total[n - 1] += max(0, len(pt) - n + 1)
    if min(match) == 0:
        return 0.0, match, total, hyp_len, ref_len
    logp = sum(math.log(m / t) for m, t in zip(match, total)) / 4
    bp = 1.0 if hyp_len > ref_len else math.exp(1 - ref_len / max(hyp_len, 1))
    return bp * math.exp(logp), match, total, hyp_len, ref_len


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--config', choices=['small', 'large'], default='small')
    ap.add_argument('--embed', type=int, default=32)
    ap.add_argument('--hidden', type=int, default=32)
    ap.add_argument('--layers', type=int, default=2)
    ap.add_argument('--dropout', type=float, default=0.1)
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--num_steps', type=int, default=10)
    ap.add_argument('--lr', type=float, default=0.005)
    ap.add_argument('--epochs', type=int, default=300)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--seed', type=int, default=0)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed); random.seed(args.seed)
    with open(DATA, encoding='utf-8') as f:
        raw = f.read()
    text = preprocess_nmt(raw)
    res = dict(vars(args))
    if args.config == 'small':
        source, target = tokenize_nmt(text, 600)
        test_src = ['go .', 'i lost .', "he's calm .", "i'm home ."]
        test_tgt = ['va !', "j'ai perdu .", 'il est calme .', 'je suis chez moi .']
    else:
        source, target = tokenize_nmt(text, 20000 - 1)  # exactly 20,000 pairs
        pairs = list(zip(source, target))
        random.Random(0).shuffle(pairs)
        test, train = pairs[:2000], pairs[2000:]
        source, target = [p[0] for p in train], [p[1] for p in train]
        test_src = [' '.join(p[0]) for p in test]
        test_tgt = [' '.join(p[1]) for p in test]
    src_vocab = Vocab(source, min_freq=2, reserved_tokens=['<pad>', '<bos>', '<eos>'])
    tgt_vocab = Vocab(target, min_freq=2, reserved_tokens=['<pad>', '<bos>', '<eos>'])
    src, src_len = build_array_nmt(source, src_vocab, args.num_steps)
    tgt, tgt_len = build_array_nmt(target, tgt_vocab, args.num_steps)
    res.update(n_train_pairs=len(source), n_test=len(test_src), src_vocab=len(src_vocab), tgt_vocab=len(tgt_vocab),
               avg_tgt_valid_len=round(float(tgt_len.float().mean()), 3), avg_src_valid_len=round(float(src_len.float().mean()), 3))
    enc = Seq2SeqEncoder(len(src_vocab), args.embed, args.hidden, args.layers, args.dropout)
    dec = Seq2SeqDecoder(len(tgt_vocab), args.embed, args.hidden, args.layers, args.dropout)
    net = EncoderDecoder(enc, dec)
    last_loss, tps, train_time = train_seq2seq(net, src, src_len, tgt, tgt_len, args.lr, args.epochs, tgt_vocab, args.batch)
    res.update(final_loss=round(last_loss, 4), train_tgt_tokens_per_s=round(tps), train_wall_s=round(train_time, 1))
    t = time.perf_counter()
    preds = [predict_seq2seq(net, s, src_vocab, tgt_vocab, args.num_steps) for s in test_src]
    dt = time.perf_counter() - t
    res['decode_sentences_per_s'] = round(len(preds) / dt, 1)
    res['decode_tokens_per_s'] = round((sum(len(p.split(' ')) for p in preds if p) + len(preds)) / dt)
    res['bleu_d2l_k2_mean'] = round(sum(bleu_d2l(p, r, 2) for p, r in zip(preds, test_tgt)) / len(preds), 4)
    b4, m, tot, hl, rl = corpus_bleu4(preds, test_tgt)
    res['corpus_bleu4'] = round(100 * b4, 2)
    res['bleu4_detail'] = dict(matches=m, totals=tot, hyp_len=hl, ref_len=rl)
    res['examples'] = [f'{s} => {p} (ref: {r})' for s, p, r in list(zip(test_src, preds, test_tgt))[:4]]
    print('RESULT ' + json.dumps(res, ensure_ascii=False), flush=True)


if __name__ == '__main__':
    main()
