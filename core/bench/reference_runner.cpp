#include "reference_runner.h"

#include <glib.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>
#include <sstream>

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

// What a child process did: started (else `error`), its exit code (-1 when
// killed) and its output.
struct Spawned {
  bool started = false;
  std::string error;
  int code = -1;
  std::string out, err;
};

Spawned spawn(std::vector<std::string> args) {
  std::vector<gchar*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  Spawned r;
  gchar *out = nullptr, *err = nullptr;
  gint status = 0;
  GError* error = nullptr;
  r.started =
      g_spawn_sync(nullptr, argv.data(), nullptr, G_SPAWN_SEARCH_PATH, nullptr, nullptr, &out, &err, &status, &error);
  if (!r.started) {
    r.error = error->message;
    g_error_free(error);
    return r;
  }
  r.out = out ? out : "";
  r.err = err ? err : "";
  g_free(out);
  g_free(err);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace

ReferencePython find_reference_python(const std::vector<std::string>& candidates) {
  // The version, then the BLAS library mapped once torch is imported.
  static const char* probe =
      "import torch\n"
      "print(torch.__version__)\n"
      "import os, re\n"
      "paths = sorted({l.split()[-1] for l in open('/proc/self/maps') if len(l.split()) > 5})\n"
      "print(' '.join(os.path.realpath(p) for p in paths\n"
      "               if re.search(r'blas|mkl|blis|atlas', os.path.basename(p), re.I)))\n";
  ReferencePython found;
  std::string tried;
  for (const auto& python : candidates) {
    tried += (tried.empty() ? "" : ", ") + python;
    const Spawned run = spawn({python, "-c", probe});
    if (run.code != 0) continue;
    std::istringstream lines(run.out);
    std::getline(lines, found.torch_version);
    std::getline(lines, found.blas);
    found.python = python;
    return found;
  }
  found.why_not = "no Python PyTorch here (import torch failed in " + tried +
                  "); the reference runs where it is installed (Debian: python3-torch)";
  return found;
}

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
  ReferenceResult result;
  const Spawned run = spawn(args);
  if (!run.started) {
    result.why_not = std::string("cannot start ") + job.python + ": " + run.error;
    return result;
  }
  if (run.code != 0) {
    result.why_not = run.code == exit_no_torch
                         ? last_line(run.err)
                         : "the reference failed (exit " + std::to_string(run.code) + "): " + last_line(run.err);
    return result;
  }
  try {
    const auto j = nlohmann::json::parse(last_line(run.out));
    result.seconds_per_iteration = j.at("seconds_per_iteration").get<double>();
    result.peak_megabytes = j.at("peak_megabytes").get<double>();
    result.first_loss = j.at("first_loss").get<double>();
    result.final_loss = j.at("final_loss").get<double>();
    result.torch_version = j.at("torch_version").get<std::string>();
    result.ran = true;
  } catch (const std::exception& e) {
    result.why_not = std::string("unreadable reference output (") + e.what() + "): " + last_line(run.out);
  }
  return result;
}

}  // namespace neural_style::bench
