//===- Gemm.cpp - the f32 GEMM generated code calls -----------------------===//
//
// See _mlir_ciface_rnnc_rt_sgemm in Runtime.h. oneDNN's sgemm is row-major
// and takes leading dimensions, which are the outer strides of the memref
// descriptors; operands with a non-unit inner stride (rare: transposed
// views) take the plain loop. A parameter B stays the same for many
// products (every time step of a sequence), so what a product reads in its
// place is prepared once per parameter version (docs/runtime.md):
//   - a transposed B is transposed: oneDNN 2.6's sgemm runs C = A B^T
//     slower than C = A B at every RNN shape measured;
//   - B is then packed into oneDNN's kernel layout (OneDNNPackedGemm.h)
//     where oneDNN says that pays, instead of being copied into it on
//     every call: h W_hh^T of the LSTM 256 takes 80 us packed, 90 us plain;
//   - for one row (M = 1), and for the rows of a step of several streams
//     (StepWeights.h), B is laid out in panels for kernels that stream it
//     once and compute each row as alone (Gemv.h).
// Where the runtime's kernels are AVX2's and a product runs on one thread,
// products run on rnnc's blocked GEMM (Sgemm.h), a parameter B in its
// panels: oneDNN 2.6's AVX2 sgemm is slow where an operand is aligned
// (Sgemm.h). RNNC_SGEMM=onednn|blocked chooses for every ISA (to measure).
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Runtime.h"

#include "rnnc/runtime/ParameterVersion.h"
#include "rnnc/runtime/StepWeights.h"
#include "rnnc/runtime/WorkerThreads.h"

#include "Gemv.h"
#include "Sgemm.h"
#include "Transpose.h"

#ifdef RNNC_PACKED_SGEMM
#include "OneDNNPackedGemm.h"
#endif

#include <dnnl.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

namespace {
float at(const rnnc_matrix_f32 &m, int64_t i, int64_t j) {
  return m.aligned[m.offset + i * m.strides[0] + j * m.strides[1]];
}

/// One row-major product C [m, n] = op(A) op(B) + beta C with unit inner
/// strides: the operands' data and leading dimensions.
struct Product {
  int64_t m, n, k;
  const float *a;
  int64_t lda;
  bool transA;
  const float *b;
  int64_t ldb;
  bool transB;
  float *c;
  int64_t ldc;
  float beta;
};

/// Whether C = A^T B runs faster as (B^T A)^T: oneDNN 2.6's sgemm runs
/// A^T B at 156-180 GFLOP/s when A's rows are a multiple of 4 KiB long and
/// M > N, against 190-200 swapped, transposition included (the LSTM 256's
/// dW_hh = G^T H, M = 1024, N = 256, K = 1120: 3.6 ms against 3.0 ms;
/// one thread, docs/runtime.md). Other shapes gain nothing, and short
/// sums (K = 35) lose.
bool swapPays(const Product &p) {
  return p.transA && !p.transB && p.lda % 1024 == 0 && p.m > p.n && p.k >= 256;
}

/// Whether `p` runs on rnnc's GEMM: chosen, and the product is one
/// thread's (rnnc's GEMM is serial; oneDNN splits a product over
/// OpenMP's threads where there are several).
bool runsBlocked() {
  return rnnc::rt::blockedSgemmChosen() && rnnc::rt::productThreads() == 1;
}

void plainSgemm(const Product &p) {
  if (runsBlocked()) {
    rnnc::rt::blockedSgemm(rnnc::rt::cpuKernels(), p.m, p.n, p.k, p.a, p.lda,
                           p.transA, p.b, p.ldb, p.transB, p.c, p.ldc,
                           p.beta != 0.0f);
    return;
  }
  if (swapPays(p)) {
    thread_local std::vector<float> swapped;
    swapped.resize(p.n * p.m);
    dnnl_sgemm('T', 'N', p.n, p.m, p.k, 1.0f, p.b, p.ldb, p.a, p.lda, 0.0f,
               swapped.data(), p.m);
    // beta is 0 (overwrite) or 1 (accumulate).
    if (p.beta == 0.0f)
      rnnc::rt::transposeInto<false>(swapped.data(), p.n, p.m, p.m, p.c, p.ldc);
    else
      rnnc::rt::transposeInto<true>(swapped.data(), p.n, p.m, p.m, p.c, p.ldc);
    return;
  }
  dnnl_sgemm(p.transA ? 'T' : 'N', p.transB ? 'T' : 'N', p.m, p.n, p.k, 1.0f,
             p.a, p.lda, p.b, p.ldb, p.beta, p.c, p.ldc);
}

/// How a product reads its parameter B: for oneDNN packed, transposed or
/// as it is; in panels for one row (Gemv.h), of f32 or bfloat16
/// (StepWeights.h); in rnnc's GEMM's panels (Sgemm.h).
enum class Form { AsItIs, Transposed, Packed, Panels, PanelsBf16, Blocked };

#ifdef RNNC_PACKED_SGEMM
/// The product in oneDNN's column-major terms, for an untransposed B
/// [k, n]: C^T [n, m] = B^T A^T, B being the packed operand ("A" there; a
/// row-major matrix is its column-major transpose). Only this form is
/// packed: oneDNN 2.6 crashes packing a transposed operand for
/// 2 <= m <= 15 (every n and k tried), and a transposed B is transposed
/// first anyway.
struct ColumnMajor {
  char transA;
  dnnl_dim_t m, n, k, ldb, lda, ldc;
  ColumnMajor(const Product &p, int64_t ldb)
      : transA(p.transA ? 'T' : 'N'), m(p.n), n(p.m), k(p.k), ldb(ldb),
        lda(p.lda), ldc(p.ldc) {}
};

/// Packs `b` ([k, n], row stride `ldb`) for `p` into `out` (reused from
/// the last version: same size, no new allocation); false where oneDNN
/// would read B in place (or packing fails).
bool pack(const Product &p, const float *b, int64_t ldb,
          std::vector<float> &out) {
  ColumnMajor cm(p, ldb);
  size_t bytes = 0;
  bool worthIt = false;
  if (dnnl::impl::cpu::sgemm_pack_get_size("A", "N", &cm.transA, &cm.m, &cm.n,
                                           &cm.k, &cm.ldb, &cm.lda, &bytes,
                                           &worthIt) != dnnl_success ||
      !worthIt)
    return false;
  out.resize((bytes + sizeof(float) - 1) / sizeof(float));
  return dnnl::impl::cpu::sgemm_pack("A", "N", &cm.transA, &cm.m, &cm.n, &cm.k,
                                     &cm.ldb, &cm.lda, b,
                                     out.data()) == dnnl_success;
}

void packedSgemm(const Product &p, const float *packedB) {
  ColumnMajor cm(p, p.n);
  dnnl::impl::cpu::sgemm_compute("P", &cm.transA, &cm.m, &cm.n, &cm.k, packedB,
                                 &cm.ldb, p.a, &cm.lda, &p.beta, p.c, &cm.ldc);
}
#endif

/// What products read in place of parameter matrices, by place, shape and
/// product, valid for one parameter version.
class PreparedParameters {
public:
  struct Prepared {
    bool ready = false;
    uint64_t version = 0;
    Form form = Form::AsItIs;
    /// B transposed, packed or in panels: kept from version to version
    /// (the same sizes), so preparing allocates nothing after the first
    /// time.
    std::vector<float> transposed, packed;
    rnnc::rt::PanelVector<float> panels;
    rnnc::rt::PanelVector<uint16_t> panelsBf16;
    rnnc::rt::SgemmPackedB blocked;
    /// Calls through the panels: they alternate the panels' order
    /// (Gemv.h's PanelOrder).
    mutable std::atomic<uint64_t> panelCalls{0};
    rnnc::rt::PanelOrder nextPanelOrder() const {
      return panelCalls.fetch_add(1, std::memory_order_relaxed) % 2
                 ? rnnc::rt::PanelOrder::LastToFirst
                 : rnnc::rt::PanelOrder::FirstToLast;
    }
    const float *data() const {
      return form == Form::Transposed ? transposed.data()
             : form == Form::Panels   ? panels.data()
                                      : packed.data();
    }
  };

  const Prepared &get(const Product &p) {
    // Panels for one row, and for a step's rows (any number of them: each
    // row as alone, StepWeights.h); their layout does not depend on m.
    rnnc::rt::StepProducts step = rnnc::rt::currentStepProducts();
    bool panels = !p.transA && (p.m == 1 || step.active);
    bool bf16 = panels && step.active &&
                step.format == rnnc::rt::WeightFormat::BF16;
    Form wanted = panels   ? (bf16 ? Form::PanelsBf16 : Form::Panels)
                  : runsBlocked() ? Form::Blocked
                                  : Form::AsItIs;
    // oneDNN's packing depends on the product's rows; the others do not.
    Key key{p.b,
            p.transB ? p.n : p.k,
            p.transB ? p.k : p.n,
            p.ldb,
            p.transB,
            p.transA,
            wanted == Form::AsItIs ? p.m : 0,
            wanted};
    uint64_t now = rnnc::rt::parameterVersion();
    std::lock_guard<std::mutex> lock(mutex);
    rnnc::rt::dropUnusedPrepared(entries, now, sweptAt);
    Prepared &entry = entries[key];
    if (!entry.ready || entry.version != now) {
      prepare(p, wanted, entry);
      entry.ready = true;
      entry.version = now;
    }
    return entry;
  }

private:
  static void prepare(const Product &p, Form wanted, Prepared &entry) {
    entry.form = wanted;
    if (wanted == Form::PanelsBf16)
      return rnnc::rt::packPanels(rnnc::rt::cpuKernels(), p.b, p.ldb,
                                  p.transB, p.k, p.n, entry.panelsBf16);
    if (wanted == Form::Panels)
      return rnnc::rt::packPanels(rnnc::rt::cpuKernels(), p.b, p.ldb,
                                  p.transB, p.k, p.n, entry.panels);
    if (wanted == Form::Blocked)
      return rnnc::rt::packSgemmB(rnnc::rt::cpuKernels(), p.b, p.ldb,
                                  p.transB, p.k, p.n, entry.blocked);
    const float *b = p.b;
    int64_t ldb = p.ldb;
    if (p.transB) {
      // B [n, k] as its transpose [k, n].
      entry.transposed.resize(p.n * p.k);
      rnnc::rt::transposeInto<false>(p.b, p.n, p.k, p.ldb, entry.transposed.data(), p.n);
      entry.form = Form::Transposed;
      b = entry.transposed.data();
      ldb = p.n;
    }
#ifdef RNNC_PACKED_SGEMM
    if (pack(p, b, ldb, entry.packed))
      entry.form = Form::Packed;
#else
    (void)b;
    (void)ldb;
#endif
  }

  /// B, its shape and stride, the product (rows where oneDNN's packing
  /// depends on them), the form wanted.
  using Key = std::tuple<const float *, int64_t, int64_t, int64_t, bool, bool,
                         int64_t, Form>;
  std::mutex mutex;
  std::map<Key, Prepared> entries;
  uint64_t sweptAt = 0;
};

PreparedParameters &preparedParameters() {
  static PreparedParameters cache;
  return cache;
}

/// A product whose B is a parameter, through its prepared form.
void parameterSgemm(Product p) {
  const PreparedParameters::Prepared &prepared = preparedParameters().get(p);
  if (prepared.form == Form::Panels) {
    rnnc::rt::panelGemm(p.a, p.lda, p.m, p.k, prepared.data(), p.n, p.c, p.ldc,
                        p.beta != 0.0f, prepared.nextPanelOrder());
    return;
  }
  if (prepared.form == Form::Blocked) {
    rnnc::rt::blockedSgemm(p.m, p.n, p.k, p.a, p.lda, p.transA,
                           prepared.blocked, p.c, p.ldc, p.beta != 0.0f);
    return;
  }
  if (prepared.form == Form::PanelsBf16) {
    rnnc::rt::panelGemm(p.a, p.lda, p.m, p.k, prepared.panelsBf16.data(), p.n,
                        p.c, p.ldc, p.beta != 0.0f, prepared.nextPanelOrder());
    return;
  }
#ifdef RNNC_PACKED_SGEMM
  if (prepared.form == Form::Packed) {
    packedSgemm(p, prepared.data());
    return;
  }
#endif
  if (prepared.form == Form::Transposed) {
    p.b = prepared.data();
    p.ldb = p.n;
    p.transB = false;
  }
  plainSgemm(p);
}
} // namespace

extern "C" void _mlir_ciface_rnnc_rt_sgemm(rnnc_matrix_f32 *a,
                                           rnnc_matrix_f32 *b,
                                           rnnc_matrix_f32 *c, int32_t transA,
                                           int32_t transB, int32_t parameterB,
                                           int32_t overwrite) {
  int64_t m = c->sizes[0], n = c->sizes[1];
  int64_t k = transA ? a->sizes[0] : a->sizes[1];
  bool unitInner =
      a->strides[1] == 1 && b->strides[1] == 1 && c->strides[1] == 1;
  if (m > 0 && n > 0 && k > 0 && unitInner) {
    Product p{m,
              n,
              k,
              a->aligned + a->offset,
              a->strides[0],
              transA != 0,
              b->aligned + b->offset,
              b->strides[0],
              transB != 0,
              c->aligned + c->offset,
              c->strides[0],
              overwrite ? 0.0f : 1.0f};
    if (parameterB)
      parameterSgemm(p);
    else
      plainSgemm(p);
    return;
  }
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      float sum = 0;
      for (int64_t p = 0; p < k; ++p)
        sum += (transA ? at(*a, p, i) : at(*a, i, p)) *
               (transB ? at(*b, j, p) : at(*b, p, j));
      float &out =
          c->aligned[c->offset + i * c->strides[0] + j * c->strides[1]];
      out = overwrite ? sum : out + sum;
    }
}
