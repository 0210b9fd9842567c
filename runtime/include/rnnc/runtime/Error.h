//===- Error.h - user-facing errors of the runtime --------------*- C++ -*-===//
//
// A bad data file, flag or checkpoint is the user's problem, not a bug: it
// is reported as one line naming the file and where in it (line, byte
// offset, tensor), and the executable exits with code 1. Runtime code
// throws rnnc::rt::Error; the command-line layer catches it.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_ERROR_H
#define RNNC_RUNTIME_ERROR_H

#include <stdexcept>
#include <string>

namespace rnnc::rt {

class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// "<path>: <what>", the shape of every file-related message.
[[noreturn]] void fail(const std::string &path, const std::string &what);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_ERROR_H
