// The interface between the GIMP plug-in and its engine module.
//
// The engine (the core and LibTorch) lives in a shared module that the
// plug-in loads with GModule only when it runs a job, so that GIMP's
// start-up (query()) never pays for loading LibTorch, and a broken LibTorch
// install becomes a message instead of a plug-in that fails to start.
// Both sides are built by the same meson project, so C++ types may cross;
// exceptions do not: every call reports failure through an EngineFailure.
#pragma once

#include <string>
#include <vector>

#include "neural_style/image.h"
#include "neural_style/options.h"
#include "neural_style/stylizer.h"

namespace neural_style_plugin {

enum class FailureKind {
  invalid_argument,
  device_unavailable,  // the GPU was asked for and cannot be used
  weights_not_found,
  weights_unusable,            // unreadable, corrupt, or not VGG19
  weights_convention_unknown,  // not an official file, and it does not say its input
  image,
  out_of_memory,
  memory_budget,  // the result's size does not fit the memory budget even in tiles
  numerical,
  cancelled,
  internal,
};

struct EngineFailure {
  FailureKind kind = FailureKind::internal;
  std::string message;                // the core's own English sentence
  std::vector<std::string> searched;  // weights_not_found: every place looked at
  std::string fetch_command;          // weights_not_found: how to get the weights
};

class Engine {
 public:
  virtual ~Engine() = default;

  // Checks images and settings without the network (fast).
  virtual bool validate(const neural_style::Image& content, const std::vector<neural_style::StyleImage>& styles,
                        const neural_style::Options& options, EngineFailure* failure) = 0;

  // Which device these settings would use ("CPU, 2 threads", "GPU: ...").
  virtual bool describe_device(neural_style::DeviceKind device, std::string* description, EngineFailure* failure) = 0;

  // Loads the weights; kept until load() is called with other settings.
  virtual bool load(const neural_style::NetworkOptions& network, EngineFailure* failure) = 0;

  // Runs one job on the loaded network.
  virtual bool run(const neural_style::Image& content, const std::vector<neural_style::StyleImage>& styles,
                   const neural_style::Options& options, const neural_style::ProgressCallback& progress,
                   neural_style::Image* result, EngineFailure* failure) = 0;
};

// The module's one exported symbol. Returns nullptr when the module was
// built for another version of this interface. Raised whenever this class
// or a core type that crosses it changes (2: Progress::fraction; 3: tiles in
// Progress, the memory budget and detail stages in Options; 4: the
// memory_budget failure).
constexpr int engine_abi_version = 4;
constexpr const char* engine_factory_symbol = "neural_style_engine_new";
using EngineFactory = Engine* (*)(int abi_version);

}  // namespace neural_style_plugin
