#include "network_option_entries.h"

namespace neural_style::cli {

NetworkOptionEntries::~NetworkOptionEntries() {
  for (gchar* s : {weights_, convention_, device_, precision_, layout_}) g_free(s);
}

std::vector<GOptionEntry> NetworkOptionEntries::entries() {
  return {
      {"weights", 0, 0, G_OPTION_ARG_FILENAME, &weights_, "VGG19 weights file (.pth or .safetensors)", "FILE"},
      {"convention", 0, 0, G_OPTION_ARG_STRING, &convention_, "Input of the weights: auto, torchvision or caffe (auto)",
       "NAME"},
      {"device", 0, 0, G_OPTION_ARG_STRING, &device_, "auto, cpu or cuda (auto)", "NAME"},
      {"threads", 0, 0, G_OPTION_ARG_INT, &threads_, "CPU threads; 0 = all (at most the hardware's)", "N"},
      {"precision", 0, 0, G_OPTION_ARG_STRING, &precision_,
       "Convolution arithmetic: float32, bfloat16 or float16 (GPU only) (float32)", "NAME"},
      {"layout", 0, 0, G_OPTION_ARG_STRING, &layout_, "Convolution layout: channels-last or nchw (channels-last)",
       "NAME"},
      {"no-tf32", 0, 0, G_OPTION_ARG_NONE, &no_tf32_, "CUDA: exact float32 instead of TF32", nullptr},
      {"no-cudnn-benchmark", 0, 0, G_OPTION_ARG_NONE, &no_cudnn_benchmark_, "CUDA: no cuDNN autotuner", nullptr},
      {nullptr, 0, 0, G_OPTION_ARG_NONE, nullptr, nullptr, nullptr},
  };
}

void NetworkOptionEntries::add_to(GOptionContext* context) {
  // GOption copies the table; the fields it points at are this object's.
  g_option_context_add_main_entries(context, entries().data(), nullptr);
}

std::vector<std::string> NetworkOptionEntries::names() {
  NetworkOptionEntries unused;
  std::vector<std::string> out;
  for (const GOptionEntry& e : unused.entries()) {
    if (e.long_name) out.emplace_back(e.long_name);
  }
  return out;
}

void NetworkOptionEntries::apply(NetworkOptions& n) const {
  if (weights_) n.weights_path = weights_;
  if (convention_) {
    n.convention = choose<InputConvention>(convention_, "convention",
                                           {{"auto", InputConvention::automatic},
                                            {"torchvision", InputConvention::torchvision},
                                            {"caffe", InputConvention::caffe}});
  }
  if (device_) {
    n.device = choose<DeviceKind>(
        device_, "device", {{"auto", DeviceKind::automatic}, {"cpu", DeviceKind::cpu}, {"cuda", DeviceKind::cuda}});
  }
  if (threads_ != G_MININT) {
    if (threads_ < 0) throw UsageError("--threads must be >= 0.");
    n.threads = threads_;
  }
  if (precision_) {
    n.precision = choose<Precision>(
        precision_, "precision",
        {{"float32", Precision::float32}, {"bfloat16", Precision::bfloat16}, {"float16", Precision::float16}});
  }
  if (layout_) n.channels_last = choose<bool>(layout_, "layout", {{"channels-last", true}, {"nchw", false}});
  if (no_tf32_) n.allow_tf32 = false;
  if (no_cudnn_benchmark_) n.cudnn_benchmark = false;
}

}  // namespace neural_style::cli
