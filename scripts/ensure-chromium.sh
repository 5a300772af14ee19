#!/usr/bin/env bash
# Find or install a Chromium for Playwright: Debian's package when we are root on
# Debian/Ubuntu (Playwright's own browser download is not reachable everywhere),
# otherwise Playwright's managed browser.
set -euo pipefail
venv="${1:-.venv}"
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium (and CJK fonts for Chinese pages) with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
else
  echo "no system chromium: installing Playwright's managed Chromium"
  "$venv/bin/playwright" install chromium
fi
