// Files and folders for tests: reading, writing, hashing, listing, and a
// temporary folder that cleans up after itself. No tensors here, so a test
// that needs only these does not parse LibTorch's headers.
#pragma once

#include <string>
#include <vector>

namespace neural_style::test_support {

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& bytes);
// SHA-256 of a file's bytes, in hex: shows that a file was left untouched.
std::string file_sha256(const std::string& path);
// Names of the regular files in a folder, sorted: shows what was added.
std::vector<std::string> regular_files_in(const std::string& folder);

// A fresh temporary directory, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace neural_style::test_support
