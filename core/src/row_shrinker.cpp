#include "neural_style/row_shrinker.h"

#include <algorithm>
#include <string>

#include "neural_style/errors.h"

namespace neural_style {

RowShrinker::Window RowShrinker::window(std::int64_t i, std::int64_t in, std::int64_t out) {
  return {i * in / out, ((i + 1) * in + out - 1) / out};
}

RowShrinker::RowShrinker(int in_width, int in_height, int out_width, int out_height)
    : in_width_(in_width), in_height_(in_height) {
  if (out_width < 1 || out_height < 1 || out_width > in_width || out_height > in_height) {
    throw InvalidArgument("An image of " + std::to_string(in_width) + " x " + std::to_string(in_height) +
                          " px cannot be shrunk to " + std::to_string(out_width) + " x " + std::to_string(out_height) +
                          " px.");
  }
  for (int x = 0; x < out_width; ++x) columns_.push_back(window(x, in_width, out_width));
  across_.resize(static_cast<std::size_t>(out_width) * 3);
  for (auto& s : sums_) s.assign(across_.size(), 0.0);
  out_ = Image(out_width, out_height);
}

void RowShrinker::add_row(const float* rgb) {
  if (next_row_ >= in_height_) throw InvalidArgument("RowShrinker: more rows than the image has.");
  for (std::size_t x = 0; x < columns_.size(); ++x) {
    const Window w = columns_[x];
    double sum[3] = {0, 0, 0};
    for (std::int64_t i = w.begin; i < w.end; ++i) {
      for (int c = 0; c < 3; ++c) sum[c] += rgb[i * 3 + c];
    }
    for (int c = 0; c < 3; ++c) across_[x * 3 + c] = sum[c] / static_cast<double>(w.end - w.begin);
  }
  const int y = next_row_++;
  // The output rows whose window holds row y: first_open_ and perhaps the next.
  for (int i = first_open_; i < out_.height && i <= first_open_ + 1; ++i) {
    const Window w = window(i, in_height_, out_.height);
    if (w.begin > y) break;
    auto& sum = sums_[i % 2];
    for (std::size_t k = 0; k < sum.size(); ++k) sum[k] += across_[k];
  }
  // Row y ends at most one output row's window.
  const Window w = window(first_open_, in_height_, out_.height);
  if (w.end == y + 1) {
    auto& sum = sums_[first_open_ % 2];
    float* out = out_.pixel(0, first_open_);
    for (std::size_t k = 0; k < sum.size(); ++k)
      out[k] = static_cast<float>(sum[k] / static_cast<double>(w.end - w.begin));
    std::fill(sum.begin(), sum.end(), 0.0);
    ++first_open_;
  }
}

Image RowShrinker::finish() {
  if (next_row_ != in_height_) {
    throw InvalidArgument("RowShrinker: " + std::to_string(next_row_) + " of " + std::to_string(in_height_) +
                          " rows were given.");
  }
  return std::move(out_);
}

}  // namespace neural_style
