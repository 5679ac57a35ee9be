#include "reference_runner.h"

#include <glib.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

namespace neural_style::bench {
namespace {

// The script's own "no PyTorch here" exit status (automake's "skipped").
constexpr int exit_no_torch = 77;

std::string last_line(const std::string& text) {
  auto end = text.find_last_not_of("\n ");
  if (end == std::string::npos) return {};
  const auto start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1,
                     end - (start == std::string::npos ? 0 : start + 1) + 1);
}

}  // namespace

ReferenceResult run_reference(const ReferenceJob& job) {
  std::vector<std::string> args = {job.python,
                                   job.script,
                                   "--weights=" + job.weights,
                                   "--content=" + job.content_ppm,
                                   "--style=" + job.style_ppm,
                                   "--device=" + job.device,
                                   "--precision=" + job.precision,
                                   "--threads=" + std::to_string(job.threads),
                                   "--iterations=" + std::to_string(job.iterations),
                                   "--warmup=" + std::to_string(job.warmup),
                                   std::string("--channels-last=") + (job.channels_last ? "1" : "0"),
                                   std::string("--tf32=") + (job.allow_tf32 ? "1" : "0"),
                                   std::string("--cudnn-benchmark=") + (job.cudnn_benchmark ? "1" : "0")};
  std::vector<gchar*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  ReferenceResult result;
  gchar *out = nullptr, *err = nullptr;
  gint status = 0;
  GError* error = nullptr;
  if (!g_spawn_sync(nullptr, argv.data(), nullptr, G_SPAWN_SEARCH_PATH, nullptr, nullptr, &out, &err, &status,
                    &error)) {
    result.why_not = std::string("cannot start ") + job.python + ": " + error->message;
    g_error_free(error);
    return result;
  }
  const std::string stdout_text = out ? out : "", stderr_text = err ? err : "";
  g_free(out);
  g_free(err);
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (code != 0) {
    result.why_not = code == exit_no_torch
                         ? last_line(stderr_text)
                         : "the reference failed (exit " + std::to_string(code) + "): " + last_line(stderr_text);
    return result;
  }
  try {
    const auto j = nlohmann::json::parse(last_line(stdout_text));
    result.seconds_per_iteration = j.at("seconds_per_iteration").get<double>();
    result.peak_megabytes = j.at("peak_megabytes").get<double>();
    result.first_loss = j.at("first_loss").get<double>();
    result.final_loss = j.at("final_loss").get<double>();
    result.torch_version = j.at("torch_version").get<std::string>();
    result.ran = true;
  } catch (const std::exception& e) {
    result.why_not = std::string("unreadable reference output (") + e.what() + "): " + last_line(stdout_text);
  }
  return result;
}

}  // namespace neural_style::bench
