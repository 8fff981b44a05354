#!/usr/bin/env bash
# Install what `duban draft --preview` needs on Debian/Ubuntu: poppler-utils (pdftoppm, pdffonts), Noto CJK and the
# Fandol fonts (FandolFang/Kai/Hei/Song, the free stand-ins for 仿宋/楷体/黑体/宋体).  LibreOffice itself:
# apt-get install -y --no-install-recommends libreoffice-writer-nogui
#
#   scripts/install_preview_fonts.sh               # apt: poppler-utils fonts-noto-cjk texlive-lang-chinese
#   scripts/install_preview_fonts.sh --fandol-only # apt: poppler-utils fonts-noto-cjk; the Fandol fonts taken
#                                                  # out of the texlive-lang-chinese package into
#                                                  # ${FANDOL_DEST:-/usr/local/share/fonts/fandol}, without
#                                                  # TeX Live itself (34 MB of fonts instead of ~250 MB)
#
# No Debian package ships the Fandol fonts alone (apt-cache search fandol finds nothing in bookworm): they come
# only inside texlive-lang-chinese, which pulls texlive-base and texlive-binaries.
set -euo pipefail

mode=${1:-full}
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq

if [[ $mode == --fandol-only ]]; then
    apt-get install -y -qq --no-install-recommends poppler-utils fonts-noto-cjk fontconfig
    dest=${FANDOL_DEST:-/usr/local/share/fonts/fandol}
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && apt-get download -qq texlive-lang-chinese)
    dpkg-deb --fsys-tarfile "$work"/texlive-lang-chinese_*.deb |
        tar -x -C "$work" --wildcards './usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol[FHKS]*.otf'
    mkdir -p "$dest"
    cp "$work"/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/*.otf "$dest"/
    fc-cache -f "$dest" >/dev/null
    echo "Fandol fonts in $dest: $(ls "$dest" | tr '\n' ' ')"
elif [[ $mode == full ]]; then
    apt-get install -y -qq --no-install-recommends poppler-utils fonts-noto-cjk texlive-lang-chinese
else
    echo "usage: $0 [--fandol-only]" >&2
    exit 2
fi
