#!/usr/bin/env bash
# Install Debian's chromium for the browser tests (tests/test_web_browser.py), if it is missing.
# Idempotent: does nothing when /usr/bin/chromium is already there. Never runs
# `playwright install` (that downloads a browser build, which cannot be fetched here).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    echo "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
/usr/bin/chromium --version || true
