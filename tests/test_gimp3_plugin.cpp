// End-to-end tests of the GIMP 3 plug-in: the real gimp-console-3.0 with a
// throw-away GIMP3_DIRECTORY whose plug-ins/neural-style/ holds the built
// plug-in, driven by Script-Fu (v3 dialect, named arguments for plug-ins)
// and, for the registration, Python. GIMP 3's batch mode exits 70 with
// --quit whatever happened, so every script writes what it observed to a
// notes file and the checks happen here.
#include <glib.h>
#include <glib/gstdio.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <string>
#include <utility>

#include "image_io.h"
#include "support/gimp_run.h"
#include "support/run_command.h"
#include "support/test_files.h"
#include "support/test_images.h"

using namespace neural_style;
using namespace neural_style::test_support;

namespace {

// Helpers every script gets. `checksum` hashes every pixel (as GIMP 3's
// Script-Fu gives it) so any change shows.
const char* const scheme_prelude = R"SCM(
(script-fu-use-v3)
(define ns-notes '())
(define (note key value)
  (set! ns-notes (cons (string-append key "=" (if (number? value) (number->string value) value)) ns-notes)))
(define (write-notes path)
  (call-with-output-file path
    (lambda (port) (for-each (lambda (line) (display line port) (newline port)) (reverse ns-notes)))))
(define (checksum d)
  (let ((w (gimp-drawable-get-width d)) (h (gimp-drawable-get-height d)) (sum 0) (k 1))
    (do ((y 0 (+ y 1))) ((= y h) sum)
      (do ((x 0 (+ x 1))) ((= x w))
        (for-each (lambda (v)
                    (set! sum (modulo (+ sum (* (+ (round v) 1) k)) 1000000007))
                    (set! k (+ (modulo (* k 31) 1000003) 1)))
                  (gimp-drawable-get-pixel d x y))))))
(define (alpha-at d x y) (list-ref (gimp-drawable-get-pixel d x y) 3))
; A layer from a picture file the test wrote (GIMP 3 has no plug-in-plasma).
(define (picture-layer img file)
  (let ((layer (gimp-file-load-layer RUN-NONINTERACTIVE img file)))
    (gimp-image-insert-layer img layer 0 0)
    layer))
; Every layer, inside groups too.
(define (count-layers layers)
  (let loop ((i 0) (total 0))
    (if (= i (vector-length layers))
        total
        (let ((l (vector-ref layers i)))
          (loop (+ i 1) (+ total 1 (if (gimp-item-is-group l) (count-layers (gimp-item-get-children l)) 0)))))))
(define (layer-count img) (count-layers (gimp-image-get-layers img)))
(define (parent-id item) (let ((p (gimp-item-get-parent item))) (if (number? p) p -1)))
(define (mean d) (car (gimp-drawable-histogram d HISTOGRAM-VALUE 0.0 1.0)))
; Runs the filter; notes "failed" when it returned an error.
(define (stylize img layer style-file size weights)
  (let ((result (catch 'failed
                  (plug-in-neural-style #:run-mode RUN-NONINTERACTIVE #:image img #:drawables (vector layer)
                                        #:style-file style-file #:iterations 3 #:size size #:weights-file weights))))
    (if (eq? result 'failed) (begin (note "status" "failed") #f) (begin (note "status" "ok") result))))
(define (describe-result img src new)
  (note "new-width" (gimp-drawable-get-width new))
  (note "new-height" (gimp-drawable-get-height new))
  (note "new-x" (car (gimp-drawable-get-offsets new)))
  (note "new-y" (cadr (gimp-drawable-get-offsets new)))
  (note "src-x" (car (gimp-drawable-get-offsets src)))
  (note "src-y" (cadr (gimp-drawable-get-offsets src)))
  (note "new-name" (gimp-item-get-name new))
  (note "new-position" (gimp-image-get-item-position img new))
  (note "src-position" (gimp-image-get-item-position img src))
  (note "new-parent" (parent-id new))
  (note "src-parent" (parent-id src))
  (note "new-alpha" (if (gimp-drawable-has-alpha new) 1 0))
  (note "new-gray" (if (gimp-drawable-is-gray new) 1 0))
  (note "new-mask" (if (> (gimp-layer-get-mask new) 0) 1 0))
  (note "new-mean" (mean new))
  (note "src-mean" (mean src))
  (note "new-checksum" (checksum new))
  (note "src-checksum-after" (checksum src)))
)SCM";

class Gimp3Plugin : public GimpSuite {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    install_plugin_copy(dir_->file("gimp/plug-ins/neural-style"), GIMP3_PLUGIN, ENGINE_MODULE, ICONS_DIR, PO_BUILD_DIR);
    save_image(make_style_image(40, 40), dir_->file("style.png"));
    save_image(make_content_image(40, 32), dir_->file("photo.png"));
    save_image(make_content_image(56, 40), dir_->file("offset.png"));
    save_image(make_style_image(40, 40, 1), dir_->file("brushwork.png"));
    g_mkdir_with_parents(dir_->file("empty-home").c_str(), 0755);
  }

  // Runs a script in a fresh gimp-console-3.0 (Script-Fu, or Python when
  // `interpreter` says so) and returns the notes it wrote.
  static GimpRun run_gimp(const std::string& interpreter, const std::string& batch,
                          std::map<std::string, std::string> env = {}) {
    env.emplace("GIMP3_DIRECTORY", dir_->file("gimp"));
    env.emplace("HOME", dir_->file("empty-home"));
    env.emplace("XDG_DATA_HOME", dir_->file("empty-home"));
    env.emplace("NEURAL_STYLE_WEIGHTS", "");
    const CommandResult r = run_command(
        {"timeout", "120", GIMP_CONSOLE, "-i", "--batch-interpreter=" + interpreter, "-b", batch, "--quit"}, env);
    EXPECT_NE(r.exit_code, 124) << "gimp-console-3.0 hung:\n" << r.out << r.err;
    return gimp_run_result(r, dir_->file("notes.txt"));
  }

  GimpRun run_script(const std::string& body, std::map<std::string, std::string> env = {}) {
    const std::string notes = dir_->file("notes.txt");
    g_remove(notes.c_str());
    const std::string script = dir_->file("script.scm");
    write_file(script, std::string(scheme_prelude) + body + "\n(write-notes " + quoted(notes) + ")\n");
    return run_gimp("plug-in-script-fu-eval", "(load " + quoted(script) + ")", std::move(env));
  }

  // A positive run on `layer` of `img` (set up by `setup`); `after` runs
  // when the filter succeeded, with `new` the result layer.
  GimpRun stylize(const std::string& setup, int size = 0, const std::string& after = "") {
    return run_script(setup + "\n(note \"layers-before\" (layer-count img))" +
                      "\n(note \"src-checksum-before\" (checksum layer))" + "\n(define new (stylize img layer " +
                      quoted(style_file()) + " " + std::to_string(size) + " " + quoted(weights()) + "))" +
                      "\n(note \"layers-after\" (layer-count img))" +
                      "\n(if new (begin (describe-result img layer new) " + after + "))");
  }

  // A failing run: an error with our message, the image as it was.
  std::string expect_failure(const std::string& setup, const std::string& call,
                             std::map<std::string, std::string> env = {}) {
    const GimpRun run = run_script(failing_run_script(setup, call), std::move(env));
    expect_image_unchanged_after_failure(run);
    // Our message, never GIMP's words for a plug-in that said nothing.
    EXPECT_EQ(run.log.find("no return values"), std::string::npos) << run.log;
    return run.log;
  }

  // A layer of the picture file `name` the suite wrote, in image `img`.
  static std::string picture(const std::string& name) { return "(picture-layer img " + quoted(dir_->file(name)) + ")"; }
  // A 40 x 32 RGB image with one layer of a photo-like picture.
  static std::string rgb_image() {
    return "(define img (gimp-image-new 40 32 RGB))\n(define layer " + picture("photo.png") + ")";
  }
};

TEST_F(Gimp3Plugin, RegisteredWithTypedArgumentsRangesAndDefaults) {
  const std::string notes = dir_->file("notes.txt");
  g_remove(notes.c_str());
  const GimpRun run = run_gimp("python-fu-eval", R"PY(
from gi.repository import Gimp
proc = Gimp.get_pdb().lookup_procedure('plug-in-neural-style')
with open()PY" + quoted(notes) + R"PY(, 'w') as f:
    for a in proc.get_arguments():
        f.write('%s=%s %s %s %s\n' % (a.name, a.value_type.name, getattr(a, 'minimum', '-'),
                                      getattr(a, 'maximum', '-'), getattr(a, 'default_value', '-')))
    f.write('blurb=%s\ntypes=%s\nmenu=%s\n' % (proc.get_blurb(), proc.get_image_types(), proc.get_menu_paths()))
    f.write('results=%s\n' % ' '.join(r.name for r in proc.get_return_values()))
)PY");
  const Notes& n = run.notes;
  ASSERT_EQ(n.count("weights-file"), 1u) << run.log;
  EXPECT_EQ(n.at("drawables"), "GimpCoreObjectArray - - -");
  EXPECT_EQ(n.at("style-file"), "GFile - - -");
  EXPECT_EQ(n.at("style-drawable"), "GimpDrawable - - -");
  EXPECT_EQ(n.at("style-strength"), "gdouble 0.0 100.0 50.0");
  EXPECT_EQ(n.at("content-weight"), "gdouble 0.0 1000000.0 1.0");
  EXPECT_EQ(n.at("smoothness"), "gdouble 0.0 100.0 50.0");
  EXPECT_EQ(n.at("iterations"), "gint 1 10000 40");
  EXPECT_EQ(n.at("size"), "gint 0 16384 512");
  EXPECT_EQ(n.at("optimizer"), "gchararray - - lbfgs");
  EXPECT_EQ(n.at("init"), "gchararray - - layer");
  EXPECT_EQ(n.at("keep-colors"), "gboolean - - False");
  EXPECT_EQ(n.at("style-scale"), "gdouble 0.0 8.0 1.0");
  EXPECT_EQ(n.at("multiscale"), "gboolean - - True");
  EXPECT_EQ(n.at("seed"), "gint 0 2147483647 0");
  EXPECT_EQ(n.at("device"), "gchararray - - auto");
  EXPECT_EQ(n.at("weights-file"), "GFile - - -");
  EXPECT_EQ(n.at("blurb"), "Repaint the layer in the style of a painting");
  EXPECT_EQ(n.at("types"), "RGB*, GRAY*");
  EXPECT_EQ(n.at("menu"), "['<Image>/Filters/Artistic']");
  EXPECT_EQ(n.at("results"), "new-layer");
}

TEST_F(Gimp3Plugin, Rgb8BitStyleFromFile) {
  const GimpRun run = stylize(rgb_image());
  expect_result_layer(run, 40, 32);
  EXPECT_EQ(run.notes.at("new-name"), "style (Neural Style)");
  EXPECT_EQ(run.notes.at("new-alpha"), "0");
  EXPECT_EQ(run.notes.at("new-mask"), "0");
}

TEST_F(Gimp3Plugin, RgbaKeepsTransparency) {
  const GimpRun run =
      stylize(rgb_image() + R"SCM(
(gimp-layer-add-alpha layer)
(gimp-image-select-ellipse img CHANNEL-OP-REPLACE 4 4 24 20)
(gimp-drawable-edit-clear layer)
(gimp-selection-none img))SCM",
              0, "(note \"alpha-inside\" (alpha-at new 16 14)) (note \"alpha-outside\" (alpha-at new 38 30))");
  expect_result_layer(run, 40, 32);
  EXPECT_EQ(run.notes.at("new-alpha"), "1");
  EXPECT_EQ(run.notes.at("alpha-inside"), "0") << "the cleared ellipse is not transparent in the result";
  EXPECT_EQ(run.notes.at("alpha-outside"), "255");
}

TEST_F(Gimp3Plugin, Grayscale) {
  const GimpRun run = stylize(rgb_image() + "\n(gimp-image-convert-grayscale img)");
  expect_result_layer(run, 40, 32);
  EXPECT_EQ(run.notes.at("new-gray"), "1");
}

TEST_F(Gimp3Plugin, SixteenBitPerceptual) {
  expect_result_layer(stylize(rgb_image() + "\n(gimp-image-convert-precision img PRECISION-U16-NON-LINEAR)"), 40, 32);
}

TEST_F(Gimp3Plugin, ThirtyTwoBitFloatLinear) {
  expect_result_layer(stylize(rgb_image() + "\n(gimp-image-convert-precision img PRECISION-FLOAT-LINEAR)"), 40, 32);
}

TEST_F(Gimp3Plugin, LayerWithOffsetsScaledBackFromWorkingSize) {
  // Working size 32 < the layer's 56 px: the result is scaled to the layer.
  const GimpRun run =
      stylize("(define img (gimp-image-new 80 64 RGB))\n(define bottom " + picture("photo.png") + ")\n(define layer " +
                  picture("offset.png") + ")\n(gimp-layer-set-offsets layer 9 13)",
              32);
  expect_result_layer(run, 56, 40);
  EXPECT_EQ(run.notes.at("new-x"), "9");
  EXPECT_EQ(run.notes.at("new-y"), "13");
}

TEST_F(Gimp3Plugin, SelectionBecomesMask) {
  const GimpRun run = stylize(rgb_image() + "\n(gimp-image-select-rectangle img CHANNEL-OP-REPLACE 5 5 20 20)", 0,
                              "(let ((mask (gimp-layer-get-mask new)))"
                              " (note \"mask-inside\" (car (gimp-drawable-get-pixel mask 10 10)))"
                              " (note \"mask-outside\" (car (gimp-drawable-get-pixel mask 30 28))))");
  expect_result_layer(run, 40, 32);
  EXPECT_EQ(run.notes.at("new-mask"), "1") << "no layer mask from the selection";
  EXPECT_EQ(run.notes.at("mask-inside"), "255");
  EXPECT_EQ(run.notes.at("mask-outside"), "0");
}

TEST_F(Gimp3Plugin, StyleFromLayerOfAnotherImage) {
  const GimpRun run = run_script(rgb_image() + R"SCM(
(define painting (gimp-image-new 40 40 RGB))
(define brushwork (gimp-file-load-layer RUN-NONINTERACTIVE painting )SCM" +
                                 quoted(dir_->file("brushwork.png")) + R"SCM())
(gimp-image-insert-layer painting brushwork 0 0)
(gimp-item-set-name brushwork "brushwork")
(define new (plug-in-neural-style #:run-mode RUN-NONINTERACTIVE #:image img #:drawables (vector layer)
                                  #:style-drawable brushwork #:iterations 3 #:size 0 #:weights-file )SCM" +
                                 quoted(weights()) + R"SCM())
(note "status" "ok")
(note "new-name" (gimp-item-get-name new)))SCM");
  ASSERT_EQ(run.notes.at("status"), "ok") << run.log;
  EXPECT_EQ(run.notes.at("new-name"), "brushwork (Neural Style)");
}

std::string filter_call(const std::string& style, const std::string& weights_path) {
  return "(stylize img layer \"" + style + "\" 0 \"" + weights_path + "\")";
}

TEST_F(Gimp3Plugin, InsideLayerGroup) {
  const GimpRun run = stylize(rgb_image() + R"SCM(
(define group (gimp-group-layer-new img "group"))
(gimp-image-insert-layer img group 0 0)
(define in-group )SCM" + picture("offset.png") +
                              R"SCM()
(gimp-image-reorder-item img in-group group 0)
(define top )SCM" + picture("photo.png") +
                              R"SCM()
(gimp-image-reorder-item img top group 0)
(set! layer in-group))SCM");
  expect_result_layer(run, 56, 40);
  EXPECT_NE(run.notes.at("new-parent"), "-1");
}

// The dialog as a user meets it: GIMP 3 with its display (under Xvfb) opens
// it, OK runs the filter with what it shows, and Filters ▸ Repeat
// (RUN-WITH-LAST-VALS) then uses the values the dialog kept.
TEST_F(Gimp3Plugin, DialogOkThenRepeatUsesTheDialogsValues) {
  for (const char* program : {"Xvfb", "xdotool", "gimp-3.0"}) {
    gchar* found = g_find_program_in_path(program);
    if (!found) GTEST_SKIP() << program << " is not installed (build-aux/debian13-root.sh installs it)";
    g_free(found);
  }
  // Its own GIMP folder: the last values the dialog keeps reach no other test.
  const std::string gimp_folder = dir_->file("gimp-dialog");
  install_plugin_copy(gimp_folder + "/plug-ins/neural-style", GIMP3_PLUGIN, ENGINE_MODULE, ICONS_DIR, PO_BUILD_DIR);
  const std::string notes = dir_->file("notes.txt");
  g_remove(notes.c_str());
  const std::string script = dir_->file("dialog.scm");
  write_file(script, std::string(scheme_prelude) + rgb_image() + R"SCM(
(define first (plug-in-neural-style #:run-mode RUN-INTERACTIVE #:image img #:drawables (vector layer)
                                    #:style-file )SCM" +
                         quoted(style_file()) + " #:size 40 #:iterations 3 #:weights-file " + quoted(weights()) +
                         R"SCM())
(define second (plug-in-neural-style #:run-mode RUN-WITH-LAST-VALS #:image img #:drawables (vector layer)))
(note "first-name" (gimp-item-get-name first))
(note "second-name" (gimp-item-get-name second))
(note "first-checksum" (checksum first))
(note "second-checksum" (checksum second))
(note "source-checksum" (checksum layer))
(note "layers" (layer-count img))
(write-notes )SCM" + quoted(notes) +
                         ")\n");
  const CommandResult r = run_command({"timeout", "180", PRESS_OK_SCRIPT, "(load " + quoted(script) + ")"},
                                      {{"GIMP3_DIRECTORY", gimp_folder},
                                       {"HOME", dir_->file("empty-home")},
                                       {"XDG_DATA_HOME", dir_->file("empty-home")},
                                       {"NEURAL_STYLE_WEIGHTS", ""}});
  ASSERT_NE(r.exit_code, 124) << "GIMP 3 hung:\n" << r.out << r.err;
  ASSERT_NE(r.exit_code, 3) << r.out << r.err;
  const GimpRun run = gimp_run_result(r, notes);
  ASSERT_EQ(run.notes.count("second-checksum"), 1u) << run.log;
  EXPECT_EQ(run.notes.at("layers"), "3");
  EXPECT_EQ(run.notes.at("first-name"), "style (Neural Style)");
  EXPECT_EQ(run.notes.at("second-name").rfind(run.notes.at("first-name"), 0), 0u) << run.notes.at("second-name");
  // The same settings and seed: the same pixels. At the layer's own size
  // (40 px), so these are the plug-in's pixels: GIMP 3.0.4's cubic layer
  // scale, which a smaller size goes through, enlarged the same pixels
  // differently in 1 GIMP session of 6 (in GIMP; measured with size 32).
  EXPECT_EQ(run.notes.at("second-checksum"), run.notes.at("first-checksum"));
  EXPECT_NE(run.notes.at("first-checksum"), run.notes.at("source-checksum"));
}

// GIMP 3 keeps last values from dialog runs only: Repeat after a script's
// run has no style to use, and says so with the image unchanged.
TEST_F(Gimp3Plugin, WithLastValuesBeforeAnyDialogRunSaysWhatIsMissing) {
  const std::string log =
      expect_failure(rgb_image(),
                     "(if (eq? 'failed (catch 'failed (plug-in-neural-style #:run-mode RUN-WITH-LAST-VALS #:image img "
                     "#:drawables (vector layer)))) (note \"status\" \"failed\") (note \"status\" \"ok\"))");
  EXPECT_NE(log.find("No style image was given. Choose a style image file, or a layer of an open image."),
            std::string::npos)
      << log;
}

TEST_F(Gimp3Plugin, MissingStyleFileFailsWithOurMessage) {
  const std::string log = expect_failure(rgb_image(), filter_call("/no/such/painting.jpg", weights()));
  EXPECT_NE(log.find("The style image file “/no/such/painting.jpg” does not exist"), std::string::npos) << log;
}

TEST_F(Gimp3Plugin, DamagedWeightsFailWithOurMessage) {
  const std::string damaged = dir_->file("damaged-vgg19.pth");
  write_file(damaged, "PK\x03\x04 this is not a VGG19 checkpoint\n");
  const std::string log = expect_failure(rgb_image(), filter_call(style_file(), damaged));
  EXPECT_NE(log.find("The VGG19 weights file cannot be used"), std::string::npos) << log;
}

TEST_F(Gimp3Plugin, IndexedImageIsRefused) {
  const std::string log = expect_failure(
      rgb_image() +
          "\n(gimp-image-convert-indexed img CONVERT-DITHER-NONE CONVERT-PALETTE-GENERATE 16 FALSE FALSE \"\")",
      filter_call(style_file(), weights()));
  EXPECT_NE(log.find("this one is indexed"), std::string::npos) << log;
}

TEST_F(Gimp3Plugin, SeveralLayersAreRefused) {
  const std::string log =
      expect_failure(rgb_image() + "\n(define other " + picture("offset.png") + ")",
                     "(if (eq? 'failed (catch 'failed (plug-in-neural-style #:run-mode RUN-NONINTERACTIVE #:image img "
                     "#:drawables (vector layer other) #:style-file " +
                         quoted(style_file()) + " #:weights-file " + quoted(weights()) +
                         "))) (note \"status\" \"failed\") (note \"status\" \"ok\"))");
  EXPECT_NE(log.find("several are selected"), std::string::npos) << log;
}

// In real locales (build-aux/debian13-root.sh generates them): Debian 13's
// gettext ignores LANGUAGE in C.UTF-8.
TEST_F(Gimp3Plugin, MessagesAreTranslated) {
  std::string log = expect_failure(rgb_image(), filter_call("/no/such/painting.jpg", weights()),
                                   {{"LANGUAGE", "fr"}, {"LC_ALL", ""}, {"LC_MESSAGES", "fr_FR.UTF-8"}});
  EXPECT_NE(log.find("n’existe pas"), std::string::npos) << log;
  log = expect_failure(rgb_image(), filter_call("/no/such/painting.jpg", weights()),
                       {{"LANGUAGE", "de"}, {"LC_ALL", ""}, {"LC_MESSAGES", "de_DE.UTF-8"}});
  EXPECT_NE(log.find("existiert nicht"), std::string::npos) << log;
}

// The indented block after "<!-- example: NAME -->" in the README, dedented.
std::string readme_example(const std::string& name) {
  std::ifstream in(README_PATH);
  const std::string marker = "<!-- example: " + name + " -->";
  std::string line;
  while (std::getline(in, line) && line != marker) {
  }
  std::string block;
  while (std::getline(in, line) && (line.empty() || line.rfind("    ", 0) == 0)) {
    if (line.empty() && !block.empty()) break;
    if (!line.empty()) block += line.substr(4) + "\n";
  }
  return block;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// Runs a README example as written, with the test's files for its file
// names and a small size, and checks the result file it saves.
class Gimp3ReadmeExample : public Gimp3Plugin {
 protected:
  void run_example(const std::string& interpreter, std::string code) {
    ASSERT_FALSE(code.empty()) << "no such example in the README";
    const std::string photo = dir_->file("readme-photo.jpg");
    const std::string result = dir_->file("readme-result.png");
    save_image(make_content_image(48, 36), photo);
    save_image(make_style_image(40, 40), dir_->file("readme-style.jpg"));
    g_remove(result.c_str());
    replace_all(code, "\"photo.jpg\"", quoted(photo));
    replace_all(code, "\"starry-night.jpg\"", quoted(dir_->file("readme-style.jpg")));
    replace_all(code, "\"result.png\"", quoted(result));
    replace_all(code, "512", "32");  // the working size: seconds, not minutes
    // The scripts write no notes: the result file is what they leave.
    const std::string notes = dir_->file("notes.txt");
    write_file(notes, "ran=1\n");
    const GimpRun run = run_gimp(interpreter, code, {{"NEURAL_STYLE_WEIGHTS", weights()}});
    ASSERT_TRUE(g_file_test(result.c_str(), G_FILE_TEST_IS_REGULAR)) << code << "\n" << run.log;
    const Image saved = load_image(result).image;
    EXPECT_EQ(saved.width, 48);
    EXPECT_EQ(saved.height, 36);
    const Image original = load_image(photo).image;
    double difference = 0;
    for (std::size_t i = 0; i < saved.rgb.size(); ++i) difference += std::abs(saved.rgb[i] - original.rgb[i]);
    EXPECT_GT(difference / saved.rgb.size(), 0.01) << "the saved image is the photo unchanged";
  }
};

TEST_F(Gimp3ReadmeExample, ScriptFuBatchRunsAsWritten) {
  std::string command = readme_example("gimp3-script-fu");
  // The shell command's Scheme: between -b ' and the closing '.
  const auto start = command.find("-b '");
  const auto end = command.rfind('\'');
  ASSERT_NE(start, std::string::npos) << command;
  ASSERT_GT(end, start + 4) << command;
  EXPECT_NE(command.find("gimp-console-3.0 -i --batch-interpreter=plug-in-script-fu-eval --quit"), std::string::npos);
  run_example("plug-in-script-fu-eval", "(script-fu-use-v3)\n" + command.substr(start + 4, end - start - 4));
}

TEST_F(Gimp3ReadmeExample, PythonRunsAsWritten) {
  run_example("python-fu-eval", readme_example("gimp3-python"));
}

TEST(Gimp3PluginBinary, DoesNotLinkLibTorch) {
  // GIMP runs every plug-in at start-up to query it; LibTorch must only
  // load when the filter runs.
  const CommandResult r = run_command({"readelf", "-d", GIMP3_PLUGIN});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("libgimp-3.0"), std::string::npos);
  EXPECT_EQ(r.out.find("torch"), std::string::npos) << r.out;
}

}  // namespace
