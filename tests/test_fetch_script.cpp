// neural-style-fetch-weights against a local file:// URL.
#include <glib.h>
#include <gtest/gtest.h>

#include "support/run_command.h"
#include "support/test_files.h"

using namespace neural_style::test_support;

namespace {

std::string sha256_of(const std::string& bytes) {
  gchar* hex = g_compute_checksum_for_string(G_CHECKSUM_SHA256, bytes.data(), static_cast<gssize>(bytes.size()));
  std::string s(hex);
  g_free(hex);
  return s;
}

class FetchScript : public ::testing::Test {
 protected:
  TempDir dir;
  std::string source = dir.file("vgg19-test.pth");
  std::string bytes = "pretend weights " + std::string(1000, 'w');
  std::string data = dir.file("data");
  void SetUp() override { write_file(source, bytes); }
  CommandResult fetch(const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {"sh", FETCH_SCRIPT, "--url", "file://" + source};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_command(argv, {{"XDG_DATA_HOME", data}, {"HOME", dir.path()}});
  }
  std::string installed() const { return data + "/neural-style/vgg19-test.pth"; }
};

}  // namespace

TEST_F(FetchScript, GoodChecksumInstallsIntoTheXdgDataDir) {
  const auto r = fetch({"--sha256", sha256_of(bytes)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(installed()), bytes);
  EXPECT_NE(r.out.find(installed()), std::string::npos) << r.out;
}

TEST_F(FetchScript, ChecksumPrefixLikeTorchHubIsAccepted) {
  const auto r = fetch({"--sha256", sha256_of(bytes).substr(0, 8)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(g_file_test(installed().c_str(), G_FILE_TEST_IS_REGULAR));
}

TEST_F(FetchScript, BadChecksumRefusesAndInstallsNothing) {
  const auto r = fetch({"--sha256", std::string(64, '0')});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("checksum mismatch"), std::string::npos) << r.err;
  EXPECT_FALSE(g_file_test(installed().c_str(), G_FILE_TEST_EXISTS));
  // No partial download left behind either.
  GDir* d = g_dir_open((data + "/neural-style").c_str(), 0, nullptr);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(g_dir_read_name(d), nullptr);
  g_dir_close(d);
}

TEST_F(FetchScript, DefaultChecksumIsTheOfficialFilesAndRejectsOthers) {
  // Without --sha256 the official vgg19-dcbb9e9d.pth digest is expected.
  const auto r = fetch({});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("expected dcbb9e9d"), std::string::npos) << r.err;
}

TEST_F(FetchScript, MissingSourceAndBadArguments) {
  auto r = run_command({"sh", FETCH_SCRIPT, "--url", "file://" + dir.file("absent.pth"), "--sha256", "00000000"},
                       {{"XDG_DATA_HOME", data}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("download failed"), std::string::npos) << r.err;
  r = run_command({"sh", FETCH_SCRIPT, "--sha256", "xyz"}, {{"XDG_DATA_HOME", data}});
  EXPECT_EQ(r.exit_code, 2);
  r = run_command({"sh", FETCH_SCRIPT, "--frobnicate"}, {{"XDG_DATA_HOME", data}});
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(FetchScript, ADestinationThatIsAFileIsRefusedBeforeDownloading) {
  const std::string file = dir.file("not-a-folder");
  write_file(file, "mine");
  const auto r = fetch({"--sha256", sha256_of(bytes), "--dest", file});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(file + " is a file, not a folder"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Downloading"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(file), "mine");
}
