// A read-only memory map of a whole file (GLib, so it also works on Windows).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

typedef struct _GMappedFile GMappedFile;

namespace neural_style {

class MappedFile {
 public:
  // Throws WeightsFormatError naming the file and the system's reason.
  explicit MappedFile(const std::string& path);
  // A view of bytes already in memory, named `name` in errors; the caller
  // keeps them alive. Lets the fuzzers and the corpus test feed inputs
  // without writing a file per input.
  MappedFile(const std::uint8_t* data, std::size_t size, const std::string& name)
      : path_(name), data_(data), size_(size) {}
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  GMappedFile* map_ = nullptr;
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace neural_style
