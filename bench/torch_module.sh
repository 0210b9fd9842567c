#!/usr/bin/env bash
# torch_module.sh [BUILD] - rnnc cells inside PyTorch: a PyTorch training
# step (forward over 35 steps of a batch of 32, a loss on every output,
# backward, SGD) with the cell compiled by `rnnc compile --emit=torch`
# against the same equations as eager PyTorch (bench/torch/eager_cells.py)
# on the same weights, one thread, alternating in one process
# (bench/torch/module_speed.py): the scratch LSTM, the layer-norm LSTM,
# xLSTM's sLSTM, d2l's GRU and RNN of examples/torch/ at hidden 256, input 64.
# Goals (issue 28): layer-norm LSTM >= 4x, scratch LSTM >= 2x, sLSTM >= 3x
# (the GRU and RNN cells, also measured, have none). STEPS=1 BATCH=1
# measures a call's fixed cost instead (the Python glue, the autograd
# function, the runtime's call), as a module stepped by the caller's own
# loop pays it.
#
#   [REPEAT=5] [STEPS=35] [BATCH=32] bench/torch_module.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
printf "%-12s %14s %14s %8s\n" cell rnnc_tok/s eager_tok/s speedup
for cell in lstm_cell lnlstm_cell slstm_cell gru_cell rnn_cell; do
  "$build/bin/rnnc" compile "$root/examples/torch/$cell.rnn" --emit=torch \
    "${rnnc_cpu[@]}" -o "$work/$cell"
  torch_result 1 module_speed.py "$cell" "$work/$cell.py" --repeat "${REPEAT:-5}" \
    --steps "${STEPS:-35}" --batch "${BATCH:-32}" |
    python3 -c 'import json, sys; d = json.load(sys.stdin); print("%-12s %14d %14d %8.2f" % (d["cell"], d["rnnc_tokens_per_s"], d["eager_tokens_per_s"], d["speedup"]))'
done
