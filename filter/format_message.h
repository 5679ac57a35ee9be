// printf into a std::string, for translated messages with arguments.
#pragma once

#include <glib.h>

#include <string>

namespace neural_style_plugin {

std::string format_message(const char* format, ...) G_GNUC_PRINTF(1, 2);

}  // namespace neural_style_plugin
