#!/usr/bin/env bash
# gpu-check.sh - the CUDA target's one device check (issue 29; docs/gpu.md,
# "The CUDA target"). Two halves:
#
#   scripts/gpu-check.sh prepare [BUILD_DIR]
#       on a build machine (rnnc built with the CUDA toolkit): compiles
#       every example with --target=cuda, the speed models at hidden 1024
#       too, and the CPU references the device is checked against (each
#       example's f64 gradients, per-batch training losses), and packs them
#       with libfmt into build-gpu-check/bundle.tar.gz (ignored by git;
#       carry it: `run` tool, carry=["build-gpu-check"]).
#   scripts/gpu-check.sh run
#       on the GPU machine (the CUDA image: PyTorch, no LLVM, no oneDNN),
#       from the checkout: unpacks the bundle, runs every check and prints
#       one table (check, figure, limit, verdict); exit 1 when a check
#       fails. Each command is bounded by `timeout`, the whole run by about
#       8 minutes.
#
# The table:
#   gradients  every example's device f32 gradients against the CPU build's
#              f64 gradients on the same weights and batch (gradcheck
#              --reference): max relative error <= 1e-3; and the device's
#              own gradcheck (its f64 build against finite differences)
#   training   lstm_lm, lnlstm_lm: one epoch of The Time Machine (d2l:
#              B=32, T=35); seq2seq: 3,200 pairs (50 batches of 64); every
#              batch's loss against the CPU build's from the same seed:
#              max relative difference <= 1e-3
#   memcheck   compute-sanitizer over a short training run: no error
#   speed      (every speed row with cuBLAS where the CUDA device sends GEMMs
#              to it, RNNC_CUDA_GEMM=auto, and once with every GEMM
#              generated)
#              training tokens/s against PyTorch on the same GPU in the same
#              call (bench/torch/gpu_speed.py: nn.LSTM/nn.GRU on cuDNN, the
#              layer-norm LSTM and the scratch LSTM as eager code) at d2l's
#              size (B=32, T=35, H=256) and a GPU size (B=256, T=100,
#              H=1024); greedy generation tokens/s against a predict_ch8
#              loop. Goals (issue 29): named layers >= 1.2x PyTorch at d2l's
#              size, the scratch LSTM >= 0.8x rnnc's named LSTM, the
#              layer-norm LSTM >= 3x eager PyTorch, generation >= 5x.
#              Speed rows report the ratio and the goal; they do not fail
#              the run (a check of correctness does).
#
# GPU_CHECK_TARGET=vulkan (both halves) is a dry run of the script itself
# where no NVIDIA GPU is: the executables for Vulkan (lavapipe), shorter
# training runs, the speed commands on a short text against PyTorch on the
# CPU (meaningless figures), no memcheck.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bundle_dir=$root/build-gpu-check
bundle=$bundle_dir/bundle.tar.gz
target=${GPU_CHECK_TARGET:-cuda}

# The models whose speed the table gives, with gpu_speed.py's twin.
speed_pairs="lstm_lm:lstm gru_lm:gru lnlstm_lm:lnlstm lstm_scratch:lstm_scratch"
trained="lstm_lm lnlstm_lm seq2seq"
seq2seq_pairs=3200

# The flags of each checked training run (the CPU reference and the device
# run are the same command).
train_flags() {
  local text=$root/data/timemachine.txt pairs=$seq2seq_pairs
  if [ "$target" != cuda ]; then # a dry run: 4 batches each
    text=$bundle_dir/dry-run.txt pairs=256
    mkdir -p "$bundle_dir"
    head -c 4600 "$root/data/timemachine.txt" > "$text"
  fi
  case $1 in
    seq2seq) echo "--data $root/data/fra-eng.txt --pairs $pairs --epochs 1 --seed 1 --quiet" ;;
    *) echo "--data $text --epochs 1 --seed 1 --quiet" ;;
  esac
}

prepare() {
  local build=${1:-$root/build} stage
  local rnnc=$build/bin/rnnc
  [ -x "$rnnc" ] || { echo "gpu-check: no rnnc in $build/bin (build first)" >&2; exit 1; }
  stage=$(mktemp -d)
  if "$rnnc" compile "$root/examples/hello.rnn" --target="$target" -o "$stage/probe" 2>&1 |
      grep -q "not a target"; then
    echo "gpu-check: this rnnc was built without a CUDA toolkit" >&2
    exit 1
  fi
  trap "rm -rf '$stage'" EXIT
  mkdir -p "$stage"/{bin,grad,ref,lib,cpu}
  # Gradients: every example at hidden 32 (where it has that constant; at
  # 16, 64 and 256 the sLSTM's f32 gradients are more than 1e-3 from its
  # f64 ones on gradcheck's random problem on the CPU too: its
  # normaliser state drawn near 0). The CPU's own gradcheck must pass.
  for f in "$root"/examples/*.rnn; do
    n=$(basename "$f" .rnn)
    echo "gpu-check: $n" >&2
    d=()
    grep -q "const hidden" "$f" && d=(-D hidden=32)
    "$rnnc" compile "$f" "${d[@]}" --target="$target" -o "$stage/grad/$n" || exit 1
    "$rnnc" compile "$f" "${d[@]}" -o "$stage/cpu/$n" || exit 1
    "$stage/cpu/$n" gradcheck --entries 8 \
      --save-reference "$stage/ref/$n.safetensors" > "$stage/ref/$n.gradcheck.txt" || {
      cat "$stage/ref/$n.gradcheck.txt"; exit 1; }
  done
  # Training and speed: the examples as they are (d2l's sizes), and the
  # speed models at hidden 1024.
  for m in $trained $(for p in $speed_pairs; do echo "${p%%:*}"; done); do
    [ -x "$stage/bin/$m" ] && continue
    "$rnnc" compile "$root/examples/$m.rnn" --target="$target" -o "$stage/bin/$m" || exit 1
  done
  for pair in $speed_pairs; do
    m=${pair%%:*}
    [ "$target" = cuda ] || break
    "$rnnc" compile "$root/examples/$m.rnn" -D hidden=1024 --target=cuda \
      -o "$stage/bin/${m}_1024" || exit 1
  done
  for m in $trained; do
    "$rnnc" compile "$root/examples/$m.rnn" -o "$stage/cpu/$m" || exit 1
    # shellcheck disable=SC2046
    "$stage/cpu/$m" train $(train_flags "$m") \
      --batch-metrics "$stage/ref/$m.train.jsonl" > /dev/null || exit 1
  done
  strip "$stage"/bin/* "$stage"/grad/*
  cp -L "$(ldconfig -p | grep -o '/[^ ]*libfmt.so.9$' | head -1)" "$stage/lib/" || exit 1
  rm -rf "$stage/cpu" "$stage/probe"
  mkdir -p "$bundle_dir"
  tar -C "$stage" -czf "$bundle" bin grad ref lib
  echo "gpu-check: $bundle ($(du -h "$bundle" | cut -f1)); on the GPU machine: scripts/gpu-check.sh run (carry build-gpu-check)" >&2
}

run() {
  [ -f "$bundle" ] || { echo "gpu-check: no $bundle: run 'scripts/gpu-check.sh prepare' on a build machine and carry build-gpu-check" >&2; exit 1; }
  local work
  work=$(mktemp -d)
  trap "rm -rf '$work'" EXIT
  tar -C "$work" -xzf "$bundle"
  # libfmt from the bundle; cuBLAS (which the CUDA device opens at run
  # time) from the toolkit or PyTorch's pip package where the image has it.
  local cublas
  cublas=$(python3 -c "import nvidia.cublas as c; print(list(c.__path__)[0] + '/lib')" 2> /dev/null)
  export LD_LIBRARY_PATH=$work/lib:/usr/local/cuda/lib64${cublas:+:$cublas}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  export PATH=$PATH:/usr/local/cuda/bin # compute-sanitizer, where the image has it
  local bin=$work/bin ref=$work/ref rows=$work/rows.tsv failed=0
  : > "$rows"
  row() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >> "$rows"; }
  start=$(date +%s)
  # The device tool's calls last at most 10 minutes: the speed section
  # stops starting runs once GPU_CHECK_SECONDS (450) have gone.
  in_time() { [ $(( $(date +%s) - start )) -lt "${GPU_CHECK_SECONDS:-450}" ]; }

  echo "== device" >&2
  [ "$target" = cuda ] && { nvidia-smi -L >&2 || true; }
  missing=$(ldd "$bin/lstm_lm" | grep "not found")
  [ -n "$missing" ] && { echo "gpu-check: the executables miss libraries here: $missing" >&2; exit 1; }
  device=$(timeout 60 "$bin/lstm_lm" info 2>&1 | grep '^target')
  echo "$device" >&2
  case $device in
    "target $target, on "*) row device info "${device#target }" "$target" ok ;;
    *) row device info "${device:-no target line}" "$target" FAILED; failed=1 ;;
  esac
  range=$(timeout 60 "$bin/lstm_lm" --device 99 info 2>&1 | tail -1)
  case $range in
    *" device 99: the devices are 0: "*) row device "--device 99" "refused: one line" "error" ok ;;
    *) row device "--device 99" "$range" "error" FAILED; failed=1 ;;
  esac

  echo "== gradients" >&2
  for exe in "$work"/grad/*; do
    n=$(basename "$exe")
    timeout 120 "$exe" gradcheck --entries 8 --reference "$ref/$n.safetensors" \
      > "$work/$n.gradcheck.txt" 2>&1
    status=$?
    worst=$(python3 - "$work/$n.gradcheck.txt" <<'PY'
import re, sys
# The table after "the f32 build against REF" (not "... the f64 build",
# the device's own f64 build): its largest relative error.
errors, inside = [], False
for line in open(sys.argv[1]).read().splitlines():
    if line.startswith("the f32 build against ") and "f64 build" not in line:
        inside = True
        continue
    if inside:
        m = re.search(r"max relative error ([0-9.e+-]+)", line)
        if not line.startswith("  ") or not m:
            break
        errors.append(float(m.group(1)))
print(f"{max(errors):.2e}" if errors else "none")
PY
)
    if [ $status -eq 0 ] && [ "$worst" != none ]; then
      row gradients "$n" "$worst vs CPU f64" "1e-3" ok
    else
      row gradients "$n" "$worst vs CPU f64 (gradcheck exit $status)" "1e-3" FAILED
      failed=1
      tail -5 "$work/$n.gradcheck.txt" >&2
    fi
  done

  echo "== training" >&2
  for m in $trained; do
    # shellcheck disable=SC2046
    timeout 180 "$bin/$m" train $(train_flags "$m") \
      --batch-metrics "$work/$m.train.jsonl" > "$work/$m.train.txt" 2>&1
    status=$?
    verdict=$(python3 - "$ref/$m.train.jsonl" "$work/$m.train.jsonl" <<'PY'
import json, sys
def losses(path):
    try:
        return [json.loads(l)["loss"] for l in open(path) if l.strip()]
    except OSError:
        return []
cpu, gpu = losses(sys.argv[1]), losses(sys.argv[2])
if len(cpu) != len(gpu) or not cpu:
    print(f"{len(gpu)} batches against the CPU's {len(cpu)}\tFAILED")
else:
    worst = max(abs(a - b) / max(abs(a), 1e-12) for a, b in zip(cpu, gpu))
    k = min(50, len(cpu))  # batch 50, or the last
    at = abs(cpu[k - 1] - gpu[k - 1]) / abs(cpu[k - 1])
    ok = worst <= 1e-3
    print(f"{len(cpu)} batches, max {worst:.2e}, batch {k} {at:.2e}\t{'ok' if ok else 'FAILED'}")
PY
)
    [ $status -ne 0 ] && { verdict="train exit $status	FAILED"; tail -3 "$work/$m.train.txt" >&2; }
    row training "$m" "${verdict%%	*}" "1e-3" "${verdict##*	}"
    [ "${verdict##*	}" = ok ] || failed=1
  done

  echo "== memcheck" >&2
  if command -v compute-sanitizer > /dev/null; then
    head -c 3000 "$root/data/timemachine.txt" > "$work/small.txt"
    timeout 240 compute-sanitizer --tool memcheck --error-exitcode 9 \
      "$bin/lstm_lm" train --data "$work/small.txt" --epochs 1 --batch 4 \
      --steps 8 --quiet > "$work/memcheck.txt" 2>&1
    status=$?
    summary=$(grep -o "ERROR SUMMARY: [0-9]* error[s]*" "$work/memcheck.txt" | tail -1)
    if [ $status -eq 0 ]; then row memcheck lstm_lm "${summary:-no summary}" "0 errors" ok
    else row memcheck lstm_lm "${summary:-exit $status}" "0 errors" FAILED; failed=1
      grep -m5 "Invalid\|ERROR\|error" "$work/memcheck.txt" >&2; fi
  else
    row memcheck lstm_lm "no compute-sanitizer" "-" skipped
  fi

  echo "== speed" >&2
  # A dry run times the short text on lavapipe against PyTorch on the CPU,
  # d2l's size only: the figures mean nothing, the commands are tried.
  local speed_text=$root/data/timemachine.txt sizes="d2l gpu" torch_device=cuda
  local gen_steps=2001 torch_python=python3 # the image's, with PyTorch
  if [ "$target" != cuda ]; then
    speed_text=$bundle_dir/dry-run.txt sizes=d2l torch_device=cpu gen_steps=51
    torch_python=/usr/bin/python3 # Debian's python3-torch
  fi
  # rnnc: the last epoch's tokens/s (the first records the CUDA graphs).
  rnnc_train() { # EXE FLAGS...
    local exe=$1; shift
    timeout 180 "$exe" train --data "$speed_text" --quiet \
      --val-split 0 --metrics "$work/speed.jsonl" "$@" > /dev/null 2>&1 || { echo 0; return; }
    python3 -c "import json,sys; print(round(json.loads(open(sys.argv[1]).read().split(chr(10))[-2])['tokens_per_s']))" "$work/speed.jsonl"
  }
  torch_speed() { # MODEL FIELD ARGS...
    local model=$1 field=$2; shift 2
    local result
    result=$(cd "$root/bench/torch" && timeout 180 "$torch_python" gpu_speed.py \
      --device "$torch_device" --model "$model" "$@" 2> "$work/torch.err" |
      sed -n 's/^RESULT //p')
    if [ -z "$result" ]; then
      echo "  PyTorch printed no result for $model $*: $(tail -c 300 "$work/torch.err")" >&2
      echo 0
      return
    fi
    python3 -c "import json,sys; print(round(json.loads(sys.argv[1])['$field']))" "$result"
  }
  declare -A ours theirs
  for pair in $speed_pairs; do
    m=${pair%%:*} twin=${pair##*:}
    ours[$m.d2l]=0 theirs[$m.d2l]=0 ours[$m.gpu]=0 theirs[$m.gpu]=0
    if ! in_time; then
      echo "  $m: not timed, out of time" >&2
      continue
    fi
    ours[$m.d2l]=$(rnnc_train "$bin/$m" --epochs 2)
    theirs[$m.d2l]=$(torch_speed "$twin" train_tokens_per_s)
    if [[ " $sizes " == *" gpu "* ]]; then
      ours[$m.gpu]=$(rnnc_train "$bin/${m}_1024" --epochs 3 --batch 256 --steps 100)
      theirs[$m.gpu]=$(torch_speed "$twin" train_tokens_per_s --hidden 1024 --batch 256 --steps 100 --warmup 3 --timed 12)
    fi
    echo "  $m: rnnc ${ours[$m.d2l]} / ${ours[$m.gpu]}, torch ${theirs[$m.d2l]} / ${theirs[$m.gpu]} tokens/s" >&2
  done
  ratio() { python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(f'{a / b:.2f}x' if a and b else 'n/a')" "$1" "$2"; }
  meets() { python3 -c "import sys; r = sys.argv[1]; print('met' if r != 'n/a' and float(r[:-1]) >= float(sys.argv[2]) else 'UNMET')" "$1" "$2"; }
  for pair in $speed_pairs; do
    m=${pair%%:*} twin=${pair##*:}
    for size in $sizes; do
      r=$(ratio "${ours[$m.$size]}" "${theirs[$m.$size]}")
      goal=-
      case $m.$size in lstm_lm.d2l | gru_lm.d2l) goal=1.2 ;; lnlstm_lm.d2l) goal=3 ;; esac
      verdict=$([ "$goal" = - ] && echo - || meets "$r" "$goal")
      row "speed $size" "$m vs torch $twin" "${ours[$m.$size]} / ${theirs[$m.$size]} tok/s = ${r}" "$goal" "$verdict"
    done
  done
  # The GEMMs: cuBLAS where the device runtime sends them (RNNC_CUDA_GEMM
  # auto, the default: the figures above) against the generated tiles for
  # all of them.
  for size in $sizes; do
    in_time || break
    case $size in
      d2l) generated=$(RNNC_CUDA_GEMM=generated rnnc_train "$bin/lstm_lm" --epochs 2) ;;
      gpu) generated=$(RNNC_CUDA_GEMM=generated rnnc_train "$bin/lstm_lm_1024" --epochs 3 --batch 256 --steps 100) ;;
    esac
    r=$(ratio "${ours[lstm_lm.$size]}" "$generated")
    row "speed $size" "lstm_lm default vs generated GEMMs" "${ours[lstm_lm.$size]} / $generated tok/s = $r" - -
  done
  r=$(ratio "${ours[lstm_scratch.d2l]}" "${ours[lstm_lm.d2l]}")
  row "speed d2l" "lstm_scratch vs rnnc lstm_lm" "${r}" "0.8" "$(meets "$r" 0.8)"

  # Generation: greedy tokens/s, rnnc's steady rate (2,001 tokens minus
  # one) against predict_ch8's 500.
  in_time || { row "speed gen" lstm_lm "not timed, out of time" 5 -; skip_gen=1; }
  [ -z "${skip_gen:-}" ] && timeout 120 "$bin/lstm_lm" train --data "$speed_text" --epochs 1 \
    --quiet --save "$work/lstm.safetensors" > /dev/null 2>&1
  gen_seconds() {
    local t0 t1
    t0=$(date +%s.%N)
    timeout 120 "$bin/lstm_lm" generate --load "$work/lstm.safetensors" \
      --prefix "time traveller" --steps "$1" > /dev/null 2> "$work/generate.err" ||
      echo "  generate failed: $(tail -c 300 "$work/generate.err")" >&2
    t1=$(date +%s.%N)
    python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$t0" "$t1"
  }
  if [ -z "${skip_gen:-}" ]; then
    best=0
    for _ in 1 2 3; do
      one=$(gen_seconds 1)
      many=$(gen_seconds "$gen_steps")
      rate=$(python3 -c "import sys; a, b, n = map(float, sys.argv[1:]); print(round((n - 1) / (b - a)) if b > a else 0)" "$one" "$many" "$gen_steps")
      [ "$rate" -gt "$best" ] && best=$rate
    done
    torch_gen=$(torch_speed lstm gen_tokens_per_s --generate 500 --timed 1 --warmup 1)
    r=$(ratio "$best" "$torch_gen")
    row "speed gen" "lstm_lm greedy vs predict_ch8" "$best / $torch_gen tok/s = ${r}" "5" "$(meets "$r" 5)"
  fi

  echo "== $(( $(date +%s) - start )) s" >&2
  echo
  echo "rnnc $target device check, $(date -u +%F), ${device#target }"
  python3 - "$rows" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
head = ["check", "what", "figure", "limit", "verdict"]
widths = [max(len(r[i]) for r in rows + [head]) for i in range(5)]
line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
print(line(head))
print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
for r in rows:
    print(line(r))
PY
  [ $failed -eq 0 ] && echo "gpu-check passed" || echo "gpu-check FAILED"
  return $failed
}

case ${1:-} in
  prepare) shift; prepare "$@" ;;
  run) run ;;
  *) echo "usage: scripts/gpu-check.sh prepare [BUILD_DIR] | run" >&2; exit 2 ;;
esac
