#!/usr/bin/env bash
# Installs Debian's chromium for the trace viewer's browser test when it is missing, on Debian as root. Anywhere
# else it only says that the test will skip. Never fatal: the tests pass without a browser (that one test skips).
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && grep -qs '^ID=debian' /etc/os-release; then
  echo "chromium: installing Debian's package for the trace viewer's browser test"
  if apt-get install -y -q --no-install-recommends chromium >/tmp/d3mas-chromium-install.log 2>&1 \
      || { apt-get update -q >>/tmp/d3mas-chromium-install.log 2>&1 \
           && apt-get install -y -q --no-install-recommends chromium >>/tmp/d3mas-chromium-install.log 2>&1; }; then
    exit 0
  fi
  echo "chromium: the install failed (see /tmp/d3mas-chromium-install.log); the browser test will skip"
else
  echo "chromium: not installed and not Debian as root; the trace viewer's browser test will skip"
fi
exit 0
