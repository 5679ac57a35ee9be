#include "format_message.h"

#include <cstdarg>

namespace neural_style_plugin {

std::string format_message(const char* format, ...) {
  va_list args;
  va_start(args, format);
  gchar* text = g_strdup_vprintf(format, args);
  va_end(args);
  std::string result = text;
  g_free(text);
  return result;
}

}  // namespace neural_style_plugin
