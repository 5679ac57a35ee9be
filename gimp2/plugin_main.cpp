// The GIMP 2.10 plug-in's entry points: query() registers the procedure,
// run() dispatches on the run mode. query() never loads the engine.
#include <gegl.h>
#include <libgimp/gimp.h>

#include <string>

#include "dialog.h"
#include "i18n.h"
#include "plugin_error.h"
#include "plugin_paths.h"
#include "procedure.h"
#include "stylize_job.h"

using namespace neural_style_plugin;

namespace {

void query() {
  register_procedure();
}

// The last values: those of the last successful run in this GIMP session.
FilterSettings last_settings() {
  FilterSettings settings;
  if (gimp_get_data_size(procedure_name) == static_cast<gint>(sizeof settings)) {
    gimp_get_data(procedure_name, &settings);
  }
  return settings;
}

// The error return: GIMP shows the message (a dialog, or the console in
// batch mode) and Script-Fu reports it as the procedure's error.
void fail(GimpPDBStatusType status, const std::string& text, gint* result_count, GimpParam* values) {
  static std::string message;
  message = text;
  values[0].data.d_status = status;
  *result_count = 2;
  values[1].type = GIMP_PDB_STRING;
  values[1].data.d_string = const_cast<gchar*>(message.c_str());
}

void run(const gchar*, gint count, const GimpParam* params, gint* result_count, GimpParam** results) {
  static GimpParam values[2];
  *result_count = 1;
  *results = values;
  values[0].type = GIMP_PDB_STATUS;
  values[0].data.d_status = GIMP_PDB_SUCCESS;

  // Every path returns a status and, on failure, our message: a plug-in
  // that dies or returns nothing shows as GIMP's "returned no return
  // values" instead.
  try {
    init_translations();
    gegl_init(nullptr, nullptr);
    const RunRequest call = run_request(count, params);  // checks the count before reading
    FilterSettings settings = last_settings();
    switch (call.mode) {
      case GIMP_RUN_INTERACTIVE:
        if (!run_dialog(call.image, call.drawable, &settings)) {
          values[0].data.d_status = GIMP_PDB_CANCEL;
          return;
        }
        break;
      case GIMP_RUN_NONINTERACTIVE: settings = settings_from_arguments(count, params); break;
      case GIMP_RUN_WITH_LAST_VALS: break;
    }
    const gint32 layer = stylize_layer(call.image, call.drawable, settings);
    // Kept for "Repeat" and the next dialog, whatever started this run.
    gimp_set_data(procedure_name, &settings, sizeof settings);
    if (call.mode != GIMP_RUN_NONINTERACTIVE) gimp_displays_flush();
    *result_count = 2;
    values[1].type = GIMP_PDB_LAYER;
    values[1].data.d_layer = layer;
  } catch (const CallingError& e) {
    fail(GIMP_PDB_CALLING_ERROR, e.what(), result_count, values);
  } catch (const std::exception& e) {
    fail(GIMP_PDB_EXECUTION_ERROR, e.what(), result_count, values);
  } catch (...) {
    fail(GIMP_PDB_EXECUTION_ERROR, _("Neural Style failed unexpectedly."), result_count, values);
  }
}

}  // namespace

const GimpPlugInInfo PLUG_IN_INFO = {nullptr, nullptr, query, run};

MAIN()
