#!/usr/bin/env bash
# check-tests.sh [ROOT] - the test suite's own honesty, checked (the suite
# runs it as the ctest entry `check-tests`). Fails, naming the file, when:
#  - a lit test (test/**/*.test, .mlir, .rnn with a RUN line) verifies
#    nothing: no CHECK directive of a prefix it passes to FileCheck (the
#    default CHECK when it passes none), no expected-* annotation under
#    -verify-diagnostics, and no comparing command (diff, cmp, a `not`, or
#    a checking script: compare-*.py, check_*.py, torch_parity.py, a
#    python -c with an assert);
#  - a FileCheck prefix it names has no directive;
#  - a REQUIRES line names a lit feature test/lit.cfg.py does not provide;
#  - an example of examples/ is missing from test/Pipelines/all-examples.test
#    or from the gradcheck lists (test/Integration/gradcheck-examples.test).
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
exec python3 - "$root" <<'PY'
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
problems = []

config = (root / "test" / "lit.cfg.py").read_text()
features = set(re.findall(r'available_features\.add\("([^"]+)"\)', config))

comparing = re.compile(
    r"(^|[|;&(]\s*|\s)(diff|cmp|not)\s|compare-[\w-]+\.py|check_\w+\.py|"
    r"torch_parity\.py|python\S*\s+-c\s+\"[^\"]*assert")
for path in sorted((root / "test").rglob("*")):
    if path.suffix not in (".test", ".mlir", ".rnn") or "Inputs" in path.parts:
        continue
    text = path.read_text(errors="replace")
    runs = [l.split("RUN:", 1)[1] for l in text.splitlines() if "RUN:" in l]
    if not runs:
        continue
    where = path.relative_to(root)
    for line in text.splitlines():
        if "REQUIRES:" in line:
            for feature in re.split(r"[,\s]+", line.split("REQUIRES:", 1)[1].strip()):
                if feature and feature not in features:
                    problems.append(f"{where}: REQUIRES '{feature}', which test/lit.cfg.py never provides")
    run = "\n".join(runs)
    prefixes = set()
    for call in re.finditer(r"FileCheck\b([^|;\n]*)", run):
        named = re.findall(r"--check-prefix(?:es)?[= ]([\w,-]+)", call.group(1))
        if not named:
            prefixes.add("CHECK")
        for group in named:
            prefixes.update(group.split(","))
    verified = False
    for prefix in sorted(prefixes):
        if re.search(rf"\b{re.escape(prefix)}(-[A-Z]+)?:", text):
            verified = True
        else:
            problems.append(f"{where}: FileCheck prefix {prefix} has no directive")
    if "-verify-diagnostics" in run and "expected-" in text:
        verified = True
    if comparing.search(run):
        verified = True
    if not verified:
        problems.append(f"{where}: its RUN lines verify nothing (no CHECK, expected-*, or comparing command)")

examples = sorted(p.stem for p in (root / "examples").glob("*.rnn"))
lists = {
    "test/Pipelines/all-examples.test": (root / "test/Pipelines/all-examples.test").read_text(),
    "test/Integration/gradcheck-examples.test": (root / "test/Integration/gradcheck-examples.test").read_text(),
}
for name, text in lists.items():
    for example in examples:
        if not re.search(rf"\b{example}\b", text):
            problems.append(f"{name}: does not name the example {example}")

for problem in problems:
    print(f"check-tests: {problem}")
if problems:
    sys.exit(1)
print(f"check-tests: every lit test verifies something, every REQUIRES is a "
      f"feature lit provides ({', '.join(sorted(features))}), every example "
      f"({len(examples)}) is in the all-examples and gradcheck lists")
PY
