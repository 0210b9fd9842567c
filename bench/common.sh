# common.sh - sourced by the bench/ scripts: the checkout, the build, the
# repository's data, a scratch directory removed on exit, and the six language
# models as rnnc example : charlm.py model name.
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
torch_dir=$root/bench/torch
data=$root/data/timemachine.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lm_pairs="rnn_scratch:scratch512 rnn_lm:rnn512 gru_lm:gru256 lstm_lm:lstm256 deep_lstm_lm:lstm2x256 lnlstm_lm:lnlstm256"

# charlm.py's RESULT field $2 for model $1, with $3 threads (the
# layer-norm LSTM, which charlm.py lacks: lnlstm_charlm.py, the same
# protocol; both in bench/torch).
torch_figure() {
  local script=charlm.py
  [ "$1" = lnlstm256 ] && script=lnlstm_charlm.py
  (cd "$torch_dir" && OPENBLAS_CORETYPE=SkylakeX OMP_NUM_THREADS=$3 \
    /usr/bin/python3 "$script" --model "$1" --threads "$3" --mode speed 2>/dev/null |
    sed -n 's/^RESULT //p' | python3 -c "import json,sys; print(round(json.load(sys.stdin)['$2']))")
}

# The wall time of a command, in seconds (its output discarded).
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null
  end=$(date +%s.%N)
  python3 -c "print($end - $start)"
}
