#include "engine_loader.h"

#include <gmodule.h>

#include <memory>

#include "i18n.h"
#include "plugin_error.h"
#include "plugin_paths.h"

namespace neural_style_plugin {

Engine& engine() {
  static std::unique_ptr<Engine> instance;
  if (instance) return *instance;

  const std::string path = engine_module_path();
  // Never unloaded: LibTorch does not support being unloaded.
  GModule* module = g_module_open(path.c_str(), G_MODULE_BIND_LOCAL);
  if (!module) {
    throw PluginError(std::string(_("The Neural Style engine could not be loaded.")) + "\n" + g_module_error() + "\n" +
                      _("Reinstall the plug-in. With a CUDA build of LibTorch, check that its library folder is on "
                        "the library path (LD_LIBRARY_PATH)."));
  }
  g_module_make_resident(module);
  gpointer symbol = nullptr;
  if (!g_module_symbol(module, engine_factory_symbol, &symbol) || !symbol) {
    throw PluginError(std::string(_("The Neural Style engine module is damaged: it has no entry point.")) + "\n" +
                      path + "\n" + _("Reinstall the plug-in."));
  }
  instance.reset(reinterpret_cast<EngineFactory>(symbol)(engine_abi_version));
  if (!instance) {
    throw PluginError(std::string(_("The Neural Style engine module belongs to another version of the plug-in.")) +
                      "\n" + path + "\n" + _("Reinstall the plug-in."));
  }
  return *instance;
}

}  // namespace neural_style_plugin
