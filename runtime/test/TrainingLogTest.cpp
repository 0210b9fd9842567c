//===- TrainingLogTest.cpp - metrics lines, tag output, training plots ----===//

#include "rnnc/runtime/TaggingData.h"
#include "rnnc/runtime/TrainingLog.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace rnnc::rt;

namespace {
EpochMetrics epoch(int64_t n, double loss, double valLoss) {
  EpochMetrics m;
  m.epoch = n;
  m.loss = loss;
  m.perplexity = std::exp(loss);
  if (valLoss > 0) {
    m.valLoss = valLoss;
    m.valPerplexity = std::exp(valLoss);
  }
  return m;
}
} // namespace

TEST(MetricsLine, HeldOutFieldsOnlyWithHeldOutData) {
  BestEpoch best;
  EXPECT_EQ(metricsLine(epoch(1, 2.0, 0), best),
            R"({"epoch":1,"grad_norm":0.0,"loss":2.0,"perplexity":)"
            R"(7.38905609893065,"seconds":0.0,"tokens_per_s":0.0})");
  EpochMetrics m = epoch(2, 1.0, 1.5);
  best.record(m);
  std::string line = metricsLine(m, best);
  EXPECT_NE(line.find(R"("val_loss":1.5)"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("best_epoch":2)"), std::string::npos) << line;
}

TEST(TrainingPlot, LossAndPerplexityWithHeldOutLinesWhereThereAreSome) {
  auto panels = trainingPlot("lm", Task::LanguageModel,
                             {epoch(1, 2.0, 0), epoch(2, 1.0, 1.5)});
  ASSERT_EQ(panels.size(), 2u);
  EXPECT_EQ(panels[0].title, "lm: loss");
  ASSERT_EQ(panels[0].lines.size(), 2u);
  EXPECT_TRUE(std::isnan(panels[0].lines[1].ys[0])); // epoch 1: none
  EXPECT_DOUBLE_EQ(panels[0].lines[1].ys[1], 1.5);
  EXPECT_EQ(trainingPlot("lm", Task::LanguageModel, {epoch(1, 2.0, 0)})[0]
                .lines.size(),
            1u);
}

TEST(TrainingPlot, SeriesModelsHaveNoPerplexity) {
  EXPECT_EQ(trainingPlot("ar", Task::Series, {epoch(1, 0.1, 0.2)}).size(), 1u);
}

TEST(FormatTags, SegmentsWordsOrSpellsTheLabelString) {
  std::vector<std::string> names{"inside", "start"};
  EXPECT_EQ(formatTags({"a", "b", "c", "d"}, names, {1, 0, 1, 0}, false),
            "ab cd");
  EXPECT_EQ(formatTags({"h", "i"}, {"o", "h", "i"}, {2, 1}, true), "ih");
}

TEST(MetricsLine, AllReduceTrafficOnlyOnSeveralRanks) {
  EpochMetrics m = epoch(1, 2.0, 0);
  EXPECT_EQ(metricsLine(m, BestEpoch()).find("allreduce"), std::string::npos);
  m.allreduceBytesPerStep = 13688;
  m.allreduceSecondsPerStep = 0.0005;
  std::string line = metricsLine(m, BestEpoch());
  EXPECT_NE(line.find(R"("allreduce_bytes_per_step":13688.0)"),
            std::string::npos)
      << line;
  EXPECT_NE(line.find(R"("allreduce_ms_per_step":0.5)"), std::string::npos)
      << line;
}
