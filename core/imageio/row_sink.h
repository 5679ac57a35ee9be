// Where a decoder puts the rows it decodes: straight into an image of the
// decoded size or, when that is longer than asked for, averaged down as
// they come (RowShrinker), so a large painting is never held at its own
// size as floats.
#pragma once

#include <optional>
#include <vector>

#include "neural_style/image.h"
#include "neural_style/row_shrinker.h"
#include "neural_style/style_size.h"

namespace neural_style {

class RowSink {
 public:
  // max_longest_side 0: the decoded size.
  RowSink(int width, int height, int max_longest_side) {
    const auto [w, h] = fitted_style_size(width, height, max_longest_side);
    if (w == width && h == height) {
      full_ = Image(width, height);
    } else {
      shrinker_.emplace(width, height, w, h);
      row_.resize(static_cast<std::size_t>(width) * 3);
    }
  }
  // The next row to fill: width RGB pixels; then commit().
  float* row() { return shrinker_ ? row_.data() : full_.pixel(0, y_); }
  void commit() {
    if (shrinker_) shrinker_->add_row(row_.data());
    ++y_;
  }
  Image finish() { return shrinker_ ? shrinker_->finish() : std::move(full_); }

 private:
  std::optional<RowShrinker> shrinker_;
  Image full_;
  std::vector<float> row_;
  int y_ = 0;
};

}  // namespace neural_style
