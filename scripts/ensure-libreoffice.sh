#!/usr/bin/env bash
# Makes sure Debian's LibreOffice Writer (headless) and poppler are installed: a test opens the
# magazine package's Word file with them, an independent reader, and renders its pages to PNG.
# Liberation Serif has the metrics of Times New Roman, so the pages break where Word's would.
set -euo pipefail
if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 \
  && fc-list 2>/dev/null | grep -q "Liberation Serif"; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Đang cài LibreOffice Writer của Debian (apt-get install libreoffice-writer-nogui)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui poppler-utils \
    fonts-liberation2 >/dev/null
  exit 0
fi
cat >&2 <<'MSG'
Thiếu LibreOffice để kiểm tra tệp Word gửi tạp chí.
Cách sửa: cài các gói sau của Debian bằng quyền quản trị, rồi chạy lại 'make test':
    sudo apt-get update && sudo apt-get install -y libreoffice-writer-nogui poppler-utils fonts-liberation2
MSG
exit 1
