//===- TestFiles.h - temporary files for runtime tests ----------*- C++ -*-===//

#ifndef RNNC_RUNTIME_TEST_TESTFILES_H
#define RNNC_RUNTIME_TEST_TESTFILES_H

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace rnnc::rt::test {

/// A file under the test's temporary directory holding exactly `bytes`.
inline std::string tempFile(const std::string &name,
                            const std::string &bytes) {
  std::string path = testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

} // namespace rnnc::rt::test

#endif // RNNC_RUNTIME_TEST_TESTFILES_H
