// End-to-end tests of the GIMP plug-in: the real gimp-console-2.10, a
// throw-away GIMP2_DIRECTORY whose plug-in path holds the built plug-in,
// and Script-Fu calls in NONINTERACTIVE and WITH_LAST_VALS mode.
// gimp-console exits 0 even when a command fails, so every script writes
// what it observed to a results file and the checks happen here.
#include <glib.h>
#include <glib/gstdio.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
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

// Helpers every script gets. `note` records key=value lines for the test;
// `checksum` hashes every byte of a drawable (in its own precision) through
// gimp-drawable-get-pixel, so any change to a pixel shows.
const char* const scheme_prelude = R"SCM(
(define ns-notes '())
(define (note key value)
  (set! ns-notes (cons (string-append key "=" (if (number? value) (number->string value) value)) ns-notes)))
(define (write-notes path)
  (call-with-output-file path
    (lambda (port) (for-each (lambda (line) (display line port) (newline port)) (reverse ns-notes)))))
(define (checksum d)
  (let ((w (car (gimp-drawable-width d))) (h (car (gimp-drawable-height d))) (sum 0) (k 1))
    (do ((y 0 (+ y 1))) ((= y h) sum)
      (do ((x 0 (+ x 1))) ((= x w))
        (let* ((px (gimp-drawable-get-pixel d x y)) (n (car px)) (bytes (cadr px)))
          (do ((i 0 (+ i 1))) ((= i n))
            (set! sum (modulo (+ sum (* (+ (vector-ref bytes i) 1) k)) 1000000007))
            (set! k (+ (modulo (* k 31) 1000003) 1))))))))
; Pixels whose alpha bytes differ between two drawables of the same format.
(define (alpha-mismatches a b channels)
  (let ((w (car (gimp-drawable-width a))) (h (car (gimp-drawable-height a))) (bad 0))
    (do ((y 0 (+ y 1))) ((= y h) bad)
      (do ((x 0 (+ x 1))) ((= x w))
        (let* ((pa (gimp-drawable-get-pixel a x y)) (pb (gimp-drawable-get-pixel b x y))
               (n (car pa)) (size (/ n channels)) (differs #f))
          (do ((i (- n size) (+ i 1))) ((= i n))
            (if (not (= (vector-ref (cadr pa) i) (vector-ref (cadr pb) i))) (set! differs #t)))
          (if differs (set! bad (+ bad 1))))))))
; Layers at every depth of the layer tree.
(define (count-layers count ids)
  (if (= count 0) 0
      (let loop ((i 0) (total 0))
        (if (= i count) total
            (let ((id (vector-ref ids i)))
              (loop (+ i 1) (+ total 1 (if (= (car (gimp-item-is-group id)) 1)
                                           (apply count-layers (gimp-item-get-children id)) 0))))))))
(define (layer-count img) (apply count-layers (gimp-image-get-layers img)))
(define (plasma-layer img name w h type)
  (let ((layer (car (gimp-layer-new img w h type name 100 LAYER-MODE-NORMAL))))
    (gimp-image-insert-layer img layer 0 0)
    (plug-in-plasma RUN-NONINTERACTIVE img layer 11 3.0)
    layer))
; Runs the filter; notes "failed" when it returned an error.
(define (stylize img layer style-file style-layer size weights)
  (let ((result (catch 'failed
                  (car (plug-in-neural-style RUN-NONINTERACTIVE img layer style-file style-layer
                                             50 1 50 3 size 0 0 0 1.0 0 0 1 weights)))))
    (if (eq? result 'failed) (begin (note "status" "failed") -1) (begin (note "status" "ok") result))))
; Everything the tests check about a result layer and its source.
(define (describe-result img src new)
  (note "new-width" (car (gimp-drawable-width new)))
  (note "new-height" (car (gimp-drawable-height new)))
  (note "new-x" (car (gimp-drawable-offsets new)))
  (note "new-y" (cadr (gimp-drawable-offsets new)))
  (note "src-x" (car (gimp-drawable-offsets src)))
  (note "src-y" (cadr (gimp-drawable-offsets src)))
  (note "new-name" (car (gimp-item-get-name new)))
  (note "new-position" (car (gimp-image-get-item-position img new)))
  (note "src-position" (car (gimp-image-get-item-position img src)))
  (note "new-parent" (car (gimp-item-get-parent new)))
  (note "src-parent" (car (gimp-item-get-parent src)))
  (note "new-alpha" (car (gimp-drawable-has-alpha new)))
  (note "new-gray" (car (gimp-drawable-is-gray new)))
  (note "new-mask" (car (gimp-layer-get-mask new)))
  (note "new-mean" (car (gimp-drawable-histogram new HISTOGRAM-VALUE 0.0 1.0)))
  (note "src-mean" (car (gimp-drawable-histogram src HISTOGRAM-VALUE 0.0 1.0)))
  (note "new-checksum" (checksum new))
  (note "src-checksum-after" (checksum src)))
)SCM";

class GimpPlugin : public GimpSuite {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const std::string plugins = dir_->file("plug-ins");
    const std::string ours = plugins + "/neural-style";
    g_mkdir_with_parents(plugins.c_str(), 0755);
    g_mkdir_with_parents(dir_->file("gimp").c_str(), 0755);
    // Only the plug-ins the scripts need, so GIMP starts in seconds.
    for (const char* name : {"script-fu", "file-png"}) {
      g_assert(symlink((std::string(GIMP_PLUGIN_DIR) + "/" + name).c_str(), (plugins + "/" + name).c_str()) == 0);
    }
    install_plugin_copy(ours, PLUGIN_BUILD_DIR "/neural-style", ENGINE_MODULE, ICONS_DIR, PO_BUILD_DIR);
    write_file(dir_->file("gimp/gimprc"), "(plug-in-path \"" + plugins + "\")\n");

    save_image(make_style_image(40, 40), dir_->file("style.png"));
    write_file(dir_->file("not-an-image.png"), "This is a text file, not a PNG.\n");
    g_mkdir_with_parents(dir_->file("empty-home").c_str(), 0755);
  }

  // Runs `body` (Script-Fu) in a fresh gimp-console and returns its notes.
  GimpRun run_script(const std::string& body, std::map<std::string, std::string> env = {}) {
    const std::string notes_path = dir_->file("notes.txt");
    g_remove(notes_path.c_str());
    const std::string script_path = dir_->file("script.scm");
    write_file(script_path, std::string(scheme_prelude) + body + "\n(write-notes " + quoted(notes_path) + ")\n");
    env.emplace("GIMP2_DIRECTORY", dir_->file("gimp"));
    env.emplace("HOME", dir_->file("empty-home"));
    env.emplace("XDG_DATA_HOME", dir_->file("empty-home"));
    env.emplace("NEURAL_STYLE_WEIGHTS", "");
    const CommandResult r = run_command(
        {GIMP_CONSOLE, "-i", "-d", "-f", "-b", "(load " + quoted(script_path) + ")", "-b", "(gimp-quit 0)"}, env);
    return gimp_run_result(r, notes_path);
  }

  // A positive run: the filter on `layer` of `img` (set up by `setup`).
  // `after` runs when the filter succeeded, with `new` the result layer.
  GimpRun stylize(const std::string& setup, const std::string& style_layer = "-1", int size = 0,
                  const std::string& after = "") {
    return run_script(setup + "\n(note \"layers-before\" (layer-count img))" +
                      "\n(note \"src-checksum-before\" (checksum layer))" + "\n(define new (stylize img layer " +
                      quoted(style_file()) + " " + style_layer + " " + std::to_string(size) + " " + quoted(weights()) +
                      "))" + "\n(note \"returned\" new)\n(note \"layers-after\" (layer-count img))" +
                      "\n(if (> new 0) (begin (describe-result img layer new) " + after + "))");
  }

  // A failing run: the filter must return an error and leave the image as
  // it was; returns gimp-console's output for the message check.
  std::string expect_failure(const std::string& setup, const std::string& call,
                             std::map<std::string, std::string> env = {}) {
    const GimpRun run = run_script(failing_run_script(setup, call), std::move(env));
    expect_image_unchanged_after_failure(run);
    return run.log;
  }
};

const std::string rgb_image = R"SCM(
(define img (car (gimp-image-new 40 32 RGB)))
(define layer (plasma-layer img "photo" 40 32 RGB-IMAGE)))SCM";

TEST_F(GimpPlugin, ProcedureIsRegisteredWithDocumentedArguments) {
  const GimpRun run = run_script(R"SCM(
(define info (gimp-procedural-db-proc-info "plug-in-neural-style"))
(note "blurb" (car info))
(note "arguments" (list-ref info 6))
(note "results" (list-ref info 7))
(define style-arg (gimp-procedural-db-proc-arg "plug-in-neural-style" 5))
(note "arg5" (string-append (cadr style-arg) ": " (caddr style-arg)))
(note "status" "ok"))SCM");
  EXPECT_EQ(run.notes.at("arguments"), "18");
  EXPECT_EQ(run.notes.at("results"), "1");
  EXPECT_NE(run.notes.at("blurb").find("style of a painting"), std::string::npos);
  EXPECT_NE(run.notes.at("arg5").find("style-strength: Style strength 0..100"), std::string::npos);
}

TEST_F(GimpPlugin, Rgb8BitStyleFromFile) {
  const GimpRun run = stylize(rgb_image);
  expect_result_layer(run, 40, 32);
  EXPECT_GT(std::stoi(run.notes.at("returned")), 0);
  EXPECT_EQ(run.notes.at("new-name"), "style (Neural Style)");
  EXPECT_EQ(run.notes.at("new-alpha"), "0");
  EXPECT_EQ(run.notes.at("new-mask"), "-1");
}

TEST_F(GimpPlugin, RgbaKeepsTransparency) {
  const GimpRun run = stylize(rgb_image + R"SCM(
(gimp-layer-add-alpha layer)
(gimp-image-select-ellipse img CHANNEL-OP-REPLACE 4 4 24 20)
(gimp-drawable-edit-clear layer)
(gimp-selection-none img))SCM",
                              "-1", 0, "(note \"alpha-mismatches\" (alpha-mismatches new layer 4))");
  expect_result_layer(run, 40, 32);
  EXPECT_EQ(run.notes.at("new-alpha"), "1");
  EXPECT_EQ(run.notes.at("alpha-mismatches"), "0") << "the result's alpha differs from the source's";
}

TEST_F(GimpPlugin, Grayscale) {
  const GimpRun run = stylize(R"SCM(
(define img (car (gimp-image-new 40 32 GRAY)))
(define layer (plasma-layer img "gray" 40 32 GRAY-IMAGE)))SCM");
  expect_result_layer(run, 40, 32);
  EXPECT_EQ(run.notes.at("new-gray"), "1");
}

TEST_F(GimpPlugin, SixteenBitPerceptual) {
  expect_result_layer(stylize(rgb_image + "\n(gimp-image-convert-precision img PRECISION-U16-GAMMA)"), 40, 32);
}

TEST_F(GimpPlugin, ThirtyTwoBitFloatLinear) {
  expect_result_layer(stylize(rgb_image + "\n(gimp-image-convert-precision img PRECISION-FLOAT-LINEAR)"), 40, 32);
}

TEST_F(GimpPlugin, LayerWithOffsetsScaledBackFromWorkingSize) {
  // Working size 32 < the layer's 56 px: the result is scaled to the layer.
  const GimpRun run = stylize(R"SCM(
(define img (car (gimp-image-new 80 64 RGB)))
(define bottom (plasma-layer img "background" 80 64 RGB-IMAGE))
(define layer (plasma-layer img "offset" 56 40 RGB-IMAGE))
(gimp-layer-set-offsets layer 9 13))SCM",
                              "-1", 32);
  expect_result_layer(run, 56, 40);
  EXPECT_EQ(run.notes.at("new-x"), "9");
  EXPECT_EQ(run.notes.at("new-y"), "13");
}

TEST_F(GimpPlugin, SelectionBecomesMask) {
  const GimpRun run = stylize(rgb_image + "\n(gimp-image-select-rectangle img CHANNEL-OP-REPLACE 5 5 20 20)", "-1", 0,
                              "(let ((mask (car (gimp-layer-get-mask new))))"
                              " (note \"mask-inside\" (vector-ref (cadr (gimp-drawable-get-pixel mask 10 10)) 0))"
                              " (note \"mask-outside\" (vector-ref (cadr (gimp-drawable-get-pixel mask 30 28)) 0)))");
  expect_result_layer(run, 40, 32);
  EXPECT_NE(run.notes.at("new-mask"), "-1") << "no layer mask from the selection";
  // The mask is the selection: opaque inside the rectangle, clear outside.
  EXPECT_EQ(run.notes.at("mask-inside"), "255");
  EXPECT_EQ(run.notes.at("mask-outside"), "0");
}

TEST_F(GimpPlugin, StyleFromLayerOfAnotherImage) {
  const GimpRun run = stylize(rgb_image + R"SCM(
(define painting (car (gimp-image-new 40 40 RGB)))
(define brushwork (plasma-layer painting "brushwork" 40 40 RGB-IMAGE)))SCM",
                              "brushwork");
  expect_result_layer(run, 40, 32);
  EXPECT_EQ(run.notes.at("new-name"), "brushwork (Neural Style)");
}

TEST_F(GimpPlugin, InsideLayerGroup) {
  const GimpRun run = stylize(R"SCM(
(define img (car (gimp-image-new 40 32 RGB)))
(define bottom (plasma-layer img "background" 40 32 RGB-IMAGE))
(define group (car (gimp-layer-group-new img)))
(gimp-image-insert-layer img group 0 0)
(define layer (car (gimp-layer-new img 40 32 RGB-IMAGE "in group" 100 LAYER-MODE-NORMAL)))
(gimp-image-insert-layer img layer group 0)
(plug-in-plasma RUN-NONINTERACTIVE img layer 5 3.0)
(define top (car (gimp-layer-new img 40 32 RGB-IMAGE "top" 100 LAYER-MODE-NORMAL)))
(gimp-image-insert-layer img top group 0)
(gimp-image-raise-item-to-top img top))SCM");
  expect_result_layer(run, 40, 32);
  EXPECT_NE(run.notes.at("new-parent"), "-1");
}

TEST_F(GimpPlugin, WithLastValuesRepeatsTheLastRun) {
  const GimpRun run = run_script(rgb_image + "\n(define first (stylize img layer " + quoted(style_file()) + " -1 40 " +
                                 quoted(weights()) + R"SCM())
(define second (car (plug-in-neural-style RUN-WITH-LAST-VALS img layer "" -1 0 0 0 0 0 0 0 0 0 0 0 0 "")))
(note "first-name" (car (gimp-item-get-name first)))
(note "second-name" (car (gimp-item-get-name second)))
(note "first-checksum" (checksum first))
(note "second-checksum" (checksum second))
(note "layers" (layer-count img)))SCM");
  ASSERT_EQ(run.notes.at("status"), "ok") << run.log;
  ASSERT_TRUE(run.notes.count("second-checksum")) << run.log;
  EXPECT_EQ(run.notes.at("layers"), "3");
  // GIMP makes the second name unique ("... #1").
  EXPECT_EQ(run.notes.at("second-name").rfind(run.notes.at("first-name"), 0), 0u) << run.notes.at("second-name");
  // Same settings, same seed, same thread count: the same pixels.
  EXPECT_EQ(run.notes.at("second-checksum"), run.notes.at("first-checksum"));
}

std::string filter_call(const std::string& style, int size, const std::string& weights_path) {
  return "(define result (stylize img layer \"" + style + "\" -1 " + std::to_string(size) + " \"" + weights_path +
         "\"))";
}

TEST_F(GimpPlugin, MissingStyleFileFails) {
  const std::string log = expect_failure(rgb_image, filter_call("/no/such/painting.jpg", 0, weights()));
  EXPECT_NE(log.find("The style image file “/no/such/painting.jpg” does not exist"), std::string::npos) << log;
}

TEST_F(GimpPlugin, NonImageStyleFileFails) {
  const std::string log = expect_failure(rgb_image, filter_call(dir_->file("not-an-image.png"), 0, weights()));
  EXPECT_NE(log.find("could not be read"), std::string::npos) << log;
}

TEST_F(GimpPlugin, HugeStyleFileIsRefusedFromItsHeader) {
  const std::string huge = dir_->file("huge-painting.png");
  write_file(huge, png_header_only(20000, 20000));
  const std::string log = expect_failure(rgb_image, filter_call(huge, 0, weights()));
  EXPECT_NE(log.find("is 20000 × 20000 pixels, more than the 250 megapixels"), std::string::npos) << log;
  EXPECT_NE(log.find("Image ▸ Scale Image"), std::string::npos) << log;
}

TEST_F(GimpPlugin, MissingWeightsFailWithSearchPathAndFetchCommand) {
  const std::string log = expect_failure(rgb_image, filter_call(style_file(), 0, ""));
  EXPECT_NE(log.find("none were found"), std::string::npos) << log;
  EXPECT_NE(log.find(dir_->file("empty-home")), std::string::npos) << "the searched places are not listed\n" << log;
  EXPECT_NE(log.find("neural-style-fetch-weights"), std::string::npos) << log;
}

TEST_F(GimpPlugin, DamagedWeightsFailWithOurMessage) {
  // An engine failure reaches the user as our message, never as GIMP's
  // "returned no return values" of a plug-in that died or said nothing.
  const std::string damaged = dir_->file("damaged-vgg19.pth");
  write_file(damaged, "PK\x03\x04 this is not a VGG19 checkpoint\n");
  const std::string log = expect_failure(rgb_image, filter_call(style_file(), 0, damaged));
  EXPECT_NE(log.find("The VGG19 weights file cannot be used"), std::string::npos) << log;
  EXPECT_EQ(log.find("no return values"), std::string::npos) << log;
  EXPECT_EQ(log.find("invalid input arguments"), std::string::npos) << log;
}

TEST_F(GimpPlugin, IndexedImageFails) {
  const std::string log = expect_failure(
      rgb_image + "\n(gimp-image-convert-indexed img CONVERT-DITHER-NONE CONVERT-PALETTE-GENERATE 16 FALSE FALSE \"\")",
      filter_call(style_file(), 0, weights()));
  EXPECT_NE(log.find("indexed"), std::string::npos) << log;
}

TEST_F(GimpPlugin, SizeOutOfRangeFails) {
  std::string log = expect_failure(rgb_image, filter_call(style_file(), 20, weights()));
  EXPECT_NE(log.find("The size must be 0 (the layer's own size) or between 32 and 16384 pixels; it is 20."),
            std::string::npos)
      << log;
  log = expect_failure(rgb_image, filter_call(style_file(), 20000, weights()));
  EXPECT_NE(log.find("it is 20000."), std::string::npos) << log;
}

TEST_F(GimpPlugin, MessagesAreTranslated) {
  std::string log = expect_failure(rgb_image, filter_call("/no/such/painting.jpg", 0, weights()),
                                   {{"LANGUAGE", "fr"}, {"LC_ALL", "C.UTF-8"}});
  EXPECT_NE(log.find("n’existe pas"), std::string::npos) << log;
  log = expect_failure(rgb_image, filter_call("/no/such/painting.jpg", 0, weights()),
                       {{"LANGUAGE", "de"}, {"LC_ALL", "C.UTF-8"}});
  EXPECT_NE(log.find("existiert nicht"), std::string::npos) << log;
}

TEST(GimpPluginBinary, DoesNotLinkLibTorch) {
  // GIMP runs every plug-in at start-up to query it; the engine (LibTorch)
  // must only load when the filter runs.
  const CommandResult r = run_command({"readelf", "-d", std::string(PLUGIN_BUILD_DIR) + "/neural-style"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("libgimp-2.0"), std::string::npos);
  EXPECT_EQ(r.out.find("torch"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("c10"), std::string::npos) << r.out;
}

}  // namespace
