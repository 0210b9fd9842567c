//===- SafetensorsTest.cpp - checkpoint round trip and malformed files -----===//

#include "rnnc/runtime/Error.h"
#include "rnnc/runtime/Safetensors.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

using namespace rnnc::rt;

namespace {
std::string path(const std::string &name) {
  return testing::TempDir() + "/" + name;
}

/// A file with an 8-byte length, this header and `data`.
std::string rawFile(const std::string &name, const std::string &header,
                    const std::string &data, int64_t lengthAdjust = 0) {
  std::string p = path(name);
  std::ofstream out(p, std::ios::binary);
  uint64_t length = header.size() + lengthAdjust;
  for (int i = 0; i < 8; ++i)
    out.put(static_cast<char>(length >> (8 * i)));
  out << header << data;
  return p;
}

std::string errorOf(const std::string &p) {
  try {
    readSafetensors(p);
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}
} // namespace

TEST(Safetensors, RoundTripsTensorsAndMetadata) {
  std::vector<float> w{1, 2, 3, 4, 5, 6};
  std::vector<int64_t> step{42};
  std::string p = path("model.safetensors");
  writeSafetensors(p,
                   {{"rnn.weight_ih_l0", DType::F32, {2, 3}, w.data()},
                    {"step", DType::I64, {1}, step.data()}},
                   {{"vocab", "[\"<unk>\", \"a\"]"}, {"task", "lm"}});
  SafetensorsFile file = readSafetensors(p);
  EXPECT_EQ(file.metadata.at("task"), "lm");
  EXPECT_EQ(file.metadata.at("vocab"), "[\"<unk>\", \"a\"]");
  const TensorRecord *t = file.find("rnn.weight_ih_l0");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(std::memcmp(file.bytes(*t), w.data(), 24), 0);
  const TensorRecord *s = file.find("step");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->dtype, DType::I64);
  EXPECT_EQ(*reinterpret_cast<const int64_t *>(file.bytes(*s)), 42);
  // The header is padded so the data is 8-byte aligned.
  std::ifstream in(p, std::ios::binary);
  uint64_t length = 0;
  in.read(reinterpret_cast<char *>(&length), 8);
  EXPECT_EQ(length % 8, 0u);
}

TEST(Safetensors, WritesAtomicallyWithoutLeftovers) {
  std::string dir = path("atomic");
  std::filesystem::create_directories(dir);
  std::vector<float> w{1};
  writeSafetensors(dir + "/a.safetensors", {{"w", DType::F32, {1}, w.data()}},
                   {});
  writeSafetensors(dir + "/a.safetensors", {{"w", DType::F32, {1}, w.data()}},
                   {});
  int files = 0;
  for (auto &entry : std::filesystem::directory_iterator(dir)) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1);
}

TEST(Safetensors, RejectsAMissingFile) {
  EXPECT_EQ(errorOf(path("nope.safetensors")),
            path("nope.safetensors") + ": cannot open: No such file or "
                                       "directory");
}

TEST(Safetensors, RejectsAFileTooShortForTheLength) {
  std::string p = path("short.safetensors");
  std::ofstream(p, std::ios::binary) << "abc";
  EXPECT_EQ(errorOf(p), p + ": 3 bytes is too short for a safetensors file "
                            "(it starts with an 8-byte header length)");
}

TEST(Safetensors, RejectsAHeaderLengthBeyondTheFile) {
  std::string p = rawFile("long.safetensors", "{}", "", 1000);
  EXPECT_EQ(errorOf(p), p + ": the header length 1002 exceeds the file size "
                            "of 10 bytes; the file is truncated or not "
                            "safetensors");
}

TEST(Safetensors, RejectsInvalidJson) {
  std::string p = rawFile("json.safetensors", "{\"w\": ", "");
  EXPECT_NE(errorOf(p).find("the header is not valid JSON"),
            std::string::npos);
}

TEST(Safetensors, RejectsAnUnsupportedDtype) {
  std::string p = rawFile(
      "dtype.safetensors",
      R"({"w": {"dtype": "F8", "shape": [1], "data_offsets": [0, 1]}})", "x");
  EXPECT_EQ(errorOf(p), p + ": tensor 'w': unsupported dtype 'F8' (expected "
                            "F32, F64, I32 or I64)");
}

TEST(Safetensors, RejectsAShapeThatDisagreesWithTheOffsets) {
  std::string p = rawFile(
      "shape.safetensors",
      R"({"w": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 20]}})",
      std::string(20, '\0'));
  EXPECT_EQ(errorOf(p), p + ": tensor 'w': shape [2, 3] of F32 needs 24 "
                            "bytes, data_offsets [0, 20] give 20");
}

TEST(Safetensors, RejectsOffsetsPastTheData) {
  std::string p = rawFile(
      "past.safetensors",
      R"({"w": {"dtype": "F32", "shape": [4], "data_offsets": [8, 24]}})",
      std::string(16, '\0'));
  EXPECT_EQ(errorOf(p), p + ": tensor 'w': data_offsets [8, 24] extend past "
                            "the end of the data (16 bytes)");
}

TEST(Safetensors, RejectsOverlappingTensors) {
  std::string p = rawFile(
      "overlap.safetensors",
      R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},)"
      R"( "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}})",
      std::string(12, '\0'));
  EXPECT_EQ(errorOf(p), p + ": tensors 'a' and 'b' overlap in the data");
}

TEST(Safetensors, RejectsNonStringMetadata) {
  std::string p =
      rawFile("meta.safetensors", R"({"__metadata__": {"epoch": 3}})", "");
  EXPECT_EQ(errorOf(p), p + ": __metadata__ entry 'epoch' is not a string");
}

TEST(Safetensors, RejectsNegativeShapes) {
  std::string p = rawFile(
      "neg.safetensors",
      R"({"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}})",
      std::string(4, '\0'));
  EXPECT_EQ(errorOf(p), p + ": tensor 'w': shape entries must be "
                            "non-negative integers");
}
