#!/bin/sh
# neural-style-fetch-weights: download the VGG19 weights Neural Style needs,
# check their SHA-256 and install them where Neural Style looks for them.
set -eu

url=${NEURAL_STYLE_WEIGHTS_URL:-https://download.pytorch.org/models/vgg19-dcbb9e9d.pth}
# PyTorch publishes the first 8 hex digits of each file's SHA-256 in its
# name and checks downloads against them (torch.hub check_hash); so do we.
# A full 64-digit digest may be given instead.
sha256=${NEURAL_STYLE_WEIGHTS_SHA256:-dcbb9e9d}
dest=${XDG_DATA_HOME:-$HOME/.local/share}/neural-style

usage() {
  cat <<USAGE
Usage: neural-style-fetch-weights [--url URL] [--sha256 HEX] [--dest DIR]

Downloads VGG19 weights (default: torchvision's vgg19-dcbb9e9d.pth, 548 MB),
checks the SHA-256 and installs the file in DIR
(default: \$XDG_DATA_HOME/neural-style, i.e. ~/.local/share/neural-style).

  --url URL      download from URL instead (file:// works too)
  --sha256 HEX   expected SHA-256, whole or its first 8+ hex digits
  --dest DIR     install into DIR
USAGE
}

while [ $# -gt 0 ]; do
  case $1 in
    --url) url=${2:?--url needs a value}; shift 2 ;;
    --sha256) sha256=${2:?--sha256 needs a value}; shift 2 ;;
    --dest) dest=${2:?--dest needs a value}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "neural-style-fetch-weights: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

sha256=$(printf '%s' "$sha256" | tr 'A-F' 'a-f')
case $sha256 in
  *[!0-9a-f]*|"") echo "neural-style-fetch-weights: --sha256 must be hexadecimal" >&2; exit 2 ;;
esac
if [ ${#sha256} -lt 8 ]; then
  echo "neural-style-fetch-weights: --sha256 needs at least 8 hex digits" >&2; exit 2
fi

name=$(basename "${url%%\?*}")
if [ -e "$dest" ] && [ ! -d "$dest" ]; then
  echo "neural-style-fetch-weights: $dest is a file, not a folder; give a folder with --dest" >&2; exit 2
fi
mkdir -p "$dest" || { echo "neural-style-fetch-weights: cannot create the folder $dest" >&2; exit 1; }
if [ ! -w "$dest" ]; then
  echo "neural-style-fetch-weights: the folder $dest is not writable; give another with --dest" >&2; exit 1
fi
partial="$dest/.$name.partial"
trap 'rm -f "$partial"' EXIT INT TERM

echo "Downloading $url" >&2
if command -v curl >/dev/null 2>&1; then
  curl -fL --retry 3 -o "$partial" "$url" || { echo "neural-style-fetch-weights: download failed: $url" >&2; exit 1; }
elif command -v wget >/dev/null 2>&1; then
  wget -O "$partial" "$url" || { echo "neural-style-fetch-weights: download failed: $url" >&2; exit 1; }
else
  echo "neural-style-fetch-weights: needs curl or wget (apt-get install curl)" >&2; exit 1
fi

actual=$(sha256sum "$partial" | cut -d' ' -f1)
case $actual in
  "$sha256"*) ;;
  *)
    echo "neural-style-fetch-weights: checksum mismatch for $name: expected $sha256, got $actual." >&2
    echo "The download is damaged or not the expected file; nothing was installed." >&2
    exit 1 ;;
esac
mv -f "$partial" "$dest/$name"
trap - EXIT INT TERM
echo "Installed $dest/$name (SHA-256 $actual)"
