// What the GIMP 2.10 and GIMP 3 end-to-end tests share: the plug-in laid
// out in a throw-away plug-ins folder as meson install lays it out, and the
// notes a batch script writes ("key=value" lines), since gimp-console's exit
// status says nothing about the script.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "generated_weights.h"
#include "run_command.h"
#include "test_files.h"

namespace neural_style::test_support {

using Notes = std::map<std::string, std::string>;

struct GimpRun {
  Notes notes;
  std::string log;  // gimp-console's stdout and stderr
};

// The fixture both GIMP suites derive from: one folder for the whole suite
// (made by the suite's SetUpTestSuite), with the style picture and the
// generated weights its scripts name.
class GimpSuite : public ::testing::Test {
 protected:
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string quoted(const std::string& text) { return "\"" + text + "\""; }
  static std::string style_file() { return dir_->file("style.png"); }
  static std::string weights() { return generated_weights_file(); }

  static TempDir* dir_;
};

// Copies the plug-in executable and the engine module (executable: GIMP
// ignores a plug-in that is not, or not named like its folder), the 16 px
// icon and the fr/de translations into `folder` (…/plug-ins/neural-style).
void install_plugin_copy(const std::string& folder, const std::string& executable, const std::string& engine_module,
                         const std::string& icons_dir, const std::string& po_build_dir);

// The run's output and the notes in `notes_path`; a test failure when the
// script wrote none (it did not get to its end).
GimpRun gimp_run_result(const CommandResult& result, const std::string& notes_path);

// The checks of a run that added a result layer of width x height (notes
// "status", "layers-before/after", "new-*", "src-*", "src-checksum-*"): one
// new layer directly above the source, in its group, at its offsets, the
// source untouched, the result different and about as bright.
void expect_result_layer(const GimpRun& run, int width, int height);

// A script that runs `call` after `setup` (which defines `img` and `layer`)
// and notes the layer count and the source's checksum before and after (the
// suite's prelude defines layer-count and checksum in its dialect).
std::string failing_run_script(const std::string& setup, const std::string& call);

// The checks of a run that failed: the image exactly as it was.
void expect_image_unchanged_after_failure(const GimpRun& run);

}  // namespace neural_style::test_support
