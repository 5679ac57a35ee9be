// Replays the committed fuzzing corpus (tests/fuzz-corpus/<parser>/) through
// every parser's entry point, as the libFuzzer harnesses do, in an ordinary
// build: each input must be accepted or rejected with a neural_style::Error,
// never crash or throw anything else. The crash-* inputs reproduce the
// defects the fuzzers found and must be rejected with a WeightsFormatError
// naming the file.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "neural_style/errors.h"
#include "parser_entry_points.h"

namespace fs = std::filesystem;
using namespace neural_style;

namespace {

std::vector<std::uint8_t> read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<fs::path> corpus_files(const std::string& parser) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(FUZZ_CORPUS_DIR) / parser)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

}  // namespace

TEST(FuzzCorpus, EveryParserSurvivesEveryInput) {
  std::size_t inputs = 0;
  for (const auto& folder : fuzz::targets()) {
    for (const auto& path : corpus_files(folder.name)) {
      const auto bytes = read_bytes(path);
      ++inputs;
      for (const auto& target : fuzz::targets()) {
        try {
          target.parse(bytes.data(), bytes.size(), path.string());
        } catch (const Error&) {
        } catch (const std::exception& e) {
          ADD_FAILURE() << target.name << " threw a non-neural_style exception on " << path << ": " << e.what();
        }
      }
    }
  }
  EXPECT_GE(inputs, 30u);
}

TEST(FuzzCorpus, CrashInputsAreRejectedNamingTheFile) {
  for (const auto& target : fuzz::targets()) {
    for (const auto& path : corpus_files(target.name)) {
      if (!starts_with(path.filename().string(), "crash-")) continue;
      const auto bytes = read_bytes(path);
      try {
        target.parse(bytes.data(), bytes.size(), path.string());
        ADD_FAILURE() << path << " was accepted by " << target.name;
      } catch (const WeightsFormatError& e) {
        EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
      } catch (const std::exception& e) {
        ADD_FAILURE() << path << ": not a WeightsFormatError: " << e.what();
      }
    }
  }
}

TEST(FuzzCorpus, ValidSeedsAreAccepted) {
  for (const auto& target : fuzz::targets()) {
    for (const auto& path : corpus_files(target.name)) {
      if (!starts_with(path.filename().string(), "valid")) continue;
      const auto bytes = read_bytes(path);
      EXPECT_NO_THROW(target.parse(bytes.data(), bytes.size(), path.string())) << path;
    }
  }
}
