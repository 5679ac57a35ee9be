#include "output_checks.h"

#include <sys/stat.h>

#include <cctype>

#include "atomic_output.h"
#include "image_io.h"
#include "neural_style/errors.h"
#include "path_parts.h"

namespace neural_style::cli {
namespace {

struct Input {
  std::string path;
  std::string role;
};

// Files are the same when they are the same inode: this sees through
// symbolic links, "./" and other spellings, and hard links.
bool same_file(const std::string& a, const std::string& b) {
  struct stat sa, sb;
  return stat(a.c_str(), &sa) == 0 && stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (!std::isdigit(c)) return false;
  return true;
}

// Whether `name` has the form STEM-sK-N.EXT of a snapshot of `output`.
bool is_snapshot_name(const std::string& name, const std::string& output) {
  const auto [out_stem, out_ext] = split_extension(name_of(output));
  const auto [stem, ext] = split_extension(name);
  const std::string prefix = out_stem + "-s";
  if (ext != out_ext || stem.compare(0, prefix.size(), prefix) != 0) return false;
  const std::string numbers = stem.substr(prefix.size());
  const auto dash = numbers.find('-');
  return dash != std::string::npos && all_digits(numbers.substr(0, dash)) && all_digits(numbers.substr(dash + 1));
}

}  // namespace

std::string snapshot_path(const std::string& output, int scale, int iteration) {
  const auto [stem, ext] = split_extension(name_of(output));
  const std::string name = stem + "-s" + std::to_string(scale + 1) + "-" + std::to_string(iteration) + ext;
  return output.find('/') == std::string::npos ? name : folder_of(output) + "/" + name;
}

void check_output_before_work(const CliOptions& o) {
  try {
    output_format(o.output_path);
    AtomicOutput probe(o.output_path);  // creates and removes a file beside the output
  } catch (const ImageError& e) {
    throw UsageError(std::string(e.what()) + " Choose another -o.");
  }

  std::vector<Input> inputs = {{o.content_path, "the content image"}};
  for (const auto& s : o.style_paths) inputs.push_back({s, "the style image"});
  if (!o.init_image_path.empty()) inputs.push_back({o.init_image_path, "the --init-image"});
  if (!o.network.weights_path.empty()) inputs.push_back({o.network.weights_path, "the --weights file"});
  for (const auto& in : inputs) {
    if (same_file(o.output_path, in.path)) {
      throw UsageError("-o " + o.output_path + " is " + in.role + " " + in.path +
                       "; writing the result there would destroy it. Choose another -o.");
    }
    if (o.save_every > 0 && same_file(folder_of(o.output_path), folder_of(in.path)) &&
        is_snapshot_name(name_of(in.path), o.output_path)) {
      throw UsageError("--save-every would write snapshots named like " + in.role + " " + in.path +
                       " and could overwrite it. Choose another -o.");
    }
  }
}

}  // namespace neural_style::cli
