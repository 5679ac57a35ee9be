// The command-line options that set NetworkOptions, one table shared by
// neural-style and neural-style-bench: the same names, help texts, checks and
// messages in both.
#pragma once

#include <glib.h>

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "neural_style/options.h"

namespace neural_style::cli {

// A mistake on the command line, with the message for the user.
struct UsageError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// The choice named `value`, or throws UsageError:
// Invalid value "x" for --option; use one of: a, b, c.
template <typename E>
E choose(const char* value, const char* option, std::initializer_list<std::pair<const char*, E>> choices) {
  std::string valid;
  for (const auto& [name, e] : choices) {
    if (std::string(value) == name) return e;
    valid += std::string(valid.empty() ? "" : ", ") + name;
  }
  throw UsageError(std::string("Invalid value \"") + value + "\" for --" + option + "; use one of: " + valid + ".");
}

// --weights, --convention, --device, --threads, --precision, --layout,
// --no-tf32 and --no-cudnn-benchmark. Keep the object alive until the
// context has parsed: GOption writes into it.
class NetworkOptionEntries {
 public:
  NetworkOptionEntries() = default;
  ~NetworkOptionEntries();
  NetworkOptionEntries(const NetworkOptionEntries&) = delete;
  NetworkOptionEntries& operator=(const NetworkOptionEntries&) = delete;

  // Adds the options to the context's main group.
  void add_to(GOptionContext* context);
  // Sets the fields of `network` whose options were given. Throws UsageError.
  void apply(NetworkOptions& network) const;

  // The long option names, without "--".
  static std::vector<std::string> names();

 private:
  // The table, ending with the null entry, pointing at this object's fields.
  std::vector<GOptionEntry> entries();

  gchar* weights_ = nullptr;
  gchar* convention_ = nullptr;
  gchar* device_ = nullptr;
  gint threads_ = G_MININT;  // not given: a negative value still reaches the check
  gchar* precision_ = nullptr;
  gchar* layout_ = nullptr;
  gboolean no_tf32_ = FALSE;
  gboolean no_cudnn_benchmark_ = FALSE;
};

}  // namespace neural_style::cli
