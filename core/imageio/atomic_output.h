// Replaces a file only once its new content is complete: the new content
// goes to a temporary file in the same folder, which is flushed to disk and
// then renamed over the target. Until commit(), the old file is untouched;
// without commit(), the temporary file is removed.
#pragma once

#include <string>

namespace neural_style {

class AtomicOutput {
 public:
  // Creates the temporary file (which also proves the folder writable).
  // A symbolic link as target is followed: the file it names is replaced.
  // Throws ImageError naming the target and the system's reason.
  explicit AtomicOutput(const std::string& target);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::string& temp_path() const { return temp_; }
  // Flushes the temporary file and renames it over the target. Throws
  // ImageError (the target then keeps its old content).
  void commit();

 private:
  std::string target_;  // symbolic links resolved
  std::string shown_;   // as the user gave it, for messages
  std::string temp_;
  bool committed_ = false;
};

}  // namespace neural_style
