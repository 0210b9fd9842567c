//===- OneDNNLayers.cpp - whole-sequence layers on oneDNN's RNN primitives ===//
//
// The runtime side of convert-rnn-to-onednn (Runtime.h): one single-layer,
// single-direction vanilla/GRU/LSTM layer per call, in PyTorch's semantics
// and weight layout. Per site (a layer op of the model) and shape, the
// forward and backward primitives are created once and cached with their
// weight buffers (in the layouts the primitives chose) and the workspace
// that forward_training fills and backward reads.
//
// Layout translation, per call (weights change every training step):
//   - w_ih [G*H, I] is oneDNN's ldigo {1, 1, I, G, H} with the ldgoi
//     strides (an input-major [I, G*H] is plain ldigo): a reorder brings
//     it into the primitive's layout;
//   - the GRU's gate order and every cell's bias are translated by the
//     pure functions of OneDNNLayout.h (unit-tested on their own).
// Gradients of the weights accumulate in oneDNN and are zeroed per call.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Runtime.h"
#include "rnnc/runtime/OneDNNLayout.h"
#include "rnnc/runtime/ParameterVersion.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <unordered_map>
#include <string>
#include <vector>

namespace {

using namespace rnnc::rt::onednn;
using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

[[noreturn]] void fail(const std::string &what) {
  fmt::print(stderr, "rnnc runtime: oneDNN layer: {}\n", what);
  std::exit(2); // an internal error (docs/runtime.md)
}

dnnl::engine &cpu() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream &cpuStream() {
  static dnnl::stream stream(cpu());
  return stream;
}

bool inputMajor(int64_t config) { return config & RNNC_RT_LAYER_INPUT_MAJOR; }
int64_t gatesOf(int64_t config) { return gateCount(cellOf(config)); }
int64_t biasGatesOf(int64_t config) { return biasGateCount(cellOf(config)); }
bool hasCell(int64_t config) { return hasCellState(cellOf(config)); }
bool isGRU(int64_t config) { return permutesGates(cellOf(config)); }

template <typename Desc> float *data(Desc *d) { return d->aligned + d->offset; }

/// Whether a descriptor is dense row-major (what to_memref guarantees).
template <typename Desc, int Rank> bool isDense(const Desc *d) {
  int64_t stride = 1;
  for (int i = Rank - 1; i >= 0; --i) {
    if (d->sizes[i] > 1 && d->strides[i] != stride)
      return false;
    stride *= d->sizes[i];
  }
  return true;
}

struct Shape {
  int64_t config, steps, batch, input, hidden;
  bool operator==(const Shape &o) const {
    return config == o.config && steps == o.steps && batch == o.batch &&
           input == o.input && hidden == o.hidden;
  }
};

/// The primitives of one site and shape, with their own buffers.
struct LayerPrimitives {
  Shape shape;
  dnnl::primitive forward, backward;
  memory weightsLayerF, weightsIterF, weightsLayerB, weightsIterB;
  memory diffWeightsLayer, diffWeightsIter, workspace;
  /// The primitives' scratch space, allocated once (user scratchpad mode)
  /// instead of by oneDNN on every execution.
  memory forwardScratch, backwardScratch;
  std::vector<float> bias, diffBias;
  std::vector<float> gruLayer, gruIter; // gate-permuted weights (GRU)
  bool forwardRan = false;
  /// What the forward weights and bias were made from (inference reuses
  /// them while the parameters stand still).
  struct Source {
    const float *wLayer = nullptr, *wIter = nullptr;
    uint64_t version = 0;
    bool operator==(const Source &o) const {
      return wLayer == o.wLayer && wIter == o.wIter && version == o.version;
    }
  } prepared;
  memory wLayerUsed, wIterUsed;
};

memory::desc plain(memory::dims dims, tag t) {
  return memory::desc(dims, dt::f32, t);
}

/// Primitive attributes: the caller owns the scratchpad.
dnnl::primitive_attr attributes() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

template <typename FwdPD>
void keepForward(LayerPrimitives &p, const FwdPD &pd, bool training) {
  p.forwardScratch = memory(pd.scratchpad_desc(), cpu());
  p.weightsLayerF = memory(pd.weights_layer_desc(), cpu());
  p.weightsIterF = memory(pd.weights_iter_desc(), cpu());
  if (training)
    p.workspace = memory(pd.workspace_desc(), cpu());
}

template <typename BwdPD> void keepBackward(LayerPrimitives &p, const BwdPD &pd) {
  p.backwardScratch = memory(pd.scratchpad_desc(), cpu());
  p.weightsLayerB = memory(pd.weights_layer_desc(), cpu());
  p.weightsIterB = memory(pd.weights_iter_desc(), cpu());
  p.diffWeightsLayer = memory(pd.diff_weights_layer_desc(), cpu());
  p.diffWeightsIter = memory(pd.diff_weights_iter_desc(), cpu());
}

/// The forward primitive of `forwardDesc` and, for training, the backward
/// one (`backwardDesc()`, with the forward descriptor as its hint), with
/// their weight buffers, workspace and scratchpads.
template <typename Fwd, typename Bwd, typename MakeBackwardDesc>
void build(LayerPrimitives &p, bool training,
           const typename Fwd::desc &forwardDesc,
           MakeBackwardDesc backwardDesc) {
  typename Fwd::primitive_desc fpd(forwardDesc, attributes(), cpu());
  keepForward(p, fpd, training);
  p.forward = Fwd(fpd);
  if (!training)
    return;
  typename Bwd::primitive_desc bpd(backwardDesc(), attributes(), cpu(), fpd);
  keepBackward(p, bpd);
  p.backward = Bwd(bpd);
}

/// Creates the primitives of `p.shape`: forward (training or inference)
/// and, for training, backward with the forward descriptor as its hint.
void create(LayerPrimitives &p) {
  const Shape &s = p.shape;
  bool training = s.config & RNNC_RT_LAYER_TRAINING;
  auto direction = (s.config & RNNC_RT_LAYER_REVERSE)
                       ? dnnl::rnn_direction::unidirectional_right2left
                       : dnnl::rnn_direction::unidirectional_left2right;
  auto kind = training ? dnnl::prop_kind::forward_training
                       : dnnl::prop_kind::forward_inference;
  int64_t g = gatesOf(s.config);
  auto srcLayer = plain({s.steps, s.batch, s.input}, tag::tnc);
  auto iter = plain({1, 1, s.batch, s.hidden}, tag::ldnc);
  auto wLayer = plain({1, 1, s.input, g, s.hidden}, tag::any);
  auto wIter = plain({1, 1, s.hidden, g, s.hidden}, tag::any);
  auto bias = plain({1, 1, biasGatesOf(s.config), s.hidden}, tag::ldgo);
  auto dstLayer = plain({s.steps, s.batch, s.hidden}, tag::tnc);
  auto backwardKind = dnnl::prop_kind::backward;
  switch (cellOf(s.config)) {
  case RNNC_RT_CELL_LSTM:
    return build<dnnl::lstm_forward, dnnl::lstm_backward>(
        p, training,
        dnnl::lstm_forward::desc(kind, direction, srcLayer, iter, iter, wLayer,
                                 wIter, bias, dstLayer, iter, iter),
        [&] {
          return dnnl::lstm_backward::desc(
              backwardKind, direction, srcLayer, iter, iter, wLayer, wIter,
              bias, dstLayer, iter, iter, srcLayer, iter, iter, wLayer, wIter,
              bias, dstLayer, iter, iter);
        });
  case RNNC_RT_CELL_GRU_RESET_BEFORE:
    return build<dnnl::gru_forward, dnnl::gru_backward>(
        p, training,
        dnnl::gru_forward::desc(kind, direction, srcLayer, iter, wLayer, wIter,
                                bias, dstLayer, iter),
        [&] {
          return dnnl::gru_backward::desc(
              backwardKind, direction, srcLayer, iter, wLayer, wIter, bias,
              dstLayer, iter, srcLayer, iter, wLayer, wIter, bias, dstLayer,
              iter);
        });
  case RNNC_RT_CELL_GRU:
    return build<dnnl::lbr_gru_forward, dnnl::lbr_gru_backward>(
        p, training,
        dnnl::lbr_gru_forward::desc(kind, direction, srcLayer, iter, wLayer,
                                    wIter, bias, dstLayer, iter),
        [&] {
          return dnnl::lbr_gru_backward::desc(
              backwardKind, direction, srcLayer, iter, wLayer, wIter, bias,
              dstLayer, iter, srcLayer, iter, wLayer, wIter, bias, dstLayer,
              iter);
        });
  default: {
    auto activation = cellOf(s.config) == RNNC_RT_CELL_RELU
                          ? dnnl::algorithm::eltwise_relu
                          : dnnl::algorithm::eltwise_tanh;
    return build<dnnl::vanilla_rnn_forward, dnnl::vanilla_rnn_backward>(
        p, training,
        dnnl::vanilla_rnn_forward::desc(kind, activation, direction, srcLayer,
                                        iter, wLayer, wIter, bias, dstLayer,
                                        iter),
        [&] {
          return dnnl::vanilla_rnn_backward::desc(
              backwardKind, activation, direction, srcLayer, iter, wLayer,
              wIter, bias, dstLayer, iter, srcLayer, iter, wLayer, wIter,
              bias, dstLayer, iter);
        });
  }
  }
}

/// Per site, the primitives of the shapes seen last (generation alternates
/// between the prefix's length and single steps).
class PrimitiveCache {
public:
  LayerPrimitives &get(int64_t site, const Shape &shape) {
    auto &entries = sites[site];
    for (auto &entry : entries)
      if (entry->shape == shape)
        return *entry;
    if (entries.size() >= kPerSite)
      entries.pop_front();
    auto entry = std::make_unique<LayerPrimitives>();
    entry->shape = shape;
    try {
      create(*entry);
    } catch (const dnnl::error &e) {
      fail(fmt::format("cannot create the primitives of site {} (T={}, B={}, "
                       "I={}, H={}): {}",
                       site, shape.steps, shape.batch, shape.input,
                       shape.hidden, e.what()));
    }
    entries.push_back(std::move(entry));
    return *entries.back();
  }

  LayerPrimitives *find(int64_t site, const Shape &shape) {
    auto it = sites.find(site);
    if (it == sites.end())
      return nullptr;
    for (auto &entry : it->second)
      if (entry->shape == shape)
        return entry.get();
    return nullptr;
  }

private:
  static constexpr size_t kPerSite = 4;
  std::map<int64_t, std::deque<std::unique_ptr<LayerPrimitives>>> sites;
};

PrimitiveCache &cache() {
  static PrimitiveCache instance;
  return instance;
}


/// The input size K of a weight matrix ([G*H, K], or [K, G*H]).
int64_t inputSizeOf(const rnnc_matrix_f32 *w, int64_t config) {
  return w->sizes[inputMajor(config) ? 0 : 1];
}

/// The oneDNN descriptor of a weight matrix in the user's layout: ldigo
/// for input-major matrices, ldgoi (PyTorch's) otherwise.
memory::desc userWeightsDesc(const Shape &s, int64_t k) {
  return plain({1, 1, k, gatesOf(s.config), s.hidden},
               inputMajor(s.config) ? tag::ldigo : tag::ldgoi);
}

/// The user's weights as a oneDNN memory; for the GRU through `scratch`,
/// with the gates in oneDNN's order.
memory userWeights(const rnnc_matrix_f32 *w, const Shape &s,
                   std::vector<float> &scratch) {
  int64_t k = inputSizeOf(w, s.config);
  float *source = data(w);
  if (isGRU(s.config)) {
    scratch.resize(static_cast<size_t>(gatesOf(s.config) * s.hidden * k));
    permuteGateBlocks(source, scratch.data(), s.hidden, k, inputMajor(s.config));
    source = scratch.data();
  }
  return memory(userWeightsDesc(s, k), cpu(), source);
}

void reorderInto(memory from, memory to) {
  dnnl::reorder(from, to).execute(cpuStream(), from, to);
}

/// `user` in the layout of `buffer`: `user` itself when the layouts agree,
/// else `buffer` after a reorder.
memory inLayoutOf(memory user, memory buffer) {
  if (user.get_desc() == buffer.get_desc())
    return user;
  reorderInto(user, buffer);
  return buffer;
}

/// The library's bias from b_ih and b_hh.
void combineBias(LayerPrimitives &p, const rnnc_vector_f32 *bih,
                 const rnnc_vector_f32 *bhh) {
  const Shape &s = p.shape;
  p.bias.assign(static_cast<size_t>(biasGatesOf(s.config) * s.hidden), 0.0f);
  rnnc::rt::onednn::combineBias(cellOf(s.config), s.hidden, data(bih), data(bhh),
                      p.bias.data());
}

/// Splits the library's bias gradient into those of b_ih and b_hh.
void splitBiasGradient(const LayerPrimitives &p, rnnc_vector_f32 *dbih,
                       rnnc_vector_f32 *dbhh) {
  rnnc::rt::onednn::splitBiasGradient(cellOf(p.shape.config), p.shape.hidden,
                            p.diffBias.data(), data(dbih), data(dbhh));
}

/// The library's weight gradient (primitive layout) into the user's
/// buffer and layout.
void weightGradientInto(LayerPrimitives &p, memory diff, rnnc_matrix_f32 *dw) {
  const Shape &s = p.shape;
  int64_t k = inputSizeOf(dw, s.config);
  float *target = data(dw);
  std::vector<float> scratch;
  if (isGRU(s.config))
    scratch.resize(static_cast<size_t>(gatesOf(s.config) * s.hidden * k));
  float *staging = isGRU(s.config) ? scratch.data() : target;
  memory user(userWeightsDesc(s, k), cpu(), staging);
  reorderInto(diff, user);
  if (isGRU(s.config))
    permuteGateBlocks(staging, target, s.hidden, k, inputMajor(s.config));
}

/// Where the backward writes the gradient of `dw`: the user's buffer
/// itself when it has the layout the primitive writes (an input-major
/// matrix, but not the GRU's, whose gates oneDNN orders differently),
/// else the primitive's own buffer `own`, for weightGradientInto.
memory gradientTarget(const LayerPrimitives &p, const memory &own,
                      rnnc_matrix_f32 *dw) {
  const Shape &s = p.shape;
  if (isGRU(s.config))
    return own;
  memory::desc user = userWeightsDesc(s, inputSizeOf(dw, s.config));
  return user == own.get_desc() ? memory(user, cpu(), data(dw)) : own;
}

memory wrap(const memory::desc &desc, float *pointer) {
  return memory(desc, cpu(), pointer);
}

Shape shapeOf(int64_t config, const rnnc_tensor3_f32 *x,
              const rnnc_tensor3_f32 *h0) {
  return Shape{config, x->sizes[0], x->sizes[1], x->sizes[2], h0->sizes[2]};
}

void checkDense(const rnnc_tensor3_f32 *t, const char *name) {
  if (!isDense<rnnc_tensor3_f32, 3>(t))
    fail(fmt::format("{} is not a dense row-major buffer", name));
}

/// The common memories of a call: x, states, y, final states.
struct SequenceMemories {
  memory srcLayer, srcIter, srcIterC, dstLayer, dstIter, dstIterC;
};

SequenceMemories sequence(const Shape &s, rnnc_tensor3_f32 *x,
                          rnnc_tensor3_f32 *h0, rnnc_tensor3_f32 *c0,
                          rnnc_tensor3_f32 *y, rnnc_tensor3_f32 *hn,
                          rnnc_tensor3_f32 *cn) {
  auto iter = plain({1, 1, s.batch, s.hidden}, tag::ldnc);
  return SequenceMemories{
      wrap(plain({s.steps, s.batch, s.input}, tag::tnc), data(x)),
      wrap(iter, data(h0)),
      wrap(iter, data(c0)),
      wrap(plain({s.steps, s.batch, s.hidden}, tag::tnc), data(y)),
      wrap(iter, data(hn)),
      wrap(iter, data(cn))};
}

/// T = 0: the final states are the initial ones.
void emptySequence(const Shape &s, rnnc_tensor3_f32 *h0, rnnc_tensor3_f32 *c0,
                   rnnc_tensor3_f32 *hn, rnnc_tensor3_f32 *cn) {
  size_t n = static_cast<size_t>(s.batch * s.hidden);
  std::copy(data(h0), data(h0) + n, data(hn));
  if (hasCell(s.config))
    std::copy(data(c0), data(c0) + n, data(cn));
}

} // namespace

extern "C" void _mlir_ciface_rnnc_rt_layer_forward(
    int64_t site, int64_t config, rnnc_tensor3_f32 *x, rnnc_tensor3_f32 *h0,
    rnnc_tensor3_f32 *c0, rnnc_matrix_f32 *w_ih, rnnc_matrix_f32 *w_hh,
    rnnc_vector_f32 *b_ih, rnnc_vector_f32 *b_hh, rnnc_tensor3_f32 *y,
    rnnc_tensor3_f32 *h_n, rnnc_tensor3_f32 *c_n) {
  Shape s = shapeOf(config, x, h0);
  if (s.steps == 0 || s.batch == 0)
    return emptySequence(s, h0, c0, h_n, c_n);
  checkDense(x, "the layer's input");
  LayerPrimitives &p = cache().get(site, s);
  try {
    // Training forwards always see new weights; inference forwards (one
    // token at a time in generation) reuse the last reorder while the
    // parameters have not changed.
    // The bias is combined every call (G*H additions): a bias may be a
    // computed tensor (a recognised cell's zeros) in a new buffer.
    LayerPrimitives::Source source{data(w_ih), data(w_hh),
                                   rnnc::rt::parameterVersion()};
    bool training = config & RNNC_RT_LAYER_TRAINING;
    if (training || !(p.prepared == source)) {
      p.wLayerUsed = inLayoutOf(userWeights(w_ih, s, p.gruLayer),
                                p.weightsLayerF);
      p.wIterUsed = inLayoutOf(userWeights(w_hh, s, p.gruIter), p.weightsIterF);
      p.prepared = training ? LayerPrimitives::Source{} : source;
    }
    combineBias(p, b_ih, b_hh);
    memory wLayer = p.wLayerUsed, wIter = p.wIterUsed;
    SequenceMemories m = sequence(s, x, h0, c0, y, h_n, c_n);
    std::unordered_map<int, memory> args{
        {DNNL_ARG_SRC_LAYER, m.srcLayer},
        {DNNL_ARG_SRC_ITER, m.srcIter},
        {DNNL_ARG_WEIGHTS_LAYER, wLayer},
        {DNNL_ARG_WEIGHTS_ITER, wIter},
        {DNNL_ARG_BIAS,
         wrap(plain({1, 1, biasGatesOf(config), s.hidden}, tag::ldgo),
              p.bias.data())},
        {DNNL_ARG_DST_LAYER, m.dstLayer},
        {DNNL_ARG_DST_ITER, m.dstIter}};
    if (hasCell(config)) {
      args[DNNL_ARG_SRC_ITER_C] = m.srcIterC;
      args[DNNL_ARG_DST_ITER_C] = m.dstIterC;
    }
    if (config & RNNC_RT_LAYER_TRAINING)
      args[DNNL_ARG_WORKSPACE] = p.workspace;
    args[DNNL_ARG_SCRATCHPAD] = p.forwardScratch;
    p.forward.execute(cpuStream(), args);
    cpuStream().wait();
    p.forwardRan = true;
  } catch (const dnnl::error &e) {
    fail(fmt::format("forward of site {}: {}", site, e.what()));
  }
}

extern "C" void _mlir_ciface_rnnc_rt_layer_backward(
    int64_t site, int64_t config, rnnc_tensor3_f32 *x, rnnc_tensor3_f32 *h0,
    rnnc_tensor3_f32 *c0, rnnc_matrix_f32 *w_ih, rnnc_matrix_f32 *w_hh,
    rnnc_vector_f32 *b_ih, rnnc_vector_f32 *b_hh, rnnc_tensor3_f32 *y,
    rnnc_tensor3_f32 *h_n, rnnc_tensor3_f32 *c_n, rnnc_tensor3_f32 *d_y,
    rnnc_tensor3_f32 *d_h_n, rnnc_tensor3_f32 *d_c_n, rnnc_tensor3_f32 *d_x,
    rnnc_tensor3_f32 *d_h0, rnnc_tensor3_f32 *d_c0, rnnc_matrix_f32 *d_w_ih,
    rnnc_matrix_f32 *d_w_hh, rnnc_vector_f32 *d_b_ih,
    rnnc_vector_f32 *d_b_hh) {
  Shape s = shapeOf(config | RNNC_RT_LAYER_TRAINING, x, h0);
  if (s.steps == 0 || s.batch == 0) {
    // No steps: the initial states' adjoints are the final ones'.
    emptySequence(s, d_h_n, d_c_n, d_h0, d_c0);
    for (rnnc_matrix_f32 *dw : {d_w_ih, d_w_hh})
      std::fill(data(dw), data(dw) + dw->sizes[0] * dw->sizes[1], 0.0f);
    for (rnnc_vector_f32 *db : {d_b_ih, d_b_hh})
      std::fill(data(db), data(db) + db->sizes[0], 0.0f);
    return;
  }
  LayerPrimitives *p = cache().find(site, s);
  if (!p || !p->forwardRan)
    fail(fmt::format("backward of site {} without its training forward",
                     site));
  try {
    memory wLayer = inLayoutOf(userWeights(w_ih, s, p->gruLayer),
                               p->weightsLayerB);
    memory wIter =
        inLayoutOf(userWeights(w_hh, s, p->gruIter), p->weightsIterB);
    combineBias(*p, b_ih, b_hh);
    p->diffBias.assign(p->bias.size(), 0.0f);
    // oneDNN accumulates weight gradients: their buffers start at zero.
    memory dwLayer = gradientTarget(*p, p->diffWeightsLayer, d_w_ih);
    memory dwIter = gradientTarget(*p, p->diffWeightsIter, d_w_hh);
    for (memory *m : {&dwLayer, &dwIter})
      std::memset(m->get_data_handle(), 0, m->get_desc().get_size());
    SequenceMemories m = sequence(s, x, h0, c0, y, h_n, c_n);
    SequenceMemories d = sequence(s, d_x, d_h0, d_c0, d_y, d_h_n, d_c_n);
    auto biasDesc = plain({1, 1, biasGatesOf(config), s.hidden}, tag::ldgo);
    std::unordered_map<int, memory> args{
        {DNNL_ARG_SRC_LAYER, m.srcLayer},
        {DNNL_ARG_SRC_ITER, m.srcIter},
        {DNNL_ARG_WEIGHTS_LAYER, wLayer},
        {DNNL_ARG_WEIGHTS_ITER, wIter},
        {DNNL_ARG_BIAS, wrap(biasDesc, p->bias.data())},
        {DNNL_ARG_DST_LAYER, m.dstLayer},
        {DNNL_ARG_DST_ITER, m.dstIter},
        {DNNL_ARG_DIFF_SRC_LAYER, d.srcLayer},
        {DNNL_ARG_DIFF_SRC_ITER, d.srcIter},
        {DNNL_ARG_DIFF_WEIGHTS_LAYER, dwLayer},
        {DNNL_ARG_DIFF_WEIGHTS_ITER, dwIter},
        {DNNL_ARG_DIFF_BIAS, wrap(biasDesc, p->diffBias.data())},
        {DNNL_ARG_DIFF_DST_LAYER, d.dstLayer},
        {DNNL_ARG_DIFF_DST_ITER, d.dstIter},
        {DNNL_ARG_WORKSPACE, p->workspace}};
    if (hasCell(config)) {
      args[DNNL_ARG_SRC_ITER_C] = m.srcIterC;
      args[DNNL_ARG_DST_ITER_C] = m.dstIterC;
      args[DNNL_ARG_DIFF_SRC_ITER_C] = d.srcIterC;
      args[DNNL_ARG_DIFF_DST_ITER_C] = d.dstIterC;
    }
    args[DNNL_ARG_SCRATCHPAD] = p->backwardScratch;
    p->backward.execute(cpuStream(), args);
    if (dwLayer.get_data_handle() != data(d_w_ih))
      weightGradientInto(*p, dwLayer, d_w_ih);
    if (dwIter.get_data_handle() != data(d_w_hh))
      weightGradientInto(*p, dwIter, d_w_hh);
    cpuStream().wait();
    splitBiasGradient(*p, d_b_ih, d_b_hh);
  } catch (const dnnl::error &e) {
    fail(fmt::format("backward of site {}: {}", site, e.what()));
  }
}
