#!/usr/bin/env bash
# Prepares a fresh machine for the tests (Debian, as root); idempotent. The tests need a tmpfs at
# /dev/shm, where chDB inserts are spooled (INSERT ... FROM INFILE), Chromium for the
# Playwright end-to-end tests (Playwright cannot download its own browsers here), and
# PostgreSQL's server binaries for the metadata tests on PostgreSQL (each test starts its own
# throwaway server).
set -euo pipefail
if ! mountpoint -q /dev/shm 2>/dev/null && [ ! -d /dev/shm ]; then
  echo "setup-system: /dev/shm missing; mounting a tmpfs there"
  mkdir -p /dev/shm
  mount -t tmpfs tmpfs /dev/shm
fi

# Each missing package costs one `apt-get install`; the package index is refreshed once, and
# only when something is missing.
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    echo "setup-system: apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    apt_updated=1
  fi
  echo "setup-system: apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
fi
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  apt_install postgresql
fi
