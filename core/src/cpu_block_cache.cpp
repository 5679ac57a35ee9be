#include "cpu_block_cache.h"

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>
#include <c10/util/Exception.h>
#include <sys/mman.h>
#include <torch/version.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <unordered_map>

namespace neural_style {
namespace {

// LibTorch 2.3 made Allocator::allocate non-const and copy_data pure virtual.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 3)
#define NEURAL_STYLE_ALLOCATE_CONST
#define NEURAL_STYLE_ALLOCATOR_COPIES 1
#else
#define NEURAL_STYLE_ALLOCATE_CONST const
#define NEURAL_STYLE_ALLOCATOR_COPIES 0
#endif

// Blocks are whole multiples of this; a cached block serves a request up to
// an eighth smaller than itself, so tiles of nearly the same size share.
constexpr std::size_t granule = 64u << 10;
constexpr std::size_t huge_page = 2u << 20;
constexpr std::size_t huge_page_block = 4u << 20;

std::size_t round_up(std::size_t n) {
  return (n + granule - 1) / granule * granule;
}

class BlockCache final : public c10::Allocator {
 public:
  c10::DataPtr allocate(std::size_t n) NEURAL_STYLE_ALLOCATE_CONST override {
    void* data = n < cpu_block_cache_smallest ? c10::alloc_cpu(n) : const_cast<BlockCache*>(this)->take(n);
    return {data, data, &BlockCache::delete_block, c10::Device(c10::DeviceType::CPU)};
  }
  c10::DeleterFnPtr raw_deleter() const override { return &BlockCache::delete_block; }
#if NEURAL_STYLE_ALLOCATOR_COPIES
  void copy_data(void* dest, const void* src, std::size_t count) const override {
    default_copy_data(dest, src, count);
  }
#endif

  void set_limit(std::uint64_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.limit = bytes;
  }

  void release() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [size, block] : cached_blocks_) munmap(block.data, size);
    stats_.given_back += cached_blocks_.size();
    stats_.cached = 0;
    cached_blocks_.clear();
    most_in_use_ = stats_.in_use;
  }

  CpuBlockCacheStats stats() {
    std::lock_guard<std::mutex> lock(mutex_);
    return stats_;
  }

  void reset_peak() {
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.peak_resident = stats_.in_use + stats_.cached;
  }

  static BlockCache& instance() {
    // Never destroyed: tensors may be freed by other static destructors.
    static BlockCache* cache = new BlockCache;
    return *cache;
  }

 private:
  struct Cached {
    void* data;
    std::uint64_t freed;  // when, in frees: the oldest is given back first
  };

  void* take(std::size_t n) {
    const std::size_t size = round_up(n);
    std::lock_guard<std::mutex> lock(mutex_);
    void* data = nullptr;
    std::size_t got = size;
    // Full: a new block would pass the limit beside what is cached, or the
    // cache holds more than was ever in use at once.
    const auto full = [&] {
      return stats_.cached > most_in_use_ || (stats_.limit > 0 && stats_.in_use + stats_.cached + size > stats_.limit);
    };
    const auto fit = cached_blocks_.lower_bound(size);
    // The smallest block that holds the request serves it when it is less
    // than an eighth larger, or when the cache is full: a larger block is
    // resident already, where a new one would cost a cached block given
    // back and its pages faulted in. A larger block is cut to the request
    // then, its pages beyond given back: held whole, a small tensor would
    // keep a large block's memory from the budget (at 12 MP, tiles' blocks
    // held that way took the process to 5 GB against a 3 GB budget).
    if (fit != cached_blocks_.end() && (fit->first - size <= size / 8 || full())) {
      data = fit->second.data;
      got = fit->first;
      cached_blocks_.erase(fit);
      stats_.cached -= got;
      ++stats_.hits;
      if (got - size > size / 8) {
        munmap(static_cast<char*>(data) + size, got - size);  // size is whole pages (granules)
        got = size;
        ++stats_.trimmed;
      }
    } else {
      ++stats_.misses;
      while (!cached_blocks_.empty() && full()) unmap_newest();
      data = map(size);
      if (data == nullptr) {
        while (!cached_blocks_.empty()) unmap_newest();
        data = map(size);
      }
      // The words LibTorch's own allocator uses, which the engine recognises.
      TORCH_CHECK(data != nullptr, "CPU block cache: not enough memory: you tried to allocate ", n, " bytes.");
    }
    in_use_blocks_.emplace(data, got);
    stats_.in_use += got;
    most_in_use_ = std::max(most_in_use_, stats_.in_use);
    stats_.peak_resident = std::max(stats_.peak_resident, stats_.in_use + stats_.cached);
    return data;
  }

  static void delete_block(void* data) {
    if (data != nullptr && !instance().keep(data)) c10::free_cpu(data);
  }

  // False when `data` is not one of the cache's blocks (a small one).
  bool keep(void* data) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = in_use_blocks_.find(data);
    if (it == in_use_blocks_.end()) return false;
    const std::size_t size = it->second;
    in_use_blocks_.erase(it);
    stats_.in_use -= size;
    cached_blocks_.emplace(size, Cached{data, ++frees_});
    stats_.cached += size;
    return true;
  }

  // A new block's pages are zeroed by the kernel as they are first touched:
  // a large one starts on a 2 MB boundary and asks for huge pages, so that
  // costs one fault per 2 MB instead of one per 4 KB.
  static void* map(std::size_t size) {
    const bool huge = size >= huge_page_block;
    const std::size_t reserved = huge ? size + huge_page : size;
    void* p = mmap(nullptr, reserved, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return nullptr;
    if (!huge) return p;
    const auto start = reinterpret_cast<std::uintptr_t>(p);
    const std::uintptr_t aligned = (start + huge_page - 1) / huge_page * huge_page;
    if (aligned > start) munmap(p, aligned - start);
    const std::uintptr_t end = start + reserved, used_end = aligned + size;
    if (end > used_end) munmap(reinterpret_cast<void*>(used_end), end - used_end);
#ifdef MADV_HUGEPAGE
    madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);
#endif
    return reinterpret_cast<void*>(aligned);
  }

  void unmap_newest() {
    const auto newest = std::max_element(cached_blocks_.begin(), cached_blocks_.end(),
                                         [](const auto& a, const auto& b) { return a.second.freed < b.second.freed; });
    munmap(newest->second.data, newest->first);
    stats_.cached -= newest->first;
    ++stats_.given_back;
    cached_blocks_.erase(newest);
  }

  std::mutex mutex_;
  std::uint64_t frees_ = 0;
  std::uint64_t most_in_use_ = 0;                         // since the last release
  std::multimap<std::size_t, Cached> cached_blocks_;      // by size
  std::unordered_map<void*, std::size_t> in_use_blocks_;  // their sizes
  CpuBlockCacheStats stats_;
};

}  // namespace

void install_cpu_block_cache() {
  static std::once_flag once;
  // Above the default CPU allocator's priority (0).
  std::call_once(once, [] { c10::SetCPUAllocator(&BlockCache::instance(), 1); });
}

void set_cpu_block_cache_limit(std::uint64_t bytes) {
  BlockCache::instance().set_limit(bytes);
}

void release_cpu_block_cache() {
  BlockCache::instance().release();
}

CpuBlockCacheStats cpu_block_cache_stats() {
  return BlockCache::instance().stats();
}

void reset_cpu_block_cache_peak() {
  BlockCache::instance().reset_peak();
}

}  // namespace neural_style
