// The GIMP 2.10 adapter's reading of a call's arguments: the count and the
// types are checked before any argument is read, and a wrong call is a
// calling error with our message. No GIMP needed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plugin_error.h"
#include "procedure.h"

using namespace neural_style_plugin;

namespace {

std::string calling_error(gint count, const GimpParam* params, bool settings) {
  try {
    if (settings) {
      settings_from_arguments(count, params);
    } else {
      run_request(count, params);
    }
  } catch (const CallingError& e) {
    return e.what();
  }
  return "";
}

GimpParam int32(gint32 value) {
  GimpParam p{};
  p.type = GIMP_PDB_INT32;
  p.data.d_int32 = value;
  return p;
}

TEST(Gimp2Arguments, NoArgumentsIsACallingErrorWithoutReadingAny) {
  // A null array would crash a plug-in that read the run mode first.
  EXPECT_EQ(calling_error(0, nullptr, false), "Neural Style needs at least a run mode, an image and a drawable.");
  EXPECT_EQ(calling_error(2, nullptr, false), "Neural Style needs at least a run mode, an image and a drawable.");
}

TEST(Gimp2Arguments, RunRequestChecksTypes) {
  const std::vector<GimpParam> params = {int32(GIMP_RUN_NONINTERACTIVE), int32(1), int32(2)};  // image as INT32
  EXPECT_EQ(calling_error(3, params.data(), false), "Argument 2 (image) of plug-in-neural-style has the wrong type.");
}

TEST(Gimp2Arguments, RunRequestReadsModeImageAndDrawable) {
  std::vector<GimpParam> params(3);
  params[0] = int32(GIMP_RUN_WITH_LAST_VALS);
  params[1].type = GIMP_PDB_IMAGE;
  params[1].data.d_image = 7;
  params[2].type = GIMP_PDB_DRAWABLE;
  params[2].data.d_drawable = 9;
  const RunRequest call = run_request(3, params.data());
  EXPECT_EQ(call.mode, GIMP_RUN_WITH_LAST_VALS);
  EXPECT_EQ(call.image, 7);
  EXPECT_EQ(call.drawable, 9);
}

TEST(Gimp2Arguments, TooFewSettingsIsACallingErrorBeforeReadingThem) {
  // Only three parameters exist: reading a setting would read past them.
  std::vector<GimpParam> params(3);
  EXPECT_EQ(calling_error(3, params.data(), true), "plug-in-neural-style takes 18 arguments; it was given 3.");
  EXPECT_EQ(calling_error(17, nullptr, true), "plug-in-neural-style takes 18 arguments; it was given 17.");
}

TEST(Gimp2Arguments, WrongSettingTypeNamesTheArgument) {
  std::vector<GimpParam> params(18, int32(0));
  params[1].type = GIMP_PDB_IMAGE;
  params[2].type = GIMP_PDB_DRAWABLE;
  params[3].type = GIMP_PDB_STRING;
  EXPECT_EQ(calling_error(18, params.data(), true),
            "Argument 5 (style-drawable) of plug-in-neural-style has the wrong type.");
}

}  // namespace
