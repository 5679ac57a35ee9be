// L-BFGS over the pixels, as LibTorch's torch::optim::LBFGS without a line
// search and with one iteration per step(), but deciding on the device:
// LibTorch's reads a value on the host for every history pair in both loops
// of its recursion and for each of its tests (2 x history + 5 per
// iteration, each a device synchronisation on a GPU; docs/benchmarks.md).
// Here nothing is read: a pair that fails the curvature condition enters
// the history with no weight, and a direction that is not a descent is a
// step of 0, where LibTorch leaves the pair out and skips the step.
#pragma once

#include <torch/types.h>

#include <deque>
#include <functional>

namespace neural_style {

class Lbfgs {
 public:
  // `x` must be contiguous; its gradient is read from x.grad() after each
  // call of the closure.
  Lbfgs(torch::Tensor x, double learning_rate, int history);

  // Evaluates the closure once (which fills x.grad()) and moves x.
  void step(const std::function<void()>& closure);

 private:
  torch::Tensor x_;
  double learning_rate_;
  std::size_t history_;
  int iteration_ = 0;
  torch::Tensor direction_, step_length_, previous_gradient_, h_diag_;
  std::deque<torch::Tensor> dirs_, steps_, rho_;  // y, s and 1 / y·s per pair
};

}  // namespace neural_style
