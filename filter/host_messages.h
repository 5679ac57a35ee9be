// The user's messages about the host's image that every adapter gives in
// the same words (translated), so each sentence is written and translated
// once.
#pragma once

#include <string>

namespace neural_style_plugin::host_messages {

std::string indexed_layer();
std::string drawable_not_in_image();
std::string channel_selected();
std::string style_layer_gone(int id);
std::string layer_not_created();
std::string layer_not_inserted();

}  // namespace neural_style_plugin::host_messages
