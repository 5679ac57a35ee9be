// The parts of a file path that the image writers and the CLI's checks need.
#pragma once

#include <string>
#include <utility>

namespace neural_style {

std::string folder_of(const std::string& path);  // "a/b.png" -> "a", "b.png" -> "."
std::string name_of(const std::string& path);    // "a/b.png" -> "b.png"
// "b.tar.png" -> {"b.tar", ".png"}; no dot -> {name, ""}.
std::pair<std::string, std::string> split_extension(const std::string& name);

}  // namespace neural_style
