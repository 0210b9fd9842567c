#!/usr/bin/env python3
"""check_metrics.py - assertions on a compiled model's --metrics file.

  check_metrics.py FILE --epochs N --loss-falls [--max-final-perplexity X]

Exits non-zero with a message saying which assertion failed.
"""
import argparse
import json
import math
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--epochs", type=int, required=True)
    parser.add_argument("--loss-falls", action="store_true")
    parser.add_argument("--max-final-perplexity", type=float)
    args = parser.parse_args()

    with open(args.file) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    fail = lambda why: sys.exit(f"check_metrics: {args.file}: {why}")
    if len(rows) != args.epochs:
        fail(f"{len(rows)} epochs recorded, expected {args.epochs}")
    for i, row in enumerate(rows):
        for key in ("epoch", "loss", "perplexity", "tokens_per_s", "grad_norm", "seconds"):
            if key not in row:
                fail(f"epoch {i + 1} lacks '{key}'")
        if row["epoch"] != i + 1:
            fail(f"row {i + 1} is epoch {row['epoch']}")
        if not math.isclose(row["perplexity"], math.exp(row["loss"]), rel_tol=1e-6):
            fail(f"epoch {i + 1}: perplexity is not exp(loss)")
    if args.loss_falls and not rows[-1]["loss"] < rows[0]["loss"]:
        fail(f"the loss did not fall: {rows[0]['loss']} -> {rows[-1]['loss']}")
    if args.max_final_perplexity is not None and rows[-1]["perplexity"] > args.max_final_perplexity:
        fail(f"final perplexity {rows[-1]['perplexity']} > {args.max_final_perplexity}")
    print(f"ok: {len(rows)} epochs, loss {rows[0]['loss']:.4f} -> {rows[-1]['loss']:.4f}")


if __name__ == "__main__":
    main()
