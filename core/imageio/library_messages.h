// Collects what GEGL logs through GLib while an image is read or written, so
// that its warnings become our error message instead of raw "GEGL-WARNING"
// lines on the terminal (GEGL reports a failed load or save only that way).
#pragma once

#include <string>
#include <vector>

namespace neural_style {

class LibraryMessages {
 public:
  LibraryMessages();   // starts collecting, process-wide
  ~LibraryMessages();  // stops; nothing collected is printed
  LibraryMessages(const LibraryMessages&) = delete;
  LibraryMessages& operator=(const LibraryMessages&) = delete;

  // Warnings and errors logged since construction (debug/info ignored).
  std::vector<std::string> warnings() const;
};

}  // namespace neural_style
