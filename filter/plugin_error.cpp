#include "plugin_error.h"

#include "i18n.h"

namespace neural_style_plugin {

[[noreturn]] void throw_failure(const EngineFailure& failure) {
  std::string text;
  switch (failure.kind) {
    case FailureKind::invalid_argument:
      text = _("These settings cannot be used:");
      text += "\n" + failure.message;
      break;
    case FailureKind::device_unavailable:
      text = _("The GPU cannot be used here:");
      text += "\n" + failure.message + "\n";
      text += _("Choose the device Automatic or CPU in the dialog's advanced settings.");
      break;
    case FailureKind::weights_not_found:
      text = _("Neural Style needs the VGG19 network weights, and none were found.");
      text += std::string("\n") + _("Searched:");
      for (const auto& place : failure.searched) text += "\n  " + place;
      text += std::string("\n") +
              _("Download them once (about 550 MB, checked against their published checksum) with the command:");
      text += "\n  " + failure.fetch_command + "\n";
      text += _("or choose a weights file in the dialog's advanced settings.");
      break;
    case FailureKind::weights_unusable:
      text = _("The VGG19 weights file cannot be used:");
      text += "\n" + failure.message + "\n";
      text += _("Download a fresh copy with neural-style-fetch-weights, or choose another file.");
      break;
    case FailureKind::weights_convention_unknown:
      text = _("The VGG19 weights file cannot be used:");
      text += "\n" + failure.message + "\n";
      text +=
          _("Choose the official weights (neural-style-fetch-weights downloads them), or a .safetensors file "
            "whose metadata gives its input_convention.");
      break;
    case FailureKind::image:
      text = _("An image could not be read:");
      text += "\n" + failure.message;
      break;
    case FailureKind::out_of_memory:
      text = _("Neural Style ran out of memory.");
      text += std::string(" ") + _("Choose a smaller size (a lower quality), or the CPU if the GPU's memory is full.");
      text += "\n" + failure.message;
      break;
    // The budget keeps the whole job within a few GB on the CPU; GIMP has no
    // setting for it, so the remedy is a smaller size.
    case FailureKind::memory_budget:
      text = _("This layer is too large to paint at this size within the memory Neural Style may use:");
      text += "\n" + failure.message + "\n";
      text +=
          _("Choose a smaller size (a lower quality; the result is enlarged to the layer’s size), or scale "
            "the layer down.");
      break;
    case FailureKind::numerical:
      text = _("The computation diverged: the loss became NaN or infinite.");
      text += std::string(" ") + _("Try a lower style strength, the L-BFGS optimizer, or another seed.");
      text += "\n" + failure.message;
      break;
    case FailureKind::cancelled: text = _("Neural Style was cancelled; the image is unchanged."); break;
    case FailureKind::internal:
      text = _("Neural Style failed unexpectedly:");
      text += "\n" + failure.message;
      break;
  }
  throw PluginError(text);
}

}  // namespace neural_style_plugin
