// LibTorch's CPU tensors, once install_cpu_block_cache() has run, take their
// large blocks from a cache that keeps freed blocks and hands them out again
// to the next request of (nearly) their size, as CUDA's caching allocator
// does on a GPU. An iteration then reuses the previous one's memory with no
// page faults, and what the cache keeps is bounded: a request that finds no
// block gives back cached ones first when the blocks in use and cached would
// pass the limit, and a larger cached block that serves a request then is
// cut to its size (docs/full-resolution.md, "Where the peak was").
#pragma once

#include <cstdint>

namespace neural_style {

// Makes the cache LibTorch's CPU allocator. Process-wide; once (later calls
// do nothing). Blocks allocated before it keep their own allocator.
void install_cpu_block_cache();

// The bytes the blocks in use and those cached may reach together before
// cached ones are given back; 0 = no limit (the default). The engine sets a
// job's memory budget here. Whatever the limit, the cache keeps no more than
// the most bytes in use at once since the last release: blocks that no
// request fits do not pile up.
void set_cpu_block_cache_limit(std::uint64_t bytes);

// Gives every cached block back to the system.
void release_cpu_block_cache();

struct CpuBlockCacheStats {
  std::uint64_t limit = 0;                             // set_cpu_block_cache_limit()'s
  std::uint64_t in_use = 0;                            // bytes of the blocks tensors hold
  std::uint64_t cached = 0;                            // bytes of freed blocks kept
  std::uint64_t peak_resident = 0;                     // the largest in_use + cached since the last reset
  std::uint64_t hits = 0, misses = 0, given_back = 0;  // requests served from the cache or not; blocks returned
  std::uint64_t trimmed = 0;                           // larger blocks cut to a request when the cache was full
};

CpuBlockCacheStats cpu_block_cache_stats();
void reset_cpu_block_cache_peak();

// Requests below this many bytes go to LibTorch's own allocator.
constexpr std::uint64_t cpu_block_cache_smallest = 1u << 20;

}  // namespace neural_style
