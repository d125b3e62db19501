#!/usr/bin/env bash
# Install Debian's Chromium and a Devanagari font for the browser tests (tests/test_review_browser.py) and
# scripts/screenshots.py. Idempotent: does nothing when /usr/bin/chromium exists. Playwright's own browser
# download does not work on these machines; Playwright drives this Chromium through executable_path.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "install-browser: /usr/bin/chromium is already installed"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: apt-get not found — install Chromium by hand so that /usr/bin/chromium exists" \
       "(and a Devanagari font such as fonts-lohit-deva)" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "install-browser: not root and sudo is not available — run as root: apt-get install -y chromium fonts-lohit-deva" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y chromium fonts-lohit-deva
if [ ! -x /usr/bin/chromium ]; then
  echo "install-browser: apt-get finished but /usr/bin/chromium is missing" >&2
  exit 1
fi
echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null || echo chromium installed)"
