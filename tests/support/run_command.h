// Runs a program for end-to-end tests and captures what it printed.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace neural_style::test_support {

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};

// `env` entries override the inherited environment; an empty value unsets.
CommandResult run_command(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});

}  // namespace neural_style::test_support
