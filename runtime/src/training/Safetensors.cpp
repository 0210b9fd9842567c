//===- Safetensors.cpp - checkpoints in the safetensors format
//-------------===//
//
// See Safetensors.h. Everything read from a file is untrusted: lengths are
// checked before use, offsets against the data size, shapes against their
// byte counts, and tensors against each other for overlap.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/Safetensors.h"

#include "rnnc/runtime/Error.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace rnnc::rt {

const char *dtypeName(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "F32";
  case DType::F64:
    return "F64";
  case DType::I32:
    return "I32";
  case DType::I64:
    return "I64";
  }
  return "?";
}

size_t dtypeSize(DType dtype) {
  return dtype == DType::F32 || dtype == DType::I32 ? 4 : 8;
}

static bool parseDType(const std::string &name, DType &dtype) {
  for (DType d : {DType::F32, DType::F64, DType::I32, DType::I64})
    if (name == dtypeName(d)) {
      dtype = d;
      return true;
    }
  return false;
}

int64_t TensorRecord::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

const TensorRecord *SafetensorsFile::find(const std::string &name) const {
  for (const TensorRecord &t : tensors)
    if (t.name == name)
      return &t;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

static std::string shapeText(const std::vector<int64_t> &shape) {
  return fmt::format("[{}]", fmt::join(shape, ", "));
}

void writeFileAtomically(const std::string &path,
                         const std::vector<uint8_t> &bytes) {
  std::string tmp = fmt::format("{}.tmp.{}", path, getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0)
    fail(path,
         fmt::format("cannot create '{}': {}", tmp, std::strerror(errno)));
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      fail(path, fmt::format("write failed: {}", std::strerror(err)));
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    fail(path, fmt::format("cannot flush to disk: {}", std::strerror(err)));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    fail(path, fmt::format("cannot replace the file: {}", std::strerror(err)));
  }
  // Make the rename itself durable.
  std::string dir = path.find('/') == std::string::npos
                        ? "."
                        : path.substr(0, path.rfind('/') + 1);
  int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dirFd >= 0) {
    ::fsync(dirFd);
    ::close(dirFd);
  }
}

void writeSafetensors(const std::string &path,
                      const std::vector<TensorView> &tensors,
                      const std::map<std::string, std::string> &metadata) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty())
    header["__metadata__"] = metadata;
  uint64_t offset = 0;
  for (const TensorView &t : tensors) {
    uint64_t bytes = dtypeSize(t.dtype);
    for (int64_t d : t.shape) {
      if (d < 0)
        fail(path, fmt::format("tensor '{}' has a negative dimension in {}",
                               t.name, shapeText(t.shape)));
      bytes *= static_cast<uint64_t>(d);
    }
    header[t.name] = {{"dtype", dtypeName(t.dtype)},
                      {"shape", t.shape},
                      {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string json = header.dump();
  // Pad the header with spaces so the data starts 8-byte aligned.
  json.append((8 - json.size() % 8) % 8, ' ');

  std::vector<uint8_t> file;
  file.reserve(8 + json.size() + offset);
  uint64_t length = json.size();
  for (int i = 0; i < 8; ++i)
    file.push_back(static_cast<uint8_t>(length >> (8 * i)));
  file.insert(file.end(), json.begin(), json.end());
  for (const TensorView &t : tensors) {
    const auto *bytes = static_cast<const uint8_t *>(t.data);
    uint64_t count = dtypeSize(t.dtype);
    for (int64_t d : t.shape)
      count *= static_cast<uint64_t>(d);
    file.insert(file.end(), bytes, bytes + count);
  }
  writeFileAtomically(path, file);
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

/// Largest header we accept (Hugging Face uses 100 MB).
static constexpr uint64_t kMaxHeader = 100u << 20;

SafetensorsFile readSafetensors(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail(path, fmt::format("cannot open: {}", std::strerror(errno)));
  // The file's size, then its parts read straight where they go: the
  // header into a string, the data into the result (one copy, no growth).
  in.seekg(0, std::ios::end);
  std::streamoff end = in.tellg();
  in.seekg(0, std::ios::beg);
  if (end < 0 || !in)
    fail(path, "cannot read its size");
  auto fileSize = static_cast<uint64_t>(end);
  auto readInto = [&](void *to, uint64_t bytes) {
    if (!in.read(static_cast<char *>(to), static_cast<std::streamsize>(bytes)))
      fail(path, fmt::format("cannot read {} bytes: {}", bytes,
                             std::strerror(errno)));
  };
  if (fileSize < 8)
    fail(path, fmt::format("{} bytes is too short for a safetensors file "
                           "(it starts with an 8-byte header length)",
                           fileSize));
  uint8_t lengthBytes[8];
  readInto(lengthBytes, 8);
  uint64_t headerLength = 0;
  for (int i = 0; i < 8; ++i)
    headerLength |= static_cast<uint64_t>(lengthBytes[i]) << (8 * i);
  if (headerLength > kMaxHeader || headerLength > fileSize - 8)
    fail(path, fmt::format("the header length {} exceeds the file size of {} "
                           "bytes; the file is truncated or not safetensors",
                           headerLength, fileSize));
  std::string headerText(headerLength, '\0');
  readInto(headerText.data(), headerLength);

  nlohmann::json header;
  try {
    header = nlohmann::json::parse(headerText);
  } catch (const nlohmann::json::exception &e) {
    fail(path, fmt::format("the header is not valid JSON: {}", e.what()));
  }
  if (!header.is_object())
    fail(path, "the header is not a JSON object");

  SafetensorsFile result;
  result.data.resize(fileSize - 8 - headerLength);
  readInto(result.data.data(), result.data.size());
  uint64_t dataSize = result.data.size();
  for (auto it = header.begin(); it != header.end(); ++it) {
    const std::string &name = it.key();
    const nlohmann::json &entry = it.value();
    if (name == "__metadata__") {
      if (!entry.is_object())
        fail(path, "__metadata__ must be an object of strings");
      for (auto m = entry.begin(); m != entry.end(); ++m) {
        if (!m.value().is_string())
          fail(path,
               fmt::format("__metadata__ entry '{}' is not a string", m.key()));
        result.metadata[m.key()] = m.value().get<std::string>();
      }
      continue;
    }
    auto bad = [&](const std::string &what) {
      fail(path, fmt::format("tensor '{}': {}", name, what));
    };
    if (!entry.is_object())
      bad("the entry is not an object");
    TensorRecord t;
    t.name = name;
    auto dtype = entry.find("dtype");
    if (dtype == entry.end() || !dtype->is_string())
      bad("missing dtype");
    if (!parseDType(dtype->get<std::string>(), t.dtype))
      bad(fmt::format("unsupported dtype '{}' (expected F32, F64, I32 or "
                      "I64)",
                      dtype->get<std::string>()));
    auto shape = entry.find("shape");
    if (shape == entry.end() || !shape->is_array())
      bad("missing shape");
    uint64_t bytes = dtypeSize(t.dtype);
    for (const nlohmann::json &d : *shape) {
      if (!d.is_number_unsigned())
        bad("shape entries must be non-negative integers");
      uint64_t dim = d.get<uint64_t>();
      if (dim != 0 && bytes > UINT64_MAX / dim)
        bad(fmt::format("shape {} overflows 64 bits", shape->dump()));
      bytes *= dim;
      t.shape.push_back(static_cast<int64_t>(dim));
    }
    auto offsets = entry.find("data_offsets");
    if (offsets == entry.end() || !offsets->is_array() ||
        offsets->size() != 2 || !(*offsets)[0].is_number_unsigned() ||
        !(*offsets)[1].is_number_unsigned())
      bad("data_offsets must be two non-negative integers [begin, end]");
    t.begin = (*offsets)[0].get<uint64_t>();
    t.end = (*offsets)[1].get<uint64_t>();
    if (t.begin > t.end)
      bad(fmt::format("data_offsets [{}, {}] run backwards", t.begin, t.end));
    if (t.end > dataSize)
      bad(fmt::format("data_offsets [{}, {}] extend past the end of the data "
                      "({} bytes)",
                      t.begin, t.end, dataSize));
    if (t.end - t.begin != bytes)
      bad(fmt::format("shape {} of {} needs {} bytes, data_offsets [{}, {}] "
                      "give {}",
                      shapeText(t.shape), dtypeName(t.dtype), bytes, t.begin,
                      t.end, t.end - t.begin));
    result.tensors.push_back(std::move(t));
  }

  std::vector<const TensorRecord *> byOffset;
  for (const TensorRecord &t : result.tensors)
    byOffset.push_back(&t);
  std::sort(byOffset.begin(), byOffset.end(),
            [](auto *a, auto *b) { return a->begin < b->begin; });
  for (size_t i = 1; i < byOffset.size(); ++i)
    if (byOffset[i]->begin < byOffset[i - 1]->end)
      fail(path, fmt::format("tensors '{}' and '{}' overlap in the data",
                             byOffset[i - 1]->name, byOffset[i]->name));
  return result;
}

} // namespace rnnc::rt
