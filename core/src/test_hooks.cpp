#include "test_hooks.h"

namespace neural_style::test_hooks {

std::function<void(int width, int height)> before_network_pass;
std::atomic<std::uint64_t> host_copies{0};

}  // namespace neural_style::test_hooks
