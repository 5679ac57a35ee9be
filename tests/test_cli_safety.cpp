// The command-line tool never harms the user's files: the output is
// replaced only by a complete result, never names an input, and everything
// that can be checked is checked before the work (exit 2 within a second).
#include <glib.h>
#include <glib/gstdio.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "image_io.h"
#include "neural_style/stylizer.h"
#include "support/cli_fixture.h"

using namespace neural_style;
using namespace neural_style::test_support;

namespace {

class CliSafety : public CliFixture {
 protected:
  // Runs, expects `code` and `says`, and checks that every file that was in
  // the folder before is byte for byte the same, and nothing was added.
  void expect_refused(const std::vector<std::string>& args, int code, const std::string& says) {
    const auto before = folder_contents();
    const auto r = run(args);
    EXPECT_EQ(r.exit_code, code) << r.err;
    EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
    EXPECT_EQ(folder_contents(), before) << r.err;
  }
  std::map<std::string, std::string> folder_contents() const {
    std::map<std::string, std::string> sums;
    for (const auto& name : regular_files_in(dir.path())) sums[name] = file_sha256(dir.file(name));
    return sums;
  }
};

}  // namespace

TEST_F(CliSafety, OutputNamingAnInputIsRefusedWhateverTheSpelling) {
  const std::string init = dir.file("start.png");
  save_image(make_content_image(48, 40), init);
  ASSERT_EQ(symlink(content.c_str(), dir.file("alias.png").c_str()), 0);
  ASSERT_EQ(link(style.c_str(), dir.file("hardlink.jpg").c_str()), 0);
  const std::string dotted = dir.path() + "/./content.png";
  for (const auto& [out, says] :
       std::vector<std::pair<std::string, std::string>>{{content, "is the content image"},
                                                        {dotted, "is the content image"},
                                                        {dir.file("alias.png"), "is the content image"},
                                                        {style, "is the style image"},
                                                        {dir.file("hardlink.jpg"), "is the style image"},
                                                        {init, "is the --init-image"}}) {
    auto args = quick(out);
    args.insert(args.end(), {"--init-image", init});
    expect_refused(args, 2, says);
  }
  // The weights are an input too.
  const std::string weights = dir.file("weights.png");
  write_file(weights, read_file(generated_weights_file()));
  auto args = quick(weights);
  args.insert(args.end(), {"--weights", weights});
  expect_refused(args, 2, "is the --weights file");
}

TEST_F(CliSafety, OutputProblemsAreFoundBeforeTheWork) {
  // No weights anywhere: any check that came after the weights load would
  // exit 4 instead.
  expect_refused({content, style, "-o", dir.file("out.bmp")}, 2, "unknown file type \".bmp\"");
  expect_refused({content, style, "-o", dir.file("no/folder/out.png")}, 2, "does not exist");
  ASSERT_EQ(g_mkdir(dir.file("result.png").c_str(), 0755), 0);
  expect_refused({content, style, "-o", dir.file("result.png")}, 2, "it is a folder");
  // A snapshot name that an input already has.
  const std::string snapshot_like = dir.file("out-s1-2.png");
  save_image(make_style_image(16, 16), snapshot_like);
  expect_refused({content, snapshot_like, "-o", dir.file("out.png"), "--save-every", "2"}, 2,
                 "--save-every would write snapshots named like the style image");
}

TEST_F(CliSafety, AFailedWriteKeepsTheOldResult) {
  const std::string out = dir.file("result.png");
  save_image(make_content_image(8, 8), out);
  const std::string before = file_sha256(out);
  // ulimit -f 1: files may grow to 512 bytes, far less than the result.
  const auto r = run(quick(out), "ulimit -f 1");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("Cannot write " + out), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Wrote"), std::string::npos) << r.err;
  EXPECT_EQ(file_sha256(out), before);
  EXPECT_EQ(regular_files_in(dir.path()), (std::vector<std::string>{"content.png", "result.png", "style.jpg"}));
}

TEST_F(CliSafety, DamagedAndHugeImagesAreErrorsBeforeAnyWork) {
  const std::string whole = read_file(style);
  write_file(dir.file("cut.jpg"), whole.substr(0, whole.size() / 2));
  auto args = quick(dir.file("out.png"));
  args[1] = dir.file("cut.jpg");
  const auto r = run(args);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("cut.jpg: the JPEG file is damaged or incomplete"), std::string::npos) << r.err;
  for (const char* raw : {"WARNING", "libjpeg", "libpng", "Premature end of JPEG file\n"})
    EXPECT_EQ(r.err.find(raw), std::string::npos) << raw << " in " << r.err;
  EXPECT_FALSE(g_file_test(dir.file("out.png").c_str(), G_FILE_TEST_EXISTS));

  // 20000 x 20000 claimed in 57 bytes: refused from the header, at once.
  write_file(dir.file("huge.png"), png_header_only(20000, 20000));
  args = quick(dir.file("out.png"));
  args[0] = dir.file("huge.png");
  const auto started = g_get_monotonic_time();
  const auto big = run(args);
  EXPECT_LT(g_get_monotonic_time() - started, 10'000'000);
  EXPECT_EQ(big.exit_code, 3) << big.err;
  EXPECT_NE(big.err.find("20000 x 20000 pixels (400 megapixels), more than the limit of 250 megapixels"),
            std::string::npos)
      << big.err;
  EXPECT_NE(big.err.find("--max-megapixels"), std::string::npos) << big.err;
  args.insert(args.end(), {"--max-megapixels", "0.0001"});
  EXPECT_EQ(run(args).exit_code, 2);
  args.back() = "1000";
  const auto raised = run(args);  // passes the limit; the missing pixels are the error
  EXPECT_EQ(raised.exit_code, 3) << raised.err;
  EXPECT_NE(raised.err.find("damaged or incomplete"), std::string::npos) << raised.err;
}

TEST_F(CliSafety, NumbersMustBeFiniteAndInRange) {
  const std::string out = dir.file("never.png");
  for (const char* option : {"--content-weight", "--style-weight", "--tv-weight", "--learning-rate", "--style-scale",
                             "--multiscale-factor", "--max-megapixels"}) {
    for (const char* value : {"nan", "-inf", "1e999"}) {
      auto args = quick(out);
      args.insert(args.end(), {option, value});
      expect_refused(args, 2, std::string("Invalid ") + option + " \"" + value + "\": expected a finite number");
    }
  }
  auto args = quick(out);
  args.insert(args.end(), {"--style-layers", "conv1_1:nan"});
  expect_refused(args, 2, "expected a finite number");
  args = quick(out);
  args.insert(args.end(), {"--style-blend", "inf"});
  expect_refused(args, 2, "expected a finite number");
}

TEST_F(CliSafety, ThreadsAboveTheHardwareAreCappedWithANotice) {
  auto args = quick(dir.file("out.png"));
  args.insert(args.end(), {"--threads", "1000", "-i", "1"});
  const auto r = run(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const unsigned cores = std::thread::hardware_concurrency();
  EXPECT_NE(r.err.find("--threads 1000 is more than this machine's " + std::to_string(cores) + " hardware threads"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("CPU, " + std::to_string(cores) + (cores == 1 ? " thread" : " threads")), std::string::npos)
      << r.err;
}

TEST_F(CliSafety, AnInterruptedRunSaysWhichSnapshotsItWrote) {
  // Interrupted once the first snapshot exists: the result is not written,
  // and the message names the snapshots instead of "nothing was written".
  const std::string out = dir.file("out.png");
  auto args = quick(out);
  args.insert(args.end(), {"--save-every", "1", "-i", "500", "--size", "48"});
  std::string command = "\"$0\" \"$@\" & pid=$!; for i in $(seq 600); do [ -e '" + dir.file("out-s1-1.png") +
                        "' ] && break; sleep 0.05; done; kill -INT $pid; wait $pid";
  args.insert(args.begin(), NEURAL_STYLE_CLI);
  args.insert(args.begin(), {"bash", "-c", command});
  const auto r = run_command(args, env);
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_NE(r.err.find("interrupted. The result was not written, but"), std::string::npos) << r.err;
  const std::string last = "(the last: " + dir.file("out-s1-");
  EXPECT_NE(r.err.find(last), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("nothing was written"), std::string::npos) << r.err;
  EXPECT_FALSE(g_file_test(out.c_str(), G_FILE_TEST_EXISTS));
}

TEST_F(CliSafety, WholeNumbersOutOfRangeAreRefusedBeforeTheWork) {
  const std::string out = dir.file("never.png");
  for (const auto& [option, value, says] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"--iterations", "1000000", "iterations must be between 0 and 100000"},
           {"--lbfgs-history", "0", "L-BFGS history must be between 1 and 1000"},
           {"--multiscale-start", "99999", "multiscale start size must be between 16 and 16384"},
           {"--multiscale-iterations", "-3", "iterations per coarse scale must be between 0 and 100000"},
           {"--seed", "-1", "--seed must be >= 0"},
           {"--size", "99999999999", "out of range"}}) {
    auto args = quick(out);
    args.insert(args.end(), {option, value, "--multiscale"});
    expect_refused(args, 2, says);
  }
}

TEST_F(CliSafety, CudaWithoutAGpuIsRefusedBeforeAnyWorkAndWritesNothing) {
  if (gpu_unavailable_reason().empty()) GTEST_SKIP() << "this machine has a usable GPU";
  const std::string why = libtorch_has_cuda() ? "found no usable NVIDIA GPU" : "this LibTorch is CPU-only";
  auto args = quick(dir.file("out.png"));
  args.insert(args.end(), {"--device", "cuda", "--save-every", "1"});
  expect_refused(args, 2, why);
  expect_refused(args, 2, "Run with --device auto or --device cpu to use the CPU");
  expect_refused(args, 2, libtorch_has_cuda() ? "nvidia-smi" : "-Dlibtorch_dir=");
  // Before any image is read: a missing content image is not what it says.
  args[0] = dir.file("missing.png");
  expect_refused(args, 2, why);
}
