// Neural Style: an image averaged down from its rows, given top to bottom
// one at a time, so that a decoder (or a host reading a layer) never holds
// a large painting at its own size. Tensor-free.
#pragma once

#include <cstdint>
#include <vector>

#include "neural_style/image.h"

namespace neural_style {

// Output pixel i of `out` covers input pixels floor(i·in/out) to
// ceil((i+1)·in/out), in each direction: torch's adaptive average pooling,
// the engine's way of making an image smaller. An input row lies in at most
// two output rows, so two rows of sums are all that is kept besides the
// result.
class RowShrinker {
 public:
  // Throws InvalidArgument unless 1 <= out <= in on each side.
  RowShrinker(int in_width, int in_height, int out_width, int out_height);

  // The next input row: in_width RGB pixels.
  void add_row(const float* rgb);
  // The result, once every input row has been added.
  Image finish();

 private:
  struct Window {
    std::int64_t begin, end;
  };
  static Window window(std::int64_t i, std::int64_t in, std::int64_t out);

  int in_width_, in_height_;
  std::vector<Window> columns_;  // per output column
  std::vector<double> across_;   // the current input row, averaged across
  std::vector<double> sums_[2];  // output rows first_open_ and first_open_ + 1
  int next_row_ = 0;             // of the input
  int first_open_ = 0;           // the first output row not finished
  Image out_;
};

}  // namespace neural_style
