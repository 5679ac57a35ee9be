// Every command-line option lands in the engine setting it names.
#include <gtest/gtest.h>

#include <functional>
#include <sstream>
#include <thread>

#include "cli_options.h"
#include "neural_style/presets.h"
#include "neural_style/stylizer.h"
#include "support/run_command.h"

using namespace neural_style;
using namespace neural_style::cli;
using neural_style::test_support::run_command;

namespace {

CliOptions parse(std::vector<std::string> args) {
  args.insert(args.begin(), "neural-style");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return parse_command_line(static_cast<int>(args.size()), argv.data());
}

std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

TEST(CliOptions, SingleScaleFullSizeAndTheMemoryBudget) {
  const CliOptions single = parse({"c.png", "s.png", "-o", "out.png", "--single-scale"});
  EXPECT_FALSE(single.job.multiscale.enabled);
  EXPECT_EQ(single.job.iterations, Options{}.iterations);
  const CliOptions full = parse({"c.png", "s.png", "-o", "out.png", "--size", "0", "--tile-memory", "2000",
                                 "--tile-size", "320", "--detail-size", "800", "--detail-iterations", "3"});
  EXPECT_EQ(full.job.size, 0);
  EXPECT_TRUE(full.job.multiscale.enabled);
  EXPECT_EQ(full.job.iterations, preset_iterations(0));
  EXPECT_EQ(full.job.memory_budget_mb, 2000);
  EXPECT_EQ(full.job.tile_size, 320);
  EXPECT_EQ(full.job.multiscale.detail_size, 800);
  EXPECT_EQ(full.job.multiscale.detail_iterations, 3);
  EXPECT_EQ(full.job.multiscale.detail_layer, Options{}.multiscale.detail_layer);
  EXPECT_EQ(parse({"c.png", "s.png", "-o", "out.png", "--detail-layer", "conv2_1"}).job.multiscale.detail_layer,
            "conv2_1");
  EXPECT_EQ(parse({"c.png", "s.png", "-o", "out.png", "--detail-layer", "all"}).job.multiscale.detail_layer, "");
  EXPECT_EQ(full.job.multiscale.detail_learning_rate, Options{}.multiscale.detail_learning_rate);
  EXPECT_EQ(
      parse({"c.png", "s.png", "-o", "out.png", "--detail-learning-rate", "1.5"}).job.multiscale.detail_learning_rate,
      1.5);
  EXPECT_EQ(full.job.multiscale.detail_optimizer, OptimizerKind::image_adam);
  EXPECT_EQ(parse({"c.png", "s.png", "-o", "out.png", "--detail-optimizer", "adam"}).job.multiscale.detail_optimizer,
            OptimizerKind::adam);
  EXPECT_EQ(parse({"c.png", "s.png", "-o", "out.png", "--optimizer", "image-adam"}).job.optimizer,
            OptimizerKind::image_adam);
  EXPECT_THROW(parse({"c.png", "s.png", "-o", "out.png", "--detail-optimizer", "sgd"}), UsageError);
  EXPECT_THROW(parse({"c.png", "s.png", "-o", "out.png", "--single-scale", "--multiscale"}), UsageError);
}

TEST(CliOptions, DefaultsAreTheEngines) {
  const CliOptions o = parse({"c.png", "s.png", "-o", "out.png"});
  const Options defaults;
  EXPECT_EQ(o.content_path, "c.png");
  EXPECT_EQ(o.style_paths, std::vector<std::string>{"s.png"});
  EXPECT_EQ(o.output_path, "out.png");
  EXPECT_EQ(o.job.size, defaults.size);
  // Coarse to fine by default, with the Standard preset's iterations at
  // the working size (the core's presets, not a number of the CLI's own).
  EXPECT_TRUE(o.job.multiscale.enabled);
  EXPECT_EQ(o.job.iterations, preset_iterations(defaults.size));
  EXPECT_EQ(o.job.memory_budget_mb, defaults.memory_budget_mb);
  EXPECT_EQ(o.job.tile_size, 0);
  EXPECT_EQ(o.job.content_weight, defaults.content_weight);
  EXPECT_EQ(o.job.style_weight, defaults.style_weight);
  EXPECT_EQ(o.job.tv_weight, defaults.tv_weight);
  EXPECT_EQ(o.job.learning_rate, defaults.learning_rate);
  ASSERT_EQ(o.job.style_layers.size(), 5u);
  for (const auto& l : o.job.style_layers) EXPECT_EQ(l.weight, default_style_layer_weight(l.layer)) << l.layer;
  EXPECT_EQ(o.network.device, DeviceKind::automatic);
  EXPECT_EQ(o.network.convention, InputConvention::automatic);
}

TEST(CliOptions, EveryOptionReachesItsSetting) {
  const CliOptions o =
      parse(words("c.png a.jpg b.jpg -o out.tif --size 0 -i 7 --content-weight 2.5 --style-weight 0.25 --tv-weight 0 "
                  "--tv squared --content-layer conv5_2 --style-layers conv1_1:2,conv3_1 --optimizer adam "
                  "--learning-rate 4 --lbfgs-history 9 --init-image start.png --pooling average --style-blend 3,1 "
                  "--style-scale 0.5 --keep-colors --multiscale --multiscale-start 64 --multiscale-factor 1.5 "
                  "--multiscale-iterations 11 --device cpu --seed 42 --weights w.pth --convention caffe --save-every 5 "
                  "--bit-depth 16 --threads 1 --precision bfloat16 --quiet"));
  EXPECT_EQ(o.style_paths, (std::vector<std::string>{"a.jpg", "b.jpg"}));
  EXPECT_EQ(o.style_blend, (std::vector<double>{3, 1}));
  EXPECT_EQ(o.job.size, 0);
  EXPECT_EQ(o.job.iterations, 7);
  EXPECT_EQ(o.job.content_weight, 2.5);
  EXPECT_EQ(o.job.style_weight, 0.25);
  EXPECT_EQ(o.job.tv_weight, 0.0);
  EXPECT_EQ(o.job.tv_kind, TvKind::squared);
  EXPECT_EQ(o.job.content_layer, "conv5_2");
  ASSERT_EQ(o.job.style_layers.size(), 2u);
  EXPECT_EQ(o.job.style_layers[0].layer, "conv1_1");
  EXPECT_EQ(o.job.style_layers[0].weight, 2.0);
  EXPECT_EQ(o.job.style_layers[1].layer, "conv3_1");
  EXPECT_EQ(o.job.style_layers[1].weight, 0.0625);  // none given: (64 / 256)²
  EXPECT_EQ(o.job.optimizer, OptimizerKind::adam);
  EXPECT_EQ(o.job.learning_rate, 4.0);
  EXPECT_EQ(o.job.lbfgs_history, 9);
  EXPECT_EQ(o.job.init, InitKind::image);
  EXPECT_EQ(o.init_image_path, "start.png");
  EXPECT_EQ(o.job.pooling, Pooling::average);
  EXPECT_EQ(o.job.style_scale, 0.5);
  EXPECT_TRUE(o.job.keep_colors);
  EXPECT_TRUE(o.job.multiscale.enabled);
  EXPECT_EQ(o.job.multiscale.start_size, 64);
  EXPECT_EQ(o.job.multiscale.factor, 1.5);
  EXPECT_EQ(o.job.multiscale.coarse_iterations, 11);
  EXPECT_EQ(o.job.seed, 42u);
  EXPECT_EQ(o.save_every, 5);
  EXPECT_EQ(o.job.progress_image_every, 5);
  EXPECT_EQ(o.bit_depth, 16);
  EXPECT_TRUE(o.quiet);
  EXPECT_EQ(o.network.device, DeviceKind::cpu);
  EXPECT_EQ(o.network.weights_path, "w.pth");
  EXPECT_EQ(o.network.convention, InputConvention::caffe);
  EXPECT_EQ(o.network.threads, 1);
  EXPECT_EQ(o.network.precision, Precision::bfloat16);
  EXPECT_TRUE(o.network.channels_last) << "the measured faster layout stays the default";
  EXPECT_EQ(parse({"c", "s", "-o", "o.png", "--init", "noise"}).job.init, InitKind::noise);
}

TEST(CliOptions, SpeedSettingsReachTheNetwork) {
  EXPECT_TRUE(parse({"c", "s", "-o", "o.png"}).network == NetworkOptions{}) << "the engine's defaults";
  NetworkOptions want;
  want.channels_last = false;
  want.allow_tf32 = false;
  want.cudnn_benchmark = false;
  EXPECT_TRUE(parse(words("c s -o o.png --layout nchw --no-tf32 --no-cudnn-benchmark")).network == want);
}

TEST(CliOptions, UsageErrorsSayWhatIsWrong) {
  auto message = [](std::vector<std::string> args) -> std::string {
    try {
      parse(args);
    } catch (const UsageError& e) {
      return e.what();
    }
    return "(no error)";
  };
  EXPECT_NE(message({"c", "s", "-o", "o.png", "--style-blend", "1,2"}).find("2 weights for 1 style"),
            std::string::npos);
  EXPECT_NE(message({"c", "s", "-o", "o.png", "--init", "image"}).find("--init-image"), std::string::npos);
  EXPECT_NE(message({"c", "s", "-o", "o.png", "--style-layers", "conv1_1:x"}).find("\"x\""), std::string::npos);
  EXPECT_NE(message({"c", "s", "-o", "o.png", "--bit-depth", "12"}).find("8 or 16"), std::string::npos);
  EXPECT_NE(message({"c", "s", "-o", "o.png", "--pooling", "min"}).find("max, average"), std::string::npos);
  EXPECT_NE(message({"c", "s", "-o", "o.png", "--size", "big"}).find("big"), std::string::npos);
  EXPECT_NE(message({"c", "s", "-o", "o.png", "--precision", "half"}).find("float32, bfloat16, float16"),
            std::string::npos);
  EXPECT_NE(message({"c", "s", "-o", "o.png", "--layout", "nhwc"}).find("channels-last, nchw"), std::string::npos);
  EXPECT_NE(message({"c", "s", "-o", "o.png", "--threads", "-1"}).find("--threads must be >= 0"), std::string::npos);
}

TEST(CliOptions, ThreadsAboveTheHardwareAreCappedWithANotice) {
  const int hardware = static_cast<int>(std::thread::hardware_concurrency());
  const CliOptions o = parse({"c", "s", "-o", "o.png", "--threads", "100000"});
  EXPECT_EQ(o.network.threads, hardware);
  ASSERT_EQ(o.notices.size(), 1u);
  EXPECT_NE(o.notices[0].find("--threads 100000 is more than this machine's"), std::string::npos) << o.notices[0];
  EXPECT_TRUE(parse({"c", "s", "-o", "o.png", "--threads", "1"}).notices.empty());
}

TEST(NetworkOptions, EveryFieldTakesPartInEquality) {
  const NetworkOptions defaults;
  const std::vector<std::pair<const char*, std::function<void(NetworkOptions&)>>> changes = {
      {"weights_path", [](NetworkOptions& n) { n.weights_path = "other.pth"; }},
      {"convention", [](NetworkOptions& n) { n.convention = InputConvention::caffe; }},
      {"device", [](NetworkOptions& n) { n.device = DeviceKind::cpu; }},
      {"threads", [](NetworkOptions& n) { n.threads = 3; }},
      {"channels_last", [](NetworkOptions& n) { n.channels_last = !n.channels_last; }},
      {"precision", [](NetworkOptions& n) { n.precision = Precision::bfloat16; }},
      {"allow_tf32", [](NetworkOptions& n) { n.allow_tf32 = !n.allow_tf32; }},
      {"cudnn_benchmark", [](NetworkOptions& n) { n.cudnn_benchmark = !n.cudnn_benchmark; }},
  };
  EXPECT_TRUE(defaults == NetworkOptions{});
  EXPECT_FALSE(defaults != NetworkOptions{});
  for (const auto& [field, change] : changes) {
    NetworkOptions changed = defaults;
    change(changed);
    EXPECT_FALSE(changed == defaults) << field;
    EXPECT_TRUE(changed != defaults) << field;
    const NetworkOptions copy = changed;
    EXPECT_TRUE(copy == changed) << field;
  }
}

// neural-style and neural-style-bench take their network options from one
// table: both list every one of them, with the same help.
TEST(NetworkOptionEntries, TheCliAndTheBenchTakeTheSameNetworkOptions) {
  const auto cli = run_command({NEURAL_STYLE_CLI, "--help"});
  const auto bench = run_command({NEURAL_STYLE_BENCH, "--help"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  ASSERT_EQ(bench.exit_code, 0) << bench.err;
  // The help line of an option, its words only (the columns differ).
  auto help_of = [](const std::string& help, const std::string& name) {
    std::istringstream in(help);
    for (std::string line; std::getline(in, line);) {
      const auto w = words(line);
      if (!w.empty() && (w[0] == "--" + name || w[0].rfind("--" + name + "=", 0) == 0)) return w;
    }
    return std::vector<std::string>{};
  };
  const auto names = NetworkOptionEntries::names();
  EXPECT_EQ(names.size(), 8u);
  for (const auto& name : names) {
    const auto in_cli = help_of(cli.out, name);
    EXPECT_FALSE(in_cli.empty()) << name << " missing from neural-style --help";
    EXPECT_EQ(in_cli, help_of(bench.out, name)) << name;
  }
}
