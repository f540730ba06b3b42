#!/usr/bin/env bash
# Makes sure rsync is installed: `make deploy` sends the published site with it, and the deploy
# tests send it to a local folder.
set -euo pipefail
if command -v rsync >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Đang cài rsync của Debian (apt-get install rsync)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends rsync openssh-client >/dev/null
  exit 0
fi
cat >&2 <<'MSG'
Thiếu chương trình rsync để đưa trang lên máy chủ.
Cách sửa: cài gói rsync bằng quyền quản trị, rồi chạy lại lệnh:
    sudo apt-get update && sudo apt-get install -y rsync
MSG
exit 1
