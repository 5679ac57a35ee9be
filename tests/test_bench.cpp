// neural-style-bench end to end on generated weights and tiny sizes: it
// measures, compares, records, and runs or cleanly skips the Python reference.
#include <glib.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "support/generated_weights.h"
#include "support/run_command.h"
#include "support/test_files.h"

using namespace neural_style::test_support;

namespace {

// The numbers of the table row for `size`, or empty.
std::vector<std::string> row_cells(const std::string& report, int size) {
  const std::string start = "| " + std::to_string(size) + " | ";
  const auto at = report.find(start);
  if (at == std::string::npos) return {};
  const std::string line = report.substr(at, report.find('\n', at) - at);
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '|') {
      cells.push_back(cell.substr(cell.find_first_not_of(' ') == std::string::npos ? 0 : cell.find_first_not_of(' ')));
      while (!cells.back().empty() && cells.back().back() == ' ') cells.back().pop_back();
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  return cells;
}

// A Python whose "import torch" fails, whatever is installed here.
std::map<std::string, std::string> without_torch(const TempDir& dir) {
  write_file(dir.file("torch.py"), "raise ImportError('no torch in this test')\n");
  return {{"PYTHONPATH", dir.path()}};
}

}  // namespace

TEST(Bench, MeasuresEverySizeComparesAndRecords) {
  TempDir dir;
  const std::string record = dir.file("results.md");
  write_file(record, "# Results\n");
  const auto r = run_command({NEURAL_STYLE_BENCH,
                              "--weights",
                              generated_weights_file(),
                              "--sizes",
                              "32,48",
                              "--iterations",
                              "2",
                              "--warmup",
                              "1",
                              "--jobs",
                              "32",
                              "--job-iterations",
                              "5",
                              "--compare",
                              "layout,gram,multiscale,precision",
                              "--compare-size",
                              "48",
                              "--compare-iterations",
                              "2",
                              "--label",
                              "smoke run",
                              "--record",
                              record},
                             without_torch(dir));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* part :
       {"## smoke run", "- Machine: ", "- Command: ", "- Matrix product: ", "| size | s/iter |",
        "### Layout at 48 px (longest side)", "NCHW / channels-last = **", "### Gram matrix", "| all five |",
        "### Precision", "| bfloat16 |", "### Multiscale vs one scale", "multiscale / one-scale loss = **"}) {
    EXPECT_NE(r.out.find(part), std::string::npos) << part << "\n" << r.out;
  }
  for (int size : {32, 48}) {
    const auto cells = row_cells(r.out, size);
    ASSERT_EQ(cells.size(), 11u) << size << "\n" << r.out;
    EXPECT_GT(std::stod(cells[1]), 0.0) << "s/iter";
    EXPECT_GT(std::stod(cells[2]), 0.0) << "floor";
    // Printed to 4 significant digits.
    EXPECT_NEAR(std::stod(cells[3]), std::stod(cells[1]) / std::stod(cells[2]), 0.01 * std::stod(cells[3]) + 0.01);
    EXPECT_GT(std::stod(cells[4]), 10.0) << "peak MB";
    EXPECT_EQ(cells[6] == "-", size != 32) << "a whole job only where --jobs asked";
    EXPECT_EQ(cells[7], "-") << "no reference without PyTorch";
  }
  EXPECT_GT(std::stod(row_cells(r.out, 32)[6]), 0.0);
  EXPECT_NE(r.out.find("Reference at 32 px not run: no Python PyTorch here"), std::string::npos) << r.out;
  EXPECT_NE(
      r.out.find("- Reference: not run, no Python PyTorch here (import torch failed in python3, /usr/bin/python3)"),
      std::string::npos)
      << r.out;
  // The BLAS line names files that exist (resolved through the alternatives' links).
  const auto blas_at = r.out.find("- BLAS: ");
  ASSERT_NE(blas_at, std::string::npos) << r.out;
  const std::string blas = r.out.substr(blas_at + 8, r.out.find('\n', blas_at) - blas_at - 8);
  if (blas.rfind("no BLAS library loaded", 0) != 0) {
    const std::string first = blas.substr(0, blas.find_first_of(", "));
    EXPECT_EQ(first[0], '/') << blas;
    EXPECT_TRUE(g_file_test(first.c_str(), G_FILE_TEST_IS_REGULAR)) << blas;
    EXPECT_FALSE(g_file_test(first.c_str(), G_FILE_TEST_IS_SYMLINK)) << "not resolved: " << blas;
  }
  const std::string recorded = read_file(record);
  EXPECT_EQ(recorded.rfind("# Results\n", 0), 0u) << "appends, keeps what was there";
  EXPECT_NE(recorded.find("## smoke run"), std::string::npos);
  EXPECT_NE(recorded.find("| 48 | "), std::string::npos);
}

TEST(Bench, RunsTheReferenceWherePythonPyTorchExists) {
  // The bench tries python3, then /usr/bin/python3 (python3 may be a pyenv shim without PyTorch).
  std::string python;
  for (const char* p : {"python3", "/usr/bin/python3"}) {
    if (python.empty() && run_command({p, "-c", "import torch"}).exit_code == 0) python = p;
  }
  if (python.empty()) GTEST_SKIP() << "no Python PyTorch on this machine (Debian: python3-torch)";
  const auto r = run_command({NEURAL_STYLE_BENCH, "--weights", generated_weights_file(), "--sizes", "48",
                              "--iterations", "2", "--warmup", "1", "--device", "cpu"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("- Reference: " + python + ", PyTorch "), std::string::npos) << r.out;
  const auto cells = row_cells(r.out, 48);
  ASSERT_EQ(cells.size(), 11u) << r.out;
  EXPECT_GT(std::stod(cells[7]), 0.0) << "reference s/iter";
  // The start image is the content: the same loss means the same objective
  // (generated weights are torchvision-convention; calibration scales are
  // not in the reference, so allow for them).
  EXPECT_GT(std::stod(cells[10]), 0.0);
}

TEST(Bench, RejectsBadArgumentsWithTheAllowedValues) {
  const auto sizes = run_command({NEURAL_STYLE_BENCH, "--sizes", "10"});
  EXPECT_EQ(sizes.exit_code, 2);
  EXPECT_NE(sizes.err.find("32 to 16384"), std::string::npos) << sizes.err;
  const auto compare = run_command({NEURAL_STYLE_BENCH, "--compare", "fast"});
  EXPECT_EQ(compare.exit_code, 2);
  EXPECT_NE(compare.err.find("layout, gram, precision, multiscale, presets"), std::string::npos) << compare.err;
  const auto weights = run_command({NEURAL_STYLE_BENCH, "--weights", "/nonexistent/vgg19.pth", "--sizes", "32"});
  EXPECT_EQ(weights.exit_code, 1);
  EXPECT_NE(weights.err.find("/nonexistent/vgg19.pth"), std::string::npos) << weights.err;
}

TEST(Bench, FullSizeJobsReportEachScaleItsTilesTimeAndMemory) {
  TempDir dir;
  const auto r = run_command(
      {NEURAL_STYLE_BENCH, "--weights", generated_weights_file(), "--sizes", "32", "--iterations", "2", "--warmup", "0",
       "--no-reference", "--full-size", "0.02,0.05", "--full-tile", "80", "--job-iterations", "2"},
      without_torch(dir));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("### Full resolution: a 4:3 photo at its own size"), std::string::npos) << r.out;
  // 0.02 MP at 4:3 is 163 x 122: one scale (below the multiscale start), in
  // 3 x 2 tiles of 80 px, its time, peak memory and the tensors' blocks
  // (the CPU block cache's peak), then the job's.
  const std::regex row(
      R"(\| 0\.0199 \| 163x122 \| 163x122 x 2 \(6 tiles\): [0-9]+ s, ([0-9]+) MB \(([0-9]+)\) \| [0-9]+ \| ([0-9]+) \|)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, row)) << r.out;
  // One scale: its peak is the job's, and the process has one, above its blocks.
  EXPECT_EQ(m[1].str(), m[3].str());
  EXPECT_GT(std::stoi(m[3].str()), 10);
  EXPECT_GT(std::stoi(m[2].str()), 0);
  EXPECT_LT(std::stoi(m[2].str()), std::stoi(m[1].str()));
  // 0.05 MP is 258 x 194: two scales, each with its own peak; the job's is
  // the larger of them.
  const std::regex two(
      R"(\| 0\.0501 \| 258x194 \| 129x97 x [0-9]+ \([0-9]+ tiles\): [0-9]+ s, ([0-9]+) MB \([0-9]+\), )"
      R"(258x194 x 2 \(12 tiles\): [0-9]+ s, )"
      R"(([0-9]+) MB \([0-9]+\) \| [0-9]+ \| ([0-9]+) \|)");
  ASSERT_TRUE(std::regex_search(r.out, m, two)) << r.out;
  EXPECT_EQ(std::stoi(m[3].str()), std::max(std::stoi(m[1].str()), std::stoi(m[2].str())));
  const auto bad = run_command({NEURAL_STYLE_BENCH, "--full-size", "4,x"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("Invalid --full-size \"x\""), std::string::npos) << bad.err;
}
