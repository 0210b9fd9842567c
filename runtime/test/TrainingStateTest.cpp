//===- TrainingStateTest.cpp - best epoch, patience, the saved state ------===//

#include "rnnc/runtime/Checkpoint.h"
#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Training.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

using namespace rnnc::rt;

namespace {
EpochMetrics heldOut(int64_t epoch, double valLoss) {
  EpochMetrics m;
  m.epoch = epoch;
  m.valLoss = valLoss;
  m.valPerplexity = std::exp(valLoss);
  return m;
}
} // namespace

TEST(BestEpoch, KeepsTheLowestHeldOutLossAndCountsEpochsSince) {
  BestEpoch best;
  EXPECT_TRUE(best.record(heldOut(1, 2.0)));
  EXPECT_TRUE(best.record(heldOut(2, 1.5)));
  EXPECT_FALSE(best.record(heldOut(3, 1.7)));
  EXPECT_FALSE(best.record(heldOut(4, 1.5))); // a tie keeps the earlier one
  EXPECT_EQ(best.epoch, 2);
  EXPECT_DOUBLE_EQ(best.valLoss, 1.5);
  EXPECT_EQ(best.epochsWithoutImprovement, 2);
  EXPECT_TRUE(best.exhausted(2));
  EXPECT_FALSE(best.exhausted(3));
  EXPECT_FALSE(best.exhausted(0)); // 0: no early stopping
  EXPECT_TRUE(best.record(heldOut(5, 1.0)));
  EXPECT_EQ(best.epochsWithoutImprovement, 0);
}

TEST(BestEpoch, IgnoresEpochsWithoutHeldOutData) {
  BestEpoch best;
  EpochMetrics none;
  none.epoch = 1;
  EXPECT_FALSE(best.record(none));
  EXPECT_EQ(best.epoch, 0);
  EXPECT_EQ(best.epochsWithoutImprovement, 0);
}

TEST(TrainingState, RoundTripsBestEpochAndTrainingStep) {
  TrainingState state;
  state.epoch = 7;
  state.rng.seed(3);
  state.trainingStep = 1234;
  state.best.record(heldOut(5, 1.0 / 3.0));
  state.best.record(heldOut(6, 0.5));
  auto path =
      (std::filesystem::temp_directory_path() / "rnnc-training-state-test")
          .string();
  saveTrainingState(path, state);
  TrainingState loaded = loadTrainingState(path);
  std::filesystem::remove(path);
  EXPECT_EQ(loaded.epoch, 7);
  EXPECT_EQ(loaded.trainingStep, 1234);
  EXPECT_EQ(loaded.best.epoch, 5);
  EXPECT_EQ(loaded.best.valLoss, 1.0 / 3.0); // bit for bit
  EXPECT_EQ(loaded.best.valPerplexity, std::exp(1.0 / 3.0));
  EXPECT_EQ(loaded.best.epochsWithoutImprovement, 1);
  EXPECT_EQ(loaded.rng(), state.rng());
}
