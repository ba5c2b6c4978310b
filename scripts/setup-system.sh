#!/usr/bin/env bash
# Installs the system packages the tests need when they are missing (Debian, as root).
# Idempotent: a machine that already has everything runs no apt command.
set -euo pipefail
needed=()
# tmpfs spool for chDB inserts (INSERT ... FROM INFILE); /dev/shm is normally there.
[ -d /dev/shm ] || { echo "setup-system: /dev/shm missing; mounting a tmpfs there"; mkdir -p /dev/shm && mount -t tmpfs tmpfs /dev/shm; }
if [ ${#needed[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-system: missing ${needed[*]} and not root: install them with apt-get" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}"
fi
