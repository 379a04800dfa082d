#!/usr/bin/env bash
# Make /usr/bin/chromium available for tests/test_browser.py.
# Installs Debian's chromium with apt-get when it is missing and we are root with apt-get.
# Never fatal: when it cannot install, it says why (the browser test then skips locally and
# fails under CI=true).
set -u
CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if [ "$(id -u)" != "0" ]; then
    echo "ensure_chromium: $CHROMIUM is missing and we are not root, so it cannot be installed." \
         "Install it with: sudo apt-get install chromium" >&2
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_chromium: $CHROMIUM is missing and there is no apt-get on this machine;" \
         "install Chromium at $CHROMIUM to run the browser test." >&2
    exit 0
fi
echo "ensure_chromium: installing chromium with apt-get ..."
if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
then
    echo "ensure_chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
else
    echo "ensure_chromium: apt-get could not install chromium (see the messages above)." >&2
fi
exit 0
