#!/usr/bin/env bash
# Takes docs/gimp3-dialog.png: GIMP 3 (under Xvfb, in the Debian 13 root)
# opens a shared photo, runs Filters ▸ Artistic ▸ Neural Style… with the
# shared weights and a painting as the style, waits for the live preview
# and captures the dialog. Run inside the root, after building into
# build-debian13/build:
#   build-aux/in-debian13.sh build-aux/gimp3-dialog-screenshot.sh [OUT.png] [LANG] [advanced]
# With "advanced", the Advanced settings are opened before the capture.
# SCALE ("800 600") is the image's size in GIMP, SIZE (unset: the last or
# default quality) the filter's size argument, e.g. SCALE="12000 8000"
# SIZE=0 shows the dialog's too-large line for "Full layer size".
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/gimp3-dialog.png}
lang=${2:-C}
advanced=${3:-}
build=${BUILDDIR:-build-debian13/build}
photo=/shared/images/photo_golden_gate_pexels_cc0.jpg
style=/shared/images/munch_the_scream_1893.jpg
weights=/shared/weights/vgg19-caffe-conv.safetensors
for f in "$photo" "$style" "$weights"; do [ -f "$f" ] || { echo "missing $f" >&2; exit 1; }; done

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
# As meson install lays the plug-in out (see tests/test_gimp3_plugin.cpp).
ours=$work/gimp/plug-ins/neural-style
mkdir -p "$ours/icons"
install -m 755 "$build/gimp3/neural-style" "$build/filter/libneural-style-engine.so" "$ours/"
cp icons/neural-style-*.png "$ours/icons/" 2>/dev/null || true
for po in "$build"/po/*/LC_MESSAGES/*.mo; do
  l=$(basename "$(dirname "$(dirname "$po")")")
  mkdir -p "$ours/locale/$l/LC_MESSAGES" && cp "$po" "$ours/locale/$l/LC_MESSAGES/"
done

export GIMP3_DIRECTORY=$work/gimp HOME=$work NEURAL_STYLE_WEIGHTS=$weights LANGUAGE=$lang LANG=$lang.UTF-8
[ "$lang" = C ] && export LANG=C.UTF-8
export DISPLAY=:77
Xvfb :77 -screen 0 1400x1000x24 -nolisten tcp &
sleep 2
gimp-3.0 --no-splash --batch-interpreter=plug-in-script-fu-eval -b "
(script-fu-use-v3)
(let* ((img (gimp-file-load RUN-NONINTERACTIVE \"$photo\"))
       (drw (vector-ref (gimp-image-get-selected-drawables img) 0)))
  (gimp-display-new img)
  (gimp-image-scale img ${SCALE:-800 600})
  (plug-in-neural-style #:run-mode RUN-INTERACTIVE #:image img #:drawables (vector drw)${SIZE:+ #:size $SIZE}))" \
  >"$work/gimp.log" 2>&1 &
# Wait for the dialog, then for the preview to finish (or 4 minutes).
for _ in $(seq 120); do
  win=$(xdotool search --name '^Neural Style$' 2>/dev/null | head -1 || true)
  [ -n "$win" ] && break
  sleep 1
done
[ -n "${win:-}" ] || { echo "no dialog appeared" >&2; cat "$work/gimp.log" >&2; exit 1; }
# Choose the style file as a user does: a click on the Style file button
# (its icon, at the right end of the settings column's third row), then the
# chooser's location entry.
sleep 3
width=$(xdotool getwindowgeometry --shell "$win" | sed -n 's/^WIDTH=//p')
xdotool mousemove --window "$win" $((width - 30)) 97 click 1
for _ in $(seq 20); do
  chooser=$(xdotool search --name '^Choose a Style Image$' 2>/dev/null | head -1 || true)
  [ -n "$chooser" ] && break
  sleep 1
done
[ -n "${chooser:-}" ] || { echo "the style file chooser did not open" >&2; exit 1; }
sleep 1
# No window manager gives focus: take it, so keys go to the chooser.
xdotool windowfocus --sync "$chooser"
xdotool key ctrl+l
xdotool type --delay 20 "$style"
sleep 1
xdotool key Return
sleep "${PREVIEW_SECONDS:-90}"
if [ "$advanced" = advanced ]; then
  xdotool mousemove --window "$win" 230 305 click 1  # the Advanced expander
  sleep 2
fi
xwd -silent -id "$win" -frame | xwdtopnm 2>/dev/null | pnmtopng >"$out"
echo "wrote $out"

