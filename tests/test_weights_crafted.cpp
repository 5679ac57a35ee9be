// Crafted weights files, one per defect class the fuzzers found: each is
// rejected with a WeightsFormatError whose sentence names the file and says
// what to do, instead of crashing the CLI and the plug-in.
#include <gtest/gtest.h>

#include <string>

#include "mapped_file.h"
#include "neural_style/errors.h"
#include "pickle_reader.h"
#include "support/test_weights.h"
#include "weights_loader.h"
#include "zip_archive.h"

using namespace neural_style;
using namespace neural_style::test_support;

namespace {

const std::string corpus = FUZZ_CORPUS_DIR;

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// The message of the WeightsFormatError that loading `path` as weights gives.
std::string load_error(const std::string& path) {
  try {
    load_vgg19_weights(path, InputConvention::torchvision);
  } catch (const WeightsFormatError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "wrong exception for " << path << ": " << e.what();
    return "";
  }
  ADD_FAILURE() << "no error for " << path;
  return "";
}

// The same for a bare pickle (pickle::read, then state_dict).
std::string pickle_error(const std::string& bytes, const std::string& name = "crafted.pth") {
  try {
    const auto r = pickle::read(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), name);
    pickle::state_dict(r.root, name);
  } catch (const WeightsFormatError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

void expect_message(const std::string& msg, const std::string& name, const std::string& detail) {
  EXPECT_TRUE(contains(msg, name)) << msg;
  EXPECT_TRUE(contains(msg, detail)) << msg;
  EXPECT_TRUE(contains(msg, "neural-style-fetch-weights") || contains(msg, "Download it again")) << msg;
}

}  // namespace

TEST(CraftedWeights, MemoCyclesAreRefused) {
  expect_message(pickle_error(std::string("\x80\x02]q\x00h\x00\x61.", 9)), "crafted.pth", "into itself");
  expect_message(pickle_error(read_file(corpus + "/pickle/crash-self-state-dict.pkl")), "crafted.pth",
                 "container into itself");
  expect_message(pickle_error(std::string("\x80\x02]2a.", 6)), "crafted.pth", "into itself");
  // A dict placed in a tuple, then made its own "state_dict" through the memo.
  expect_message(pickle_error(read_file(corpus + "/pickle/crash-sealed-modified.pkl")), "crafted.pth",
                 "already placed in another object");
}

TEST(CraftedWeights, DeepNestingIsRefused) {
  for (const char* name : {"crash-deep-lists.pkl", "crash-deep-tuples.pkl", "crash-deep-dicts.pkl"}) {
    expect_message(pickle_error(read_file(corpus + "/pickle/" + name)), "crafted.pth", "nested more than 64 deep");
  }
  // 64 levels are still fine (a torch state dict needs fewer than 10).
  const std::string ok = "\x80\x02}" + std::string(62, '\x85') + std::string(1, '.');
  EXPECT_NO_THROW(pickle::read(reinterpret_cast<const std::uint8_t*>(ok.data()), ok.size(), "ok"));
}

TEST(CraftedWeights, Zip64OffsetsThatWrapAreRefused) {
  for (const char* name : {"crash-zip64-locator-wraps.zip", "crash-zip64-directory-wraps.zip",
                           "crash-zip64-local-wraps.zip", "crash-zip64-size-wraps.zip"}) {
    const std::string path = corpus + "/zip/" + name;
    const std::string bytes = read_file(path);
    try {
      ZipArchive(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), path);
      ADD_FAILURE() << name << " accepted";
    } catch (const WeightsFormatError& e) {
      expect_message(e.what(), path, "truncated or damaged");
    }
  }
}

TEST(CraftedWeights, ShortZip64ExtraFieldsAreRefused) {
  for (const auto& [name, detail] :
       {std::pair{"crash-zip64-short-extra.zip", "short zip64 field of entry a"},
        std::pair{"crash-extra-longer-than-directory.zip", "bad extra field of entry a"}}) {
    const std::string path = corpus + "/zip/" + name;
    const std::string bytes = read_file(path);
    try {
      ZipArchive(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), path);
      ADD_FAILURE() << name << " accepted";
    } catch (const WeightsFormatError& e) {
      expect_message(e.what(), path, detail);
    }
  }
}

TEST(CraftedWeights, RawEntryNamesAreEscaped) {
  EXPECT_EQ(printable_entry_name("\x1b[31m\xff\\ok/\xc3\xa9"), "\\x1b[31m\\xff\\x5cok/\xc3\xa9");
  const std::string path = corpus + "/zip/raw-entry-name.zip";
  const std::string bytes = read_file(path);
  try {
    ZipArchive(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), path);
    ADD_FAILURE() << "accepted";
  } catch (const WeightsFormatError& e) {
    expect_message(e.what(), path, "bad zip entry \\x1b[31m\\xff");
  }
}

TEST(CraftedWeights, TorchFilesWithCraftedPicklesAreRefused) {
  const std::string dir = corpus + "/torch-checkpoint/";
  expect_message(load_error(dir + "crash-zip-self-state-dict.pth"), "crash-zip-self-state-dict.pth", "into itself");
  expect_message(load_error(dir + "crash-legacy-self-state-dict.pth"), "crash-legacy-self-state-dict.pth",
                 "into itself");
  expect_message(load_error(dir + "crash-legacy-deep-lists.pth"), "crash-legacy-deep-lists.pth", "nested");
  expect_message(load_error(dir + "crash-legacy-huge-storage.pth"), "crash-legacy-huge-storage.pth",
                 "the data of features.0.bias is missing");
  expect_message(load_error(dir + "crash-legacy-view-outside.pth"), "crash-legacy-view-outside.pth",
                 "features.0.bias points outside its data");
}

TEST(CraftedWeights, CraftedSafetensorsHeadersAreRefused) {
  const std::string dir = corpus + "/safetensors/";
  expect_message(load_error(dir + "crash-deep-json.safetensors"), "crash-deep-json", "header nested too deeply");
  expect_message(load_error(dir + "crash-shape-overflow.safetensors"), "crash-shape-overflow",
                 "the shape of t is impossibly large");
  expect_message(load_error(dir + "crash-negative-dim.safetensors"), "crash-negative-dim", "negative dimension in t");
}

// The hardened readers still load what torch.save writes.
TEST(CraftedWeights, RealTorchSaveFilesStillLoad) {
  TempDir dir;
  const NamedTensors tensors = make_vgg19_tensors(3, true);
  write_torch_zip(dir.file("zip.pth"), tensors);
  write_torch_zip(dir.file("zip64.pth"), tensors, true);
  write_torch_legacy(dir.file("legacy.pth"), tensors);
  for (const char* name : {"zip.pth", "zip64.pth", "legacy.pth"}) {
    EXPECT_NO_THROW(load_vgg19_weights(dir.file(name), InputConvention::torchvision)) << name;
  }
}
