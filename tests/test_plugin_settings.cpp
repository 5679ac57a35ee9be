// The plug-in's settings: slider mappings onto the engine's weights, the
// PDB's range checks, and the dialog's time estimate. No GIMP needed.
#include <glib.h>
#include <gmodule.h>
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "engine_api.h"
#include "neural_style/errors.h"
#include "neural_style/tiling.h"
#include "plugin_error.h"
#include "procedure_docs.h"
#include "settings.h"
#include "time_estimate.h"

using namespace neural_style_plugin;

namespace {

FilterSettings valid() {
  FilterSettings s;
  g_strlcpy(s.style_file, "/tmp/painting.jpg", sizeof s.style_file);
  return s;
}

std::string error_of(const FilterSettings& s) {
  try {
    check_settings(s);
  } catch (const PluginError& e) {
    return e.what();
  }
  return "";
}

TEST(PluginSettings, StrengthAndSmoothnessMapOntoEngineDefaultsAtFifty) {
  const neural_style::Options engine;
  EXPECT_DOUBLE_EQ(style_weight_for(50), engine.style_weight);
  EXPECT_NEAR(style_weight_for(100), engine.style_weight * 10, 1e-12);
  EXPECT_NEAR(style_weight_for(0), engine.style_weight / 10, 1e-12);
  EXPECT_DOUBLE_EQ(tv_weight_for(50), engine.tv_weight);
  EXPECT_NEAR(tv_weight_for(75), engine.tv_weight * 10, 1e-12);
  EXPECT_EQ(tv_weight_for(0), 0.0);
  EXPECT_GT(tv_weight_for(1), 0.0);
  EXPECT_LT(style_weight_for(30), style_weight_for(31));
}

TEST(PluginSettings, JobOptionsCarryEverySetting) {
  FilterSettings s = valid();
  s.style_strength = 100;
  s.content_weight = 2.5;
  s.smoothness = 0;
  s.iterations = 77;
  s.size = 300;
  s.optimizer = static_cast<gint32>(StyleOptimizer::adam);
  s.init = static_cast<gint32>(StyleInit::noise);
  s.keep_colors = TRUE;
  s.style_scale = 0.5;
  s.multiscale = FALSE;
  s.seed = 42;
  s.device = static_cast<gint32>(StyleDevice::cpu);
  g_strlcpy(s.weights_file, "/w.pth", sizeof s.weights_file);
  const neural_style::Options o = job_options(s);
  EXPECT_NEAR(o.style_weight, style_weight_for(100), 1e-15);
  EXPECT_EQ(o.content_weight, 2.5);
  EXPECT_EQ(o.tv_weight, 0.0);
  EXPECT_EQ(o.iterations, 77);
  EXPECT_EQ(o.size, 300);
  EXPECT_EQ(o.optimizer, neural_style::OptimizerKind::adam);
  EXPECT_EQ(o.init, neural_style::InitKind::noise);
  EXPECT_TRUE(o.keep_colors);
  EXPECT_EQ(o.style_scale, 0.5);
  EXPECT_FALSE(o.multiscale.enabled);
  EXPECT_EQ(o.seed, 42u);
  const neural_style::NetworkOptions n = network_options(s);
  EXPECT_EQ(n.device, neural_style::DeviceKind::cpu);
  EXPECT_EQ(n.weights_path, "/w.pth");
  EXPECT_EQ(device_kind(static_cast<gint32>(StyleDevice::gpu)), neural_style::DeviceKind::cuda);
  EXPECT_EQ(device_kind(static_cast<gint32>(StyleDevice::automatic)), neural_style::DeviceKind::automatic);
}

TEST(PluginSettings, EveryBadValueHasItsOwnMessage) {
  EXPECT_EQ(error_of(valid()), "");
  FilterSettings s = valid();
  s.style_file[0] = '\0';
  EXPECT_NE(error_of(s).find("No style image"), std::string::npos);
  s = valid();
  s.style_drawable = 7;
  s.style_file[0] = '\0';
  EXPECT_EQ(error_of(s), "") << "a style layer needs no file";

  const auto expect = [](FilterSettings bad, const std::string& words) {
    EXPECT_NE(error_of(bad).find(words), std::string::npos) << error_of(bad);
  };
  s = valid(), s.style_strength = 101, expect(s, "style strength must be between 0 and 100; it is 101");
  s = valid(), s.style_strength = NAN, expect(s, "style strength");
  s = valid(), s.content_weight = -1, expect(s, "content weight");
  s = valid(), s.smoothness = -0.5, expect(s, "smoothness must be between 0 and 100; it is -0.5");
  s = valid(), s.iterations = 0, expect(s, "iterations must be between 1 and 10000; it is 0");
  s = valid(), s.size = 31, expect(s, "between 32 and 16384 pixels; it is 31");
  s = valid(), s.size = 16385, expect(s, "it is 16385");
  s = valid(), s.optimizer = 2, expect(s, "optimizer must be 0 (L-BFGS) or 1 (Adam); it is 2");
  s = valid(), s.init = -1, expect(s, "start must be 0");
  s = valid(), s.keep_colors = 3, expect(s, "Keep colors");
  s = valid(), s.style_scale = 0, expect(s, "style scale");
  s = valid(), s.style_scale = 9, expect(s, "style scale");
  s = valid(), s.multiscale = 2, expect(s, "Multiscale");
  s = valid(), s.seed = -4, expect(s, "seed must be 0 or more; it is -4");
  s = valid(), s.device = 3, expect(s, "device must be 0 (automatic), 1 (CPU) or 2 (GPU); it is 3");
  s = valid(), s.size = 0;
  EXPECT_EQ(error_of(s), "") << "0 = the layer's own size";
}

TEST(PluginTimeEstimate, CountsEveryScaleOfTheJob) {
  FilterSettings s = valid();
  s.size = 512;
  s.iterations = 100;
  s.multiscale = FALSE;
  // The network reads each scale with its mirrored margin, 16 px a side.
  const auto read = [](double w, double h) { return (w + 32) * (h + 32); };
  // 512 x 256 px, 100 iterations.
  EXPECT_NEAR(job_megapixel_iterations(s, 2000, 1000), read(512, 256) * 100 * 1e-6, 1e-9);
  s.size = 0;  // the layer's own size
  EXPECT_NEAR(job_megapixel_iterations(s, 300, 200), read(300, 200) * 100 * 1e-6, 1e-9);
  s.size = 512;
  s.multiscale = TRUE;  // 512, 256 and 128 px levels
  // Each coarser level: a quarter of the pixels, twice the iterations.
  EXPECT_NEAR(job_megapixel_iterations(s, 2000, 1000),
              (read(512, 256) * 100 + read(256, 128) * 200 + read(128, 64) * 400) * 1e-6, 1e-9);
}

// Said in the dialog beside the estimate, before OK: what OK would refuse.
TEST(PluginTimeEstimate, ALayerTooLargeForFullSizeIsSaidBeforeOk) {
  FilterSettings s = valid();
  s.size = 0;  // "Full layer size"
  // 96 MP at the automatic CPU budget: the last stage cannot be planned.
  const neural_style::ImageSize painting{1200, 900};
  const std::string warning = memory_warning(s, 12000, 8000, painting);
  const int budget = neural_style::automatic_cpu_budget_mb({12000, 8000}, {painting}, job_options(s));
  EXPECT_NE(warning.find("12000 × 8000 px needs"), std::string::npos) << warning;
  EXPECT_NE(warning.find("more than the " + std::to_string(budget) + " MB"), std::string::npos) << warning;
  EXPECT_NE(warning.find("lower quality"), std::string::npos) << warning;
  // The same layer at "High" fits, as does a 24 MP photo at full size.
  s.size = 1024;
  EXPECT_EQ(memory_warning(s, 12000, 8000, painting), "");
  s.size = 0;
  EXPECT_EQ(memory_warning(s, 6000, 4000, painting), "");
  // The warning is the one OK gives: the engine's own check refuses the
  // large layer and takes the other.
  neural_style::Options o = job_options(s);
  EXPECT_THROW(neural_style::plan_job({12000, 8000}, {painting}, o), neural_style::MemoryBudgetTooSmall);
  EXPECT_NO_THROW(neural_style::plan_job({6000, 4000}, {painting}, o));
}

// The painting counts at the size the job reads it: a large scan beside a
// large layer leaves the job too little of the process's 4 GB.
TEST(PluginTimeEstimate, ALargePaintingIsCountedAsTheJobReadsIt) {
  FilterSettings s = valid();
  s.size = 0;
  EXPECT_EQ(memory_warning(s, 8660, 5773, {1200, 900}), "");
  EXPECT_EQ(memory_warning(s, 8660, 5773, {}), "");  // not read yet: the layer alone
  // A 30000 px scan is read at the layer's longest side, 8660 x 6495.
  const std::string warning = memory_warning(s, 8660, 5773, {30000, 22500});
  EXPECT_NE(warning.find("8660 × 5773 px needs"), std::string::npos) << warning;
  const int budget = neural_style::automatic_cpu_budget_mb({8660, 5773}, {{8660, 6495}}, job_options(s));
  EXPECT_NE(warning.find("more than the " + std::to_string(budget) + " MB"), std::string::npos) << warning;
  // At a lower quality the scan is read smaller, and the job fits.
  s.size = 1024;
  EXPECT_EQ(memory_warning(s, 8660, 5773, {30000, 22500}), "");
}

TEST(PluginTimeEstimate, ReadableDurations) {
  EXPECT_EQ(describe_duration(0.2), "about 1 s");
  EXPECT_EQ(describe_duration(42), "about 42 s");
  EXPECT_EQ(describe_duration(200), "about 3 min");
  EXPECT_EQ(describe_duration(3 * 3600), "about 3.0 h");
}

}  // namespace

// The README's Script-Fu argument list is the PDB's, in the same order (it
// once listed multiscale before style-scale).
// The engine's failures carry data; the plug-in words the remedy in GIMP's
// terms, never with the command-line tool's flags.
std::string plugin_message(const EngineFailure& failure) {
  try {
    throw_failure(failure);
  } catch (const PluginError& e) {
    return e.what();
  }
  return {};
}

TEST(PluginMessages, RemediesAreTheDialogsNotTheCommandLineFlags) {
  EngineFailure not_found{
      FailureKind::weights_not_found, "No VGG19 weights found.", {"/a/vgg19.pth", "/b"}, "neural-style-fetch-weights"};
  std::string text = plugin_message(not_found);
  EXPECT_NE(text.find("/a/vgg19.pth"), std::string::npos) << text;
  EXPECT_NE(text.find("neural-style-fetch-weights"), std::string::npos) << text;
  EXPECT_NE(text.find("advanced settings"), std::string::npos) << text;
  EXPECT_EQ(text.find("--"), std::string::npos) << text;

  text = plugin_message({FailureKind::device_unavailable,
                         "The \"cuda\" device (the GPU) was requested, but this LibTorch is CPU-only.",
                         {},
                         {}});
  EXPECT_NE(text.find("this LibTorch is CPU-only"), std::string::npos) << text;
  EXPECT_NE(text.find("Automatic or CPU in the dialog's advanced settings"), std::string::npos) << text;
  EXPECT_EQ(text.find("--"), std::string::npos) << text;

  text = plugin_message(
      {FailureKind::weights_convention_unknown, "Cannot tell which input the weights in /w.pth expect.", {}, {}});
  EXPECT_NE(text.find("/w.pth"), std::string::npos) << text;
  EXPECT_NE(text.find("input_convention"), std::string::npos) << text;
  EXPECT_EQ(text.find("--"), std::string::npos) << text;
}

// GIMP has no memory-budget setting, so a layer too large for it at "Full
// layer size" is told to take a lower quality, not a flag it cannot give.
TEST(PluginMessages, ALayerTooLargeForTheMemoryBudgetIsToldToTakeALowerQuality) {
  const std::string core = "A 6928 x 5196 px result needs at least 3693 MB of memory, more than the budget of 3072 MB.";
  const std::string text = plugin_message({FailureKind::memory_budget, core, {}, {}});
  EXPECT_NE(text.find(core), std::string::npos) << text;
  EXPECT_NE(text.find("lower quality"), std::string::npos) << text;
  EXPECT_EQ(text.find("--"), std::string::npos) << text;
  EXPECT_EQ(text.find("cannot be used"), std::string::npos) << "not the wording of a wrong setting: " << text;
}

// The engine module tells that failure apart from other bad settings, so
// the plug-in can word its own remedy (the real module, as GIMP loads it).
TEST(EngineModule, AResultTooLargeForTheMemoryBudgetIsItsOwnFailure) {
  GModule* module = g_module_open(ENGINE_MODULE, G_MODULE_BIND_LOCAL);
  ASSERT_NE(module, nullptr) << g_module_error();
  g_module_make_resident(module);  // LibTorch does not support being unloaded
  gpointer symbol = nullptr;
  ASSERT_TRUE(g_module_symbol(module, engine_factory_symbol, &symbol)) << g_module_error();
  const std::unique_ptr<Engine> core(reinterpret_cast<EngineFactory>(symbol)(engine_abi_version));
  ASSERT_NE(core, nullptr);

  // At its own size a 2048 px square's detail stage needs more than 512 MB
  // even in the smallest tiles; at 256 px it fits.
  const neural_style::Image content(2048, 2048), style(64, 64);
  neural_style::Options options;
  options.size = 0;
  options.memory_budget_mb = 512;
  EngineFailure failure;
  EXPECT_FALSE(core->validate(content, {{style, 1.0}}, options, &failure));
  EXPECT_EQ(failure.kind, FailureKind::memory_budget) << failure.message;
  EXPECT_NE(failure.message.find("2048 x 2048 px result needs at least"), std::string::npos) << failure.message;

  options.size = 256;
  EXPECT_TRUE(core->validate(content, {{style, 1.0}}, options, &failure)) << failure.message;
  options.size = 0;
  options.memory_budget_mb = 100;  // below the least budget allowed: a wrong setting, not a size too large
  EXPECT_FALSE(core->validate(content, {{style, 1.0}}, options, &failure));
  EXPECT_EQ(failure.kind, FailureKind::invalid_argument) << failure.message;
}

TEST(ProcedureDocs, ReadmeListsTheArgumentsInThePdbOrder) {
  gchar* text = nullptr;
  ASSERT_TRUE(g_file_get_contents(README_PATH, &text, nullptr, nullptr));
  const std::string readme = text;
  g_free(text);
  const std::string opening = "(plug-in-neural-style run-mode image drawable\n";
  const auto start = readme.find(opening);
  ASSERT_NE(start, std::string::npos) << "the Script-Fu argument list is missing from the README";
  std::vector<std::string> listed;
  std::istringstream lines(readme.substr(start + opening.size()));
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line.substr(0, line.find(';')));
    bool closed = false;
    for (std::string w; words >> w;) {
      closed = w.back() == ')';
      listed.push_back(closed ? w.substr(0, w.size() - 1) : w);
    }
    if (closed) break;
  }
  std::vector<std::string> registered;
  for (const auto& a : neural_style_plugin::procedure_docs::arguments) registered.push_back(a.name);
  EXPECT_EQ(listed, registered);
}
