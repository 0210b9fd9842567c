//===- ModelFunctionTest.cpp - calling generated functions ----------------===//
//
// callFunction and BoundFunction against hand-written packed entry points:
// results that are one buffer (a value the generated code returns twice)
// are both copied before the buffer is freed; a bound function reads its
// tensors at every run and refills the same result tensors.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/ModelFunction.h"

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Runtime.h"

#include <gtest/gtest.h>

namespace {

constexpr int64_t kSize = 8;

/// Returns one [8] buffer holding 1..8 as both of its results, allocated
/// as the generated code allocates
/// (each descriptor: allocated, aligned, offset, size, stride).
void twiceTheSameBuffer(void **args) {
  auto *data = static_cast<float *>(
      _mlir_memref_to_llvm_alloc(kSize * sizeof(float)));
  for (int64_t i = 0; i < kSize; ++i)
    data[i] = static_cast<float>(i + 1);
  auto *words = static_cast<int64_t *>(args[0]);
  for (int r = 0; r < 2; ++r, words += 5) {
    words[0] = words[1] = reinterpret_cast<int64_t>(data);
    words[2] = 0;
    words[3] = kSize;
    words[4] = 1;
  }
}

rnnc::rt::TensorSpec gradient(const char *name) {
  rnnc::rt::TensorSpec spec;
  spec.role = "grad";
  spec.name = name;
  spec.shape = {rnnc::rt::DimExpr{"8"}};
  return spec;
}

} // namespace

TEST(CallFunction, CopiesResultsThatShareABufferBeforeFreeingIt) {
  rnnc::rt::FunctionSpec spec;
  spec.name = "train_step";
  spec.results = {gradient("bias_ih"), gradient("bias_hh")};
  std::vector<rnnc::rt::Tensor> results =
      rnnc::rt::callFunction(twiceTheSameBuffer, spec, {}, {});
  ASSERT_EQ(results.size(), 2u);
  for (const rnnc::rt::Tensor &t : results) {
    ASSERT_EQ(t.numElements(), kSize);
    for (int64_t i = 0; i < kSize; ++i)
      EXPECT_EQ(t.data<float>()[i], static_cast<float>(i + 1));
  }
}

namespace {
/// y = 2 x over one [8] argument, and the sum of x as a rank-0 result;
/// both allocated as the generated code's results are.
void doubleAndSum(void **args) {
  const auto *x = static_cast<const int64_t *>(args[0]);
  const float *in = reinterpret_cast<const float *>(x[1]) + x[2];
  auto *y = static_cast<float *>(
      _mlir_memref_to_llvm_alloc(kSize * sizeof(float)));
  auto *sum = static_cast<float *>(_mlir_memref_to_llvm_alloc(sizeof(float)));
  *sum = 0;
  for (int64_t i = 0; i < kSize; ++i) {
    y[i] = 2 * in[i];
    *sum += in[i];
  }
  auto *words = static_cast<int64_t *>(args[1]);
  words[0] = words[1] = reinterpret_cast<int64_t>(y);
  words[2] = 0;
  words[3] = kSize;
  words[4] = 1;
  words[5] = words[6] = reinterpret_cast<int64_t>(sum);
  words[7] = 0;
}
} // namespace

/// doubleAndSum's manifest entry: x [8] in, y [8] and the sum out.
static rnnc::rt::FunctionSpec doubleAndSumSpec() {
  rnnc::rt::FunctionSpec spec;
  spec.name = "step";
  rnnc::rt::TensorSpec x;
  x.role = "input";
  x.name = "x";
  x.shape = {rnnc::rt::DimExpr{"8"}};
  rnnc::rt::TensorSpec y = x, sum;
  y.role = "output";
  y.name = "y";
  sum.role = "result";
  sum.name = "sum";
  spec.args = {x};
  spec.results = {y, sum};
  return spec;
}

TEST(BoundFunction, ReadsItsTensorsAtEveryRunAndReusesItsResults) {
  rnnc::rt::FunctionSpec spec = doubleAndSumSpec();
  rnnc::rt::Tensor input(rnnc::rt::DType::F32, {kSize});
  rnnc::rt::BoundFunction bound(doubleAndSum, spec, {}, {&input});
  for (int run = 1; run <= 3; ++run) {
    for (int64_t i = 0; i < kSize; ++i)
      input.data<float>()[i] = static_cast<float>(run * i);
    const void *before = run > 1 ? bound.results()[0].raw() : nullptr;
    bound.run();
    const std::vector<rnnc::rt::Tensor> &results = bound.results();
    if (before) {
      EXPECT_EQ(results[0].raw(), before); // the same tensor, refilled
    }
    EXPECT_EQ(results[0].data<float>()[3], 6.0f * run);
    EXPECT_EQ(results[1].numElements(), 1);
    EXPECT_EQ(*results[1].data<float>(), 28.0f * run);
  }
}

TEST(BoundFunction, RefusesAnArgumentOfTheWrongShape) {
  rnnc::rt::FunctionSpec spec = doubleAndSumSpec();
  rnnc::rt::Tensor wrong(rnnc::rt::DType::F32, {3});
  EXPECT_THROW(rnnc::rt::BoundFunction(doubleAndSum, spec, {}, {&wrong}),
               rnnc::rt::Error);
}
