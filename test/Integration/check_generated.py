#!/usr/bin/env python3
"""check_generated.py PREFIX STEPS FILE [NAME]

What `./model generate --prefix PREFIX --steps STEPS` printed to FILE is
the prefix (d2l's preprocessing: letters, lower case) followed by exactly
STEPS tokens of a character vocabulary (letters and spaces): generation
produced something, not only the echoed prefix. Prints
"NAME: STEPS tokens after PREFIX".
"""
import re
import sys


def main():
    prefix, steps, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    name = sys.argv[4] if len(sys.argv) > 4 else path
    start = re.sub("[^A-Za-z]+", " ", prefix).strip().lower()
    with open(path, encoding="utf-8") as f:
        text = f.read().rstrip("\n")
    generated = text[len(start):]
    if not text.startswith(start):
        sys.exit(f"check_generated: {name}: {text!r} does not start with {start!r}")
    if len(generated) != steps:
        sys.exit(f"check_generated: {name}: {len(generated)} tokens after the prefix, not {steps}: {text!r}")
    if not set(generated) <= set(" abcdefghijklmnopqrstuvwxyz"):
        sys.exit(f"check_generated: {name}: tokens outside the vocabulary: {generated!r}")
    print(f"{name}: {steps} tokens after {start}")


if __name__ == "__main__":
    main()
