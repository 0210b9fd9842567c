//===- ModelFunctionTest.cpp - calling generated functions ----------------===//
//
// callFunction against a hand-written packed entry point: results that are
// one buffer (a value the generated code returns twice) are both copied
// before the buffer is freed.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/ModelFunction.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace {

constexpr int64_t kSize = 8;

/// Returns one malloc'd [8] buffer holding 1..8 as both of its results
/// (each descriptor: allocated, aligned, offset, size, stride).
void twiceTheSameBuffer(void **args) {
  auto *data = static_cast<float *>(std::malloc(kSize * sizeof(float)));
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
