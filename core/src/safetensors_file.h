// Reads .safetensors: an 8-byte little-endian header length, a JSON header
// {name: {dtype, shape, data_offsets}, "__metadata__": {...}}, then the data.
#pragma once

#include <map>
#include <string>

#include "mapped_file.h"
#include "raw_tensor.h"

namespace neural_style {

bool looks_like_safetensors(const MappedFile& file);

// Throws WeightsFormatError (bad header, offsets outside the file) or
// WeightsMismatch (unsupported dtype).
RawTensorMap read_safetensors(const MappedFile& file, std::map<std::string, std::string>* metadata);

}  // namespace neural_style
