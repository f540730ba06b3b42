#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed: the browser tests drive it through Playwright.
# No tool downloads a browser of its own.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Đang cài Chromium của Debian (apt-get install chromium)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  exit 0
fi
cat >&2 <<'MSG'
Thiếu trình duyệt Chromium để chạy kiểm thử trên trình duyệt.
Cách sửa: cài gói chromium của Debian bằng quyền quản trị, rồi chạy lại 'make test':
    sudo apt-get update && sudo apt-get install -y chromium
MSG
exit 1
