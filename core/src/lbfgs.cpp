#include "lbfgs.h"

namespace neural_style {

Lbfgs::Lbfgs(torch::Tensor x, double learning_rate, int history)
    : x_(std::move(x)), learning_rate_(learning_rate), history_(static_cast<std::size_t>(std::max(history, 1))) {
  TORCH_CHECK(x_.is_contiguous(), "L-BFGS views its parameter flat: it must be contiguous");
}

void Lbfgs::step(const std::function<void()>& closure) {
  closure();
  torch::NoGradGuard no_grad;
  const torch::Tensor g = x_.grad().view(-1);
  ++iteration_;
  if (iteration_ == 1) {
    direction_ = g.neg();
    h_diag_ = torch::ones({}, g.options());
    // The first step is at most one unit of the gradient's L1 norm.
    step_length_ = torch::clamp_max(g.abs().sum().reciprocal(), 1.0) * learning_rate_;
  } else {
    const torch::Tensor y = g - previous_gradient_;
    const torch::Tensor s = direction_ * step_length_;
    const torch::Tensor ys = y.dot(s);
    // The curvature condition, without reading it: a failing pair gets
    // rho 0, so both loops below pass over it.
    const torch::Tensor curved = ys > 1e-10;
    if (dirs_.size() == history_) {
      dirs_.pop_front();
      steps_.pop_front();
      rho_.pop_front();
    }
    dirs_.push_back(y);
    steps_.push_back(s);
    rho_.push_back(torch::where(curved, ys.reciprocal(), torch::zeros_like(ys)));
    h_diag_ = torch::where(curved, ys / y.dot(y), h_diag_);

    // The two-loop recursion: the direction -H g from the history.
    std::vector<torch::Tensor> alpha(dirs_.size());
    torch::Tensor q = g.neg();
    for (std::size_t i = dirs_.size(); i-- > 0;) {
      alpha[i] = steps_[i].dot(q) * rho_[i];
      q.addcmul_(dirs_[i], alpha[i], -1.0);  // no image-sized temporary
    }
    torch::Tensor r = q.mul_(h_diag_);
    for (std::size_t i = 0; i < dirs_.size(); ++i) {
      const torch::Tensor beta = dirs_[i].dot(r) * rho_[i];
      r.addcmul_(steps_[i], alpha[i] - beta);
    }
    direction_ = r;
    step_length_ = torch::full({}, learning_rate_, g.options());
  }
  if (previous_gradient_.defined()) {
    previous_gradient_.copy_(g);
  } else {
    previous_gradient_ = g.clone();
  }
  // Only a descent direction is followed.
  const torch::Tensor descends = g.dot(direction_) < 0;
  x_.view(-1).addcmul_(direction_, torch::where(descends, step_length_, torch::zeros_like(step_length_)));
}

}  // namespace neural_style
