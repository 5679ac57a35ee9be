// The engine module: the core behind the plug-in's Engine interface, with
// every core exception turned into an EngineFailure at this boundary.
#include <exception>
#include <memory>
#include <new>

#include "engine_api.h"
#include "neural_style/neural_style.h"

using namespace neural_style;

namespace neural_style_plugin {
namespace {

template <typename Body>
bool guarded(EngineFailure* failure, Body&& body) {
  try {
    body();
    return true;
  } catch (const WeightsNotFound& e) {
    *failure = {FailureKind::weights_not_found, e.what(), e.searched(), "neural-style-fetch-weights"};
  } catch (const WeightsError& e) {
    *failure = {FailureKind::weights_unusable, e.what(), {}, {}};
  } catch (const UnknownInputConvention& e) {
    *failure = {FailureKind::weights_convention_unknown, e.what(), {}, {}};
  } catch (const DeviceUnavailable& e) {
    *failure = {FailureKind::device_unavailable, e.what(), {}, {}};
  } catch (const MemoryBudgetTooSmall& e) {
    *failure = {FailureKind::memory_budget, e.what(), {}, {}};
  } catch (const InvalidArgument& e) {
    *failure = {FailureKind::invalid_argument, e.what(), {}, {}};
  } catch (const ImageError& e) {
    *failure = {FailureKind::image, e.what(), {}, {}};
  } catch (const OutOfMemory& e) {
    *failure = {FailureKind::out_of_memory, e.what(), {}, {}};
  } catch (const std::bad_alloc&) {
    *failure = {FailureKind::out_of_memory, "The computer ran out of memory.", {}, {}};
  } catch (const NumericalError& e) {
    *failure = {FailureKind::numerical, e.what(), {}, {}};
  } catch (const Cancelled& e) {
    *failure = {FailureKind::cancelled, e.what(), {}, {}};
  } catch (const std::exception& e) {
    *failure = {FailureKind::internal, e.what(), {}, {}};
  } catch (...) {
    *failure = {FailureKind::internal, "An unknown error occurred in the engine.", {}, {}};
  }
  return false;
}

class CoreEngine final : public Engine {
 public:
  bool validate(const Image& content, const std::vector<StyleImage>& styles, const Options& options,
                EngineFailure* failure) override {
    return guarded(failure, [&] { validate_job(content, styles, options); });
  }

  bool describe_device(DeviceKind device, std::string* description, EngineFailure* failure) override {
    return guarded(failure, [&] { *description = neural_style::describe_device(device); });
  }

  bool load(const NetworkOptions& network, EngineFailure* failure) override {
    if (stylizer_ && network == loaded_) return true;
    return guarded(failure, [&] {
      stylizer_.reset();  // free the old network before loading the new one
      configure_process(network);
      stylizer_ = std::make_unique<Stylizer>(network);
      loaded_ = network;
    });
  }

  bool run(const Image& content, const std::vector<StyleImage>& styles, const Options& options,
           const ProgressCallback& progress, Image* result, EngineFailure* failure) override {
    if (!stylizer_) {
      *failure = {FailureKind::internal, "run() was called before load().", {}, {}};
      return false;
    }
    return guarded(failure, [&] { *result = stylizer_->run(content, styles, options, progress); });
  }

 private:
  std::unique_ptr<Stylizer> stylizer_;
  NetworkOptions loaded_;
};

}  // namespace
}  // namespace neural_style_plugin

extern "C" __attribute__((visibility("default"))) neural_style_plugin::Engine* neural_style_engine_new(
    int abi_version) {
  if (abi_version != neural_style_plugin::engine_abi_version) return nullptr;
  return new (std::nothrow) neural_style_plugin::CoreEngine();
}
