// A one-line progress bar with the losses, on stderr. Redrawn in place on a
// terminal; one line per tenth of each scale otherwise (logs, tests).
#pragma once

#include "neural_style/stylizer.h"

namespace neural_style::cli {

class ProgressBar {
 public:
  explicit ProgressBar(bool enabled);
  void update(const Progress& p);
  void finish();

 private:
  bool enabled_;
  bool tty_;
  bool drawn_ = false;
};

}  // namespace neural_style::cli
