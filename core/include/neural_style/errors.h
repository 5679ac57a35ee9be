// Neural Style: every failure of the engine is one of these exceptions. Their
// what() is a complete sentence a user can act on.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace neural_style {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A setting or an input image is out of range (size 0, unknown layer, ...).
class InvalidArgument : public Error {
 public:
  using Error::Error;
};

// The weights file is not one of the official VGG19 files and does not say
// which input it expects (RGB 0-1 or BGR 0-255). Each front end says how to
// tell it (the CLI: --convention).
class UnknownInputConvention : public InvalidArgument {
 public:
  UnknownInputConvention(const std::string& message, std::string path)
      : InvalidArgument(message), path_(std::move(path)) {}
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The GPU was asked for and cannot be used. Found before any work; each
// front end words its remedy (the CLI: --device cpu; the plug-in: Device).
class DeviceUnavailable : public InvalidArgument {
 public:
  DeviceUnavailable(const std::string& message, bool libtorch_has_cuda)
      : InvalidArgument(message), libtorch_has_cuda_(libtorch_has_cuda) {}
  // false: the LibTorch this program runs on is CPU-only (a rebuild against
  // a CUDA LibTorch is needed); true: it has CUDA, but found no usable GPU.
  bool libtorch_has_cuda() const { return libtorch_has_cuda_; }

 private:
  bool libtorch_has_cuda_;
};

// Any problem with the weights: the three kinds below.
class WeightsError : public Error {
 public:
  using Error::Error;
};

// No weights file anywhere in the search path.
class WeightsNotFound : public WeightsError {
 public:
  WeightsNotFound(const std::string& message, std::vector<std::string> searched)
      : WeightsError(message), searched_(std::move(searched)) {}
  const std::vector<std::string>& searched() const { return searched_; }

 private:
  std::vector<std::string> searched_;
};

// The weights file is unreadable, truncated, corrupt or of an unknown format.
class WeightsFormatError : public WeightsError {
 public:
  using WeightsError::WeightsError;
};

// The file is readable but is not VGG19: a tensor is missing, has the wrong
// shape or an unsupported dtype.
class WeightsMismatch : public WeightsError {
 public:
  using WeightsError::WeightsError;
};

// An image file could not be read or written.
class ImageError : public Error {
 public:
  using Error::Error;
};

// An image file has more pixels than the limit it was read with; refused
// before decoding. Each front end says how to raise its limit.
class ImageTooLarge : public ImageError {
 public:
  ImageTooLarge(const std::string& path, std::uint64_t width, std::uint64_t height, std::uint64_t max_pixels)
      : ImageError(path + " is " + std::to_string(width) + " x " + std::to_string(height) + " pixels (" +
                   std::to_string((width * height + 500000) / 1000000) + " megapixels), more than the limit of " +
                   std::to_string(max_pixels / 1000000) + " megapixels."),
        width_(width),
        height_(height),
        max_pixels_(max_pixels) {}
  std::uint64_t width() const { return width_; }
  std::uint64_t height() const { return height_; }
  std::uint64_t max_pixels() const { return max_pixels_; }

 private:
  std::uint64_t width_, height_, max_pixels_;
};

// A scale of the job needs more memory than its budget allows, even in the
// smallest tiles. Carries what would work; each front end names its setting.
class MemoryBudgetTooSmall : public InvalidArgument {
 public:
  MemoryBudgetTooSmall(int width, int height, int budget_mb, int needed_mb)
      : InvalidArgument("A " + std::to_string(width) + " x " + std::to_string(height) + " px result needs at least " +
                        std::to_string(needed_mb) + " MB of memory, more than the budget of " +
                        std::to_string(budget_mb) + " MB."),
        width_(width),
        height_(height),
        budget_mb_(budget_mb),
        needed_mb_(needed_mb) {}
  int width() const { return width_; }
  int height() const { return height_; }
  int budget_mb() const { return budget_mb_; }
  int needed_mb() const { return needed_mb_; }

 private:
  int width_, height_, budget_mb_, needed_mb_;
};

// The device (GPU or host) ran out of memory.
class OutOfMemory : public Error {
 public:
  using Error::Error;
};

// The loss became NaN or infinite.
class NumericalError : public Error {
 public:
  using Error::Error;
};

// The progress callback asked to stop.
class Cancelled : public Error {
 public:
  using Error::Error;
};

}  // namespace neural_style
