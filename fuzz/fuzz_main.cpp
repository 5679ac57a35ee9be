// The libFuzzer harness: NEURAL_STYLE_FUZZ_TARGET (set per executable in
// fuzz/meson.build) names the parser. Rejecting bad input with a
// neural_style::Error is the expected outcome; any other exception escapes
// and libFuzzer reports it as a crash, as do sanitizer findings.
#include <cstring>

#include "neural_style/errors.h"
#include "parser_entry_points.h"

namespace {

neural_style::fuzz::EntryPoint entry_point() {
  for (const auto& t : neural_style::fuzz::targets()) {
    if (std::strcmp(t.name, NEURAL_STYLE_FUZZ_TARGET) == 0) return t.parse;
  }
  __builtin_trap();  // a build error: the target name is not known
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto parse = entry_point();
  try {
    parse(data, size, "fuzz-input");
  } catch (const neural_style::Error&) {
  }
  return 0;
}
