#!/usr/bin/env bash
# Writes a minimal Electron.app skeleton that electron-builder accepts as `electronDist` (design §9.3), so
# `electron-builder --mac dir` runs offline without the real Electron zip. The binaries are empty shell scripts:
# the result is for checking the package layout (asar contents, Info.plist, extraResources), never for running.
# Usage: make-stub-electron.sh <dir> [electron version]
set -euo pipefail
F=${1:?usage: make-stub-electron.sh <dir> [electron version]}
V=${2:-45.5.0}
A="$F/Electron.app/Contents"
rm -rf "$F"
mkdir -p "$A/MacOS" "$A/Resources" "$A/Frameworks"

plist() { # executable, bundle-id suffix
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0"><dict><key>CFBundleExecutable</key><string>%s</string><key>CFBundleIdentifier</key><string>com.github.Electron%s</string><key>CFBundleName</key><string>%s</string><key>CFBundleDisplayName</key><string>%s</string><key>CFBundleVersion</key><string>%s</string><key>CFBundleShortVersionString</key><string>%s</string><key>CFBundleIconFile</key><string>electron.icns</string></dict></plist>\n' \
    "$1" "$2" "$1" "$1" "$V" "$V"
}

printf '#!/bin/sh\n' > "$A/MacOS/Electron"
chmod +x "$A/MacOS/Electron"
plist Electron "" > "$A/Info.plist"
touch "$A/Resources/electron.icns"
for h in "" " (GPU)" " (Renderer)" " (Plugin)"; do
  d="$A/Frameworks/Electron Helper$h.app/Contents"
  mkdir -p "$d/MacOS"
  printf '#!/bin/sh\n' > "$d/MacOS/Electron Helper$h"
  chmod +x "$d/MacOS/Electron Helper$h"
  plist "Electron Helper$h" ".helper" > "$d/Info.plist"
done
echo "v$V" > "$F/version"
