//===- DistributedTest.cpp - one process's job, rows shared by ranks ------===//

#include "rnnc/runtime/Distributed.h"
#include "rnnc/runtime/Error.h"

#include <gtest/gtest.h>

using namespace rnnc::rt;

TEST(Ranks, AProcessNoLauncherStartedIsTheOnlyRankAndSumsNothing) {
  if (launchedAsRank())
    GTEST_SKIP() << "run under an MPI launcher";
  Ranks &ranks = Ranks::world();
  EXPECT_EQ(ranks.rank(), 0);
  EXPECT_EQ(ranks.size(), 1);
  EXPECT_FALSE(ranks.distributed());
  float values[] = {1.5f, -2.0f};
  ranks.sum(values, 2);
  EXPECT_EQ(values[0], 1.5f);
  EXPECT_EQ(values[1], -2.0f);
  EXPECT_EQ(ranks.takeTraffic().calls, 0);
}

TEST(RowShare, EqualContiguousRowsPerRank) {
  EXPECT_EQ(rowShare(32, 0, 2).first, 0);
  EXPECT_EQ(rowShare(32, 1, 2).first, 16);
  EXPECT_EQ(rowShare(32, 1, 2).count, 16);
  EXPECT_EQ(rowShare(32, 0, 1).count, 32);
  EXPECT_THROW(rowShare(30, 0, 4), Error);
}

TEST(RowShare, ColumnsOfATimeMajorMatrix) {
  // [steps 2, batch 4]: t0 = 0 1 2 3, t1 = 4 5 6 7.
  std::vector<int32_t> ids{0, 1, 2, 3, 4, 5, 6, 7};
  EXPECT_EQ(columns(ids, 2, 4, rowShare(4, 1, 2)),
            (std::vector<int32_t>{2, 3, 6, 7}));
  EXPECT_EQ(columns(ids, 2, 4, rowShare(4, 0, 2)),
            (std::vector<int32_t>{0, 1, 4, 5}));
}

TEST(RowShare, MinibatchesTheDataSizeSplitAsEvenlyAsTheyCan) {
  EXPECT_EQ(nearlyEvenShare(5, 0, 2).count, 2);
  EXPECT_EQ(nearlyEvenShare(5, 1, 2).first, 2);
  EXPECT_EQ(nearlyEvenShare(5, 1, 2).count, 3);
  try {
    nearlyEvenShare(1, 0, 2);
    FAIL() << "a one-row minibatch shared by two ranks";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(),
                 "a minibatch of 1 rows cannot be shared by 2 ranks");
  }
}

TEST(RowShare, HeldOutRowsLeaveRanksBeyondThemIdle) {
  // 2 rows on 3 ranks: rank 0 none, ranks 1 and 2 one each.
  EXPECT_EQ(evenShare(2, 0, 3).count, 0);
  EXPECT_EQ(evenShare(2, 1, 3).first, 0);
  EXPECT_EQ(evenShare(2, 1, 3).count, 1);
  EXPECT_EQ(evenShare(2, 2, 3).first, 1);
  EXPECT_EQ(evenShare(2, 2, 3).count, 1);
  EXPECT_EQ(evenShare(3, 0, 1).count, 3);
}
