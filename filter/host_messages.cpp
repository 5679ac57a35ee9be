#include "host_messages.h"

#include "format_message.h"
#include "i18n.h"

namespace neural_style_plugin::host_messages {

std::string indexed_layer() {
  return _(
      "Neural Style works on RGB and grayscale layers, and this one is indexed. Convert the image with Image ▸ "
      "Mode ▸ RGB first.");
}

std::string drawable_not_in_image() {
  return _("The drawable to stylize does not belong to the image.");
}

std::string channel_selected() {
  return _("Neural Style works on layers, and a channel is selected. Select a layer first.");
}

std::string style_layer_gone(int id) {
  return format_message(
      _("The style layer (ID %d) no longer exists; its image may have been closed. Choose another style."), id);
}

std::string layer_not_created() {
  return _("GIMP could not create the new layer.");
}

std::string layer_not_inserted() {
  return _("GIMP could not add the new layer to the image.");
}

}  // namespace neural_style_plugin::host_messages
