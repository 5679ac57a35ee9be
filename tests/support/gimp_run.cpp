#include "gimp_run.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <gtest/gtest.h>

#include <fstream>
#include <utility>

#include "test_files.h"

namespace neural_style::test_support {

TempDir* GimpSuite::dir_ = nullptr;

void install_plugin_copy(const std::string& folder, const std::string& executable, const std::string& engine_module,
                         const std::string& icons_dir, const std::string& po_build_dir) {
  g_mkdir_with_parents((folder + "/icons").c_str(), 0755);
  for (const auto& [name, built] : {std::pair<std::string, std::string>{"neural-style", executable},
                                    {"libneural-style-engine.so", engine_module}}) {
    write_file(folder + "/" + name, read_file(built));
    g_chmod((folder + "/" + name).c_str(), 0755);
  }
  write_file(folder + "/icons/neural-style-16.png", read_file(icons_dir + "/neural-style-16.png"));
  for (const char* lang : {"fr", "de"}) {
    const std::string target = folder + "/locale/" + lang + "/LC_MESSAGES";
    g_mkdir_with_parents(target.c_str(), 0755);
    write_file(target + "/gimp20-neural-style.mo",
               read_file(po_build_dir + "/" + lang + "/LC_MESSAGES/gimp20-neural-style.mo"));
  }
}

GimpRun gimp_run_result(const CommandResult& result, const std::string& notes_path) {
  GimpRun run;
  run.log = result.out + result.err;
  std::ifstream in(notes_path);
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) run.notes[line.substr(0, eq)] = line.substr(eq + 1);
  }
  EXPECT_FALSE(run.notes.empty()) << "the script did not finish; gimp-console printed:\n" << run.log;
  return run;
}

void expect_result_layer(const GimpRun& run, int width, int height) {
  const Notes& n = run.notes;
  ASSERT_EQ(n.at("status"), "ok") << run.log;
  EXPECT_EQ(n.at("layers-after"), std::to_string(std::stoi(n.at("layers-before")) + 1));
  EXPECT_EQ(n.at("new-width"), std::to_string(width));
  EXPECT_EQ(n.at("new-height"), std::to_string(height));
  EXPECT_EQ(n.at("new-x"), n.at("src-x"));
  EXPECT_EQ(n.at("new-y"), n.at("src-y"));
  // Directly above the source, in the same group.
  EXPECT_EQ(std::stoi(n.at("new-position")) + 1, std::stoi(n.at("src-position")));
  EXPECT_EQ(n.at("new-parent"), n.at("src-parent"));
  EXPECT_EQ(n.at("src-checksum-after"), n.at("src-checksum-before")) << "the source layer was modified";
  EXPECT_NE(n.at("new-checksum"), n.at("src-checksum-after")) << "the result equals the source";
  // A few iterations from the layer keep its overall brightness: a misread
  // layer (black, or the wrong channels) would not. (GIMP reports the mean
  // in 0..255 or 0..1 depending on precision.)
  EXPECT_NEAR(std::stod(n.at("new-mean")) / std::stod(n.at("src-mean")), 1.0, 0.2);
}

std::string failing_run_script(const std::string& setup, const std::string& call) {
  return setup + "\n(note \"layers-before\" (layer-count img))\n(note \"src-checksum-before\" (checksum layer))\n" +
         call + "\n(note \"layers-after\" (layer-count img))\n(note \"src-checksum-after\" (checksum layer))";
}

void expect_image_unchanged_after_failure(const GimpRun& run) {
  const Notes& n = run.notes;
  EXPECT_EQ(n.at("status"), "failed") << run.log;
  EXPECT_EQ(n.at("layers-after"), n.at("layers-before"));
  EXPECT_EQ(n.at("src-checksum-after"), n.at("src-checksum-before"));
}

}  // namespace neural_style::test_support
