//===- OptimizerTest.cpp - SGD, Adam and clipping against closed forms -----===//

#include "rnnc/runtime/Optimizer.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace rnnc::rt;

TEST(Clip, ScalesToTheThresholdOnlyAboveIt) {
  std::vector<float> w1{0, 0}, g1{3, 0}, w2{0}, g2{4};
  std::vector<ParamSlot> params{{w1.data(), g1.data(), 2},
                                {w2.data(), g2.data(), 1}};
  EXPECT_DOUBLE_EQ(clipGradients(params, 10.0), 5.0); // below: unchanged
  EXPECT_FLOAT_EQ(g1[0], 3.0f);
  EXPECT_DOUBLE_EQ(clipGradients(params, 1.0), 5.0); // g <- g / 5
  EXPECT_FLOAT_EQ(g1[0], 0.6f);
  EXPECT_FLOAT_EQ(g2[0], 0.8f);
  EXPECT_NEAR(globalGradNorm(params), 1.0, 1e-6);
}

TEST(SGD, StepsAgainstTheGradient) {
  std::vector<float> w{1, 2}, g{0.5, -1};
  SGD{0.1}.step({{w.data(), g.data(), 2}});
  EXPECT_FLOAT_EQ(w[0], 0.95f);
  EXPECT_FLOAT_EQ(w[1], 2.1f);
}

TEST(Adam, FirstStepMovesByLrTimesTheSignOfTheGradient) {
  // After one step m_hat = g and v_hat = g^2: w -= lr * g / (|g| + eps).
  std::vector<float> w{1, 1}, g{0.3f, -2.0f};
  Adam adam;
  adam.lr = 0.01;
  adam.step({{w.data(), g.data(), 2}});
  // Within float32 rounding of values near 1 (one ulp is 1.2e-7).
  EXPECT_NEAR(w[0], 1 - 0.01 * 0.3 / (0.3 + 1e-8), 2.5e-7);
  EXPECT_NEAR(w[1], 1 + 0.01 * 2.0 / (2.0 + 1e-8), 2.5e-7);
}

TEST(Adam, MatchesTheClosedFormOverSeveralSteps) {
  std::vector<float> w{0.5f};
  double ref = 0.5, m = 0, v = 0;
  Adam adam;
  adam.lr = 0.05;
  for (int t = 1; t <= 5; ++t) {
    float g = static_cast<float>(std::sin(t)); // any gradient sequence
    std::vector<float> grad{g};
    adam.step({{w.data(), grad.data(), 1}});
    m = 0.9 * m + 0.1 * g;
    v = 0.999 * v + 0.001 * g * g;
    double mHat = m / (1 - std::pow(0.9, t));
    double vHat = v / (1 - std::pow(0.999, t));
    ref -= 0.05 * mHat / (std::sqrt(vHat) + 1e-8);
    // The optimizer works in float32; the reference in double.
    EXPECT_NEAR(w[0], ref, 5e-6) << "step " << t;
  }
  EXPECT_EQ(adam.t, 5);
}
