// The order in which weights are looked for, and the message when none are.
#include <glib.h>
#include <gtest/gtest.h>

#include "neural_style/stylizer.h"
#include "support/test_files.h"

using namespace neural_style;
using namespace neural_style::test_support;

namespace {

class WeightsSearch : public ::testing::Test {
 protected:
  TempDir dir;
  std::string home = dir.file("home"), data = dir.file("data"), sys1 = dir.file("sys1"), sys2 = dir.file("sys2");

  void SetUp() override {
    for (const auto& d : {home, data, sys1, sys2}) g_mkdir_with_parents(d.c_str(), 0755);
    g_setenv("HOME", home.c_str(), TRUE);
    g_setenv("XDG_DATA_HOME", data.c_str(), TRUE);
    g_setenv("XDG_DATA_DIRS", (sys1 + ":" + sys2).c_str(), TRUE);
    g_unsetenv("XDG_CACHE_HOME");
    g_unsetenv("TORCH_HOME");
    g_unsetenv("NEURAL_STYLE_WEIGHTS");
  }
  std::string touch(const std::string& folder, const std::string& name) {
    g_mkdir_with_parents(folder.c_str(), 0755);
    const std::string p = folder + "/" + name;
    write_file(p, "x");
    return p;
  }
};

}  // namespace

TEST_F(WeightsSearch, OrderOfPlaces) {
  const std::string hub = touch(home + "/.cache/torch/hub/checkpoints", "vgg19-dcbb9e9d.pth");
  EXPECT_EQ(find_weights(), hub);

  const std::string in_sys2 = touch(sys2 + "/neural-style", "vgg19-a.pth");
  EXPECT_EQ(find_weights(), in_sys2);
  const std::string in_sys1 = touch(sys1 + "/neural-style", "vgg19-b.pth");
  EXPECT_EQ(find_weights(), in_sys1);
  touch(sys1 + "/neural-style", "resnet.pth");  // not vgg19*: ignored
  const std::string user_pth = touch(data + "/neural-style", "vgg19-c.pth");
  EXPECT_EQ(find_weights(), user_pth);
  // safetensors before .pth in one folder.
  const std::string user_st = touch(data + "/neural-style", "vgg19-z.safetensors");
  EXPECT_EQ(find_weights(), user_st);

  const std::string env_file = touch(dir.path(), "from-env.bin");
  g_setenv("NEURAL_STYLE_WEIGHTS", env_file.c_str(), TRUE);
  EXPECT_EQ(find_weights(), env_file);

  const std::string explicit_file = touch(dir.path(), "explicit.bin");
  EXPECT_EQ(find_weights(explicit_file), explicit_file);
}

TEST_F(WeightsSearch, TorchHomeMovesTheHubCache) {
  const std::string torch_home = dir.file("th");
  g_setenv("TORCH_HOME", torch_home.c_str(), TRUE);
  const std::string hub = touch(torch_home + "/hub/checkpoints", "vgg19-dcbb9e9d.pth");
  EXPECT_EQ(find_weights(), hub);
}

TEST_F(WeightsSearch, NothingFoundListsEveryPlaceAndTheFetchCommand) {
  try {
    find_weights();
    FAIL() << "found weights in an empty tree";
  } catch (const WeightsNotFound& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(data + "/neural-style/vgg19*.safetensors|.pth"), std::string::npos) << msg;
    EXPECT_NE(msg.find(sys1 + "/neural-style"), std::string::npos) << msg;
    EXPECT_NE(msg.find(sys2 + "/neural-style"), std::string::npos) << msg;
    EXPECT_NE(msg.find(home + "/.cache/torch/hub/checkpoints/vgg19-dcbb9e9d.pth"), std::string::npos) << msg;
    EXPECT_NE(msg.find("NEURAL_STYLE_WEIGHTS"), std::string::npos) << msg;
    EXPECT_NE(msg.find("neural-style-fetch-weights"), std::string::npos) << msg;
    EXPECT_EQ(e.searched(), weights_search_path());
  }
}

TEST_F(WeightsSearch, MissingExplicitOrEnvironmentFileIsAnError) {
  EXPECT_THROW(find_weights(dir.file("absent.pth")), WeightsNotFound);
  g_setenv("NEURAL_STYLE_WEIGHTS", dir.file("absent.pth").c_str(), TRUE);
  EXPECT_THROW(find_weights(), WeightsNotFound);
}

TEST_F(WeightsSearch, AFolderGivenAsTheWeightsFileIsNamedAsSuch) {
  try {
    find_weights(data);
    FAIL() << "a folder was taken as the weights file";
  } catch (const WeightsNotFound& e) {
    EXPECT_NE(std::string(e.what()).find(data + " is a folder, not a file"), std::string::npos) << e.what();
  }
  g_setenv("NEURAL_STYLE_WEIGHTS", data.c_str(), TRUE);
  try {
    find_weights();
    FAIL() << "a folder in NEURAL_STYLE_WEIGHTS was taken as the weights file";
  } catch (const WeightsNotFound& e) {
    EXPECT_NE(std::string(e.what()).find("which is a folder, not a file"), std::string::npos) << e.what();
  }
}
