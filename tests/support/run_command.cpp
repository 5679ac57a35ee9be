#include "run_command.h"

#include <glib.h>

#include <stdexcept>

namespace neural_style::test_support {

CommandResult run_command(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  std::vector<gchar*> args;
  for (const auto& a : argv) args.push_back(const_cast<gchar*>(a.c_str()));
  args.push_back(nullptr);
  gchar** envp = g_get_environ();
  for (const auto& [k, v] : env) {
    envp = v.empty() ? g_environ_unsetenv(envp, k.c_str()) : g_environ_setenv(envp, k.c_str(), v.c_str(), TRUE);
  }
  gchar *out = nullptr, *err = nullptr;
  gint status = 0;
  GError* error = nullptr;
  const gboolean ok =
      g_spawn_sync(nullptr, args.data(), envp, G_SPAWN_SEARCH_PATH, nullptr, nullptr, &out, &err, &status, &error);
  g_strfreev(envp);
  if (!ok) {
    std::string msg = error->message;
    g_error_free(error);
    throw std::runtime_error("cannot run " + argv[0] + ": " + msg);
  }
  CommandResult r;
  r.out = out ? out : "";
  r.err = err ? err : "";
  g_free(out);
  g_free(err);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

}  // namespace neural_style::test_support
