// One entry function per parser, shared by the libFuzzer harnesses and the
// corpus replay test (tests/test_fuzz_corpus.cpp), so both exercise exactly
// the same code. Each runs its parser over the bytes and reads every byte of
// the data it hands back (so ASan sees any view outside the input).
// They throw neural_style::Error for bad input; anything else is a bug.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace neural_style::fuzz {

using EntryPoint = void (*)(const std::uint8_t* data, std::size_t size, const std::string& name);

void parse_pickle(const std::uint8_t* data, std::size_t size, const std::string& name);
void parse_zip(const std::uint8_t* data, std::size_t size, const std::string& name);
void parse_torch_checkpoint(const std::uint8_t* data, std::size_t size, const std::string& name);
void parse_safetensors(const std::uint8_t* data, std::size_t size, const std::string& name);
void parse_image_header(const std::uint8_t* data, std::size_t size, const std::string& name);

struct Target {
  const char* name;  // also the folder under tests/fuzz-corpus/
  EntryPoint parse;
};
const std::vector<Target>& targets();

}  // namespace neural_style::fuzz
