#!/usr/bin/env bash
# Prepares a fresh machine for the tests (Debian, as root); idempotent. Today the tests need
# only a tmpfs at /dev/shm, where chDB inserts are spooled (INSERT ... FROM INFILE). System
# packages a later test needs (chromium, clang, bpftool, ...) are installed here with apt-get.
set -euo pipefail
if ! mountpoint -q /dev/shm 2>/dev/null && [ ! -d /dev/shm ]; then
  echo "setup-system: /dev/shm missing; mounting a tmpfs there"
  mkdir -p /dev/shm
  mount -t tmpfs tmpfs /dev/shm
fi
