// The one exception type of the plug-in's GIMP side: its what() is a
// translated, complete message for the user.
#pragma once

#include <stdexcept>
#include <string>

#include "engine_api.h"

namespace neural_style_plugin {

class PluginError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The call itself is wrong (argument count or types): GIMP reports it as a
// calling error rather than an execution error.
class CallingError : public PluginError {
 public:
  using PluginError::PluginError;
};

// The user's message for an engine failure: a translated explanation of what
// went wrong and what to do, then the engine's details.
[[noreturn]] void throw_failure(const EngineFailure& failure);

}  // namespace neural_style_plugin
