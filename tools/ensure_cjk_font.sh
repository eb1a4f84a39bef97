#!/bin/sh
# Make sure a font with Chinese glyphs is installed, so zh_CN screenshots and
# tests show characters rather than empty boxes ("tofu").
#
#   tools/ensure_cjk_font.sh
#
# Does nothing when fontconfig already knows a Chinese font. Otherwise, only
# as root on a system with apt-get, installs fonts-wqy-microhei (about 5 MB),
# or fonts-noto-cjk (much larger) where that one is not available. Anywhere
# else it prints one line saying what to install and exits 0: the tests that
# need the font skip with that reason instead of failing.
set -eu

if command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null | head -n 1)" ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_cjk_font: no Chinese font found; install one (e.g. fonts-wqy-microhei or fonts-noto-cjk) to see zh_CN text"
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
echo "ensure_cjk_font: no Chinese font found; installing one with apt-get (fonts-wqy-microhei, about 5 MB) for the zh_CN tests"
if ! apt-get update -qq; then
    echo "ensure_cjk_font: apt-get update failed; no Chinese font installed"
    exit 0
fi
for package in fonts-wqy-microhei fonts-noto-cjk; do
    if apt-cache show "$package" >/dev/null 2>&1; then
        if apt-get install -y -qq --no-install-recommends "$package" fontconfig >/dev/null; then
            echo "ensure_cjk_font: installed $package"
            exit 0
        fi
    fi
done
echo "ensure_cjk_font: could not install fonts-wqy-microhei or fonts-noto-cjk; no Chinese font installed"
exit 0
