#include "library_messages.h"

#include <glib.h>

#include <mutex>

namespace neural_style {
namespace {

// GLib's handlers are process-wide and may be called from GEGL's worker
// threads, so the collected lines live behind one mutex. Collections nest.
std::mutex mutex;
int depth = 0;
std::vector<std::string> collected;
const char* const domains[] = {"GEGL", "GLib-GObject", "GLib-GIO", nullptr};
guint handler_ids[G_N_ELEMENTS(domains)];

void collect(const gchar*, GLogLevelFlags level, const gchar* message, gpointer) {
  if (!(level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE))) return;
  std::lock_guard<std::mutex> lock(mutex);
  collected.emplace_back(message ? message : "");
}

}  // namespace

LibraryMessages::LibraryMessages() {
  std::lock_guard<std::mutex> lock(mutex);
  if (depth++ > 0) return;
  collected.clear();
  const auto levels = static_cast<GLogLevelFlags>(G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION);
  for (std::size_t i = 0; i < G_N_ELEMENTS(domains); ++i)
    handler_ids[i] = g_log_set_handler(domains[i], levels, collect, nullptr);
}

LibraryMessages::~LibraryMessages() {
  std::lock_guard<std::mutex> lock(mutex);
  if (--depth > 0) return;
  for (std::size_t i = 0; i < G_N_ELEMENTS(domains); ++i) g_log_remove_handler(domains[i], handler_ids[i]);
}

std::vector<std::string> LibraryMessages::warnings() const {
  std::lock_guard<std::mutex> lock(mutex);
  return collected;
}

}  // namespace neural_style
