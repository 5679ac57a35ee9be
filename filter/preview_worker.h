// The dialog's live preview runs the engine on a small copy of the layer in
// a background thread, so the dialog stays responsive; a new request
// cancels the running one within one iteration.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "neural_style/neural_style.h"

namespace neural_style_plugin {

struct PreviewRequest {
  int generation = 0;
  neural_style::Image content;
  neural_style::Image style;
  neural_style::Options options;
  neural_style::NetworkOptions network;
};

struct PreviewUpdate {
  int generation = 0;
  neural_style::Image image;  // empty when only the progress changed
  int iteration = 0;
  int iterations = 0;
  bool finished = false;
  std::string error;                           // translated; set when the run failed
  double seconds_per_megapixel_iteration = 0;  // measured; set when finished
};

class PreviewWorker {
 public:
  // `deliver` runs on the worker thread; it must pass the update on to the
  // main loop (g_idle_add) rather than touch widgets itself.
  explicit PreviewWorker(std::function<void(PreviewUpdate)> deliver);
  ~PreviewWorker();  // cancels and joins
  PreviewWorker(const PreviewWorker&) = delete;
  PreviewWorker& operator=(const PreviewWorker&) = delete;

  void request(PreviewRequest request);
  // Cancels the running preview (and a pending request); the thread waits
  // for the next request.
  void cancel();
  // Cancels the running preview and ends the thread; the engine is then
  // free for the main thread.
  void stop();

 private:
  void loop();
  void render(const PreviewRequest& request);

  std::function<void(PreviewUpdate)> deliver_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<PreviewRequest> pending_;
  bool quit_ = false;
  std::atomic<bool> cancel_{false};
  std::thread thread_;
};

}  // namespace neural_style_plugin
