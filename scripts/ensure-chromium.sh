#!/usr/bin/env sh
# The browser journeys drive Debian's Chromium; install it from the distribution if missing.
set -e
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing chromium for the browser tests (apt-get)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
else
  echo "chromium is missing: install it (e.g. sudo apt-get install chromium) for the browser tests." >&2
  exit 1
fi
