# common.sh - sourced by the bench/ scripts: the checkout, the build, the
# repository's data, a scratch directory removed on exit, and the six language
# models as rnnc example : charlm.py model name.
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
torch_dir=$root/bench/torch
data=$root/data/timemachine.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lm_pairs="rnn_scratch:scratch512 rnn_lm:rnn512 gru_lm:gru256 lstm_lm:lstm256 deep_lstm_lm:lstm2x256 lnlstm_lm:lnlstm256 slstm_lm:slstm256"

# ISA=avx2: rnnc's side measured as on a CPU with AVX2 and FMA but no
# AVX-512, on this one: the generated code compiled for x86-64-v3, the
# runtime's one-row kernels and GEMM (RNNC_CPU_KERNELS: rnnc's blocked
# GEMM, as an AVX2-only CPU runs it) and oneDNN (ONEDNN_MAX_CPU_ISA) held
# to AVX2, the probes to 256-bit vectors
# (PROBE_ISA). The memory system stays this machine's. Default: the
# widest this CPU has.
rnnc_cpu=(--cpu=native)
if [ "${ISA:-}" = avx2 ]; then
  rnnc_cpu=(--cpu=x86-64-v3)
  export RNNC_CPU_KERNELS=avx2 ONEDNN_MAX_CPU_ISA=AVX2 PROBE_ISA=avx2
fi

# PyTorch's products on OpenBLAS (Debian's python3-torch takes whichever
# BLAS the libblas.so.3 alternative names: without OpenBLAS, the reference
# BLAS, which ran the LSTM 25x slower and made every ratio meaningless).
"$root/scripts/install-deps.sh" libopenblas0-openmp >&2

# OpenBLAS's SkylakeX kernels use AVX-512: PyTorch gets them only on a
# CPU that has it (elsewhere OPENBLAS_CORETYPE=SkylakeX kills it without a
# word).
openblas_coretype=
grep -qw avx512f /proc/cpuinfo && openblas_coretype=SkylakeX

# torch_result THREADS SCRIPT ARGS...: the RESULT line of a bench/torch
# script run on THREADS threads; a run that prints none stops the
# benchmark with a message (and the script's last words) instead of
# leaving an empty column.
torch_result() {
  local threads=$1 result
  shift
  result=$(cd "$torch_dir" && env ${openblas_coretype:+OPENBLAS_CORETYPE=$openblas_coretype} \
    OMP_NUM_THREADS="$threads" /usr/bin/python3 "$@" 2> "$work/torch.err" |
    sed -n 's/^RESULT //p')
  if [ -z "$result" ]; then
    echo "bench: PyTorch printed no result for $* (OPENBLAS_CORETYPE=${openblas_coretype:-unset}): $(tail -c 400 "$work/torch.err")" >&2
    exit 1
  fi
  echo "$result"
}

# charlm.py's RESULT field $2 for model $1, with $3 threads (the
# layer-norm LSTM and the sLSTM, which charlm.py lacks: cells_charlm.py,
# the same protocol; both in bench/torch).
torch_figure() {
  local script=charlm.py result
  case $1 in lnlstm256 | slstm256) script=cells_charlm.py ;; esac
  result=$(torch_result "$3" "$script" --model "$1" --threads "$3" --mode speed)
  python3 -c "import json,sys; print(round(json.loads(sys.argv[1])['$2']))" "$result"
}

# The median, the largest and the smallest of the numbers given.
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
most() { printf '%s\n' "$@" | sort -n | tail -1; }
least() { printf '%s\n' "$@" | sort -n | head -1; }

# The wall time of a command, in seconds (its output discarded).
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null
  end=$(date +%s.%N)
  python3 -c "print($end - $start)"
}
