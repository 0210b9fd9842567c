#!/usr/bin/env python3
"""check_best_epoch.py - a --metrics file against --save-best and --patience.

  check_best_epoch.py FILE --eval EVAL_JSON [--patience N --max-epochs M]

Checks that every line's best_epoch is the epoch of the lowest held-out
loss so far (the earliest on ties), that EVAL_JSON (`./model eval` of the
--save-best checkpoint) reproduces that epoch's held-out loss, and with
--patience that training stopped exactly N epochs after the best one,
before M. Exits non-zero saying which assertion failed.
"""
import argparse
import json
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--eval", required=True)
    parser.add_argument("--patience", type=int)
    parser.add_argument("--max-epochs", type=int)
    args = parser.parse_args()
    fail = lambda why: sys.exit(f"check_best_epoch: {args.file}: {why}")

    with open(args.file) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    best = None
    for row in rows:
        if best is None or row["val_loss"] < best["val_loss"]:
            best = row
        if row["best_epoch"] != best["epoch"]:
            fail(f"epoch {row['epoch']} says best_epoch {row['best_epoch']}, "
                 f"the lowest held-out loss so far is epoch {best['epoch']}")
    with open(args.eval) as f:
        evaluated = json.load(f)
    if abs(evaluated["loss"] - best["val_loss"]) > 1e-5:
        fail(f"the best checkpoint evaluates to {evaluated['loss']}, epoch "
             f"{best['epoch']} had held-out loss {best['val_loss']}")
    if args.patience is not None:
        last = rows[-1]["epoch"]
        if last >= args.max_epochs:
            fail(f"ran all {last} epochs: no early stop")
        if last - best["epoch"] != args.patience:
            fail(f"stopped at epoch {last}, {last - best['epoch']} epochs "
                 f"after the best ({best['epoch']}), patience {args.patience}")


if __name__ == "__main__":
    main()
