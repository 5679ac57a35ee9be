// Seams through which the tests make rare events happen on a machine where
// they do not (a GPU running out of memory) and count what they cannot see
// from outside (copies of values to the host). Empty in normal runs, where
// each costs one test of an empty std::function or one relaxed increment.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

namespace neural_style::test_hooks {

// Called before each pass of the network over an image or a tile's region,
// with the region's width and height. A test throws from it, e.g. an
// out-of-memory error for regions above some size.
extern std::function<void(int width, int height)> before_network_pass;

// Copies of tensor values to the host made by the engine (each a device
// synchronisation on a GPU): the losses, images. LibTorch's own .item()
// calls are counted by the tests through its RecordFunction observers.
extern std::atomic<std::uint64_t> host_copies;

}  // namespace neural_style::test_hooks
