// Loads the engine module (see engine_api.h) on first use.
#pragma once

#include "engine_api.h"

namespace neural_style_plugin {

// The process-wide engine. Throws PluginError with a translated message
// when the module cannot be loaded.
Engine& engine();

}  // namespace neural_style_plugin
