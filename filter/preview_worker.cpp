#include "preview_worker.h"

#include <chrono>

#include "engine_loader.h"
#include "plugin_error.h"

namespace neural_style_plugin {

PreviewWorker::PreviewWorker(std::function<void(PreviewUpdate)> deliver)
    : deliver_(std::move(deliver)), thread_([this] { loop(); }) {}

PreviewWorker::~PreviewWorker() {
  stop();
}

void PreviewWorker::request(PreviewRequest request) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_ = std::move(request);
  cancel_ = true;
  wake_.notify_one();
}

void PreviewWorker::cancel() {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.reset();
  cancel_ = true;
}

void PreviewWorker::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
    cancel_ = true;
    wake_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
}

void PreviewWorker::loop() {
  for (;;) {
    PreviewRequest next;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return quit_ || pending_.has_value(); });
      if (quit_) return;
      next = std::move(*pending_);
      pending_.reset();
      cancel_ = false;
    }
    render(next);
  }
}

void PreviewWorker::render(const PreviewRequest& request) {
  PreviewUpdate update;
  update.generation = request.generation;
  try {
    Engine& core = engine();
    EngineFailure failure;
    if (!core.load(request.network, &failure)) throw_failure(failure);
    const auto start = std::chrono::steady_clock::now();
    int width = 0;
    int height = 0;
    const auto on_progress = [&](const neural_style::Progress& p) {
      width = p.width;
      height = p.height;
      PreviewUpdate step;
      step.generation = request.generation;
      step.iteration = p.iteration;
      step.iterations = p.iterations;
      if (p.image) step.image = *p.image;
      deliver_(std::move(step));
      return !cancel_;
    };
    neural_style::Image result;
    if (!core.run(request.content, {{request.style, 1.0}}, request.options, on_progress, &result, &failure)) {
      if (failure.kind == FailureKind::cancelled) return;  // superseded by a newer request
      throw_failure(failure);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double megapixel_iterations = 1e-6 * width * height * request.options.iterations;
    update.image = std::move(result);
    update.finished = true;
    if (megapixel_iterations > 0) update.seconds_per_megapixel_iteration = seconds / megapixel_iterations;
  } catch (const std::exception& e) {
    update.finished = true;
    update.error = e.what();
  }
  deliver_(std::move(update));
}

}  // namespace neural_style_plugin
