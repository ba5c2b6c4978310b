#!/usr/bin/env bash
# Prepares a fresh machine for the tests (Debian, as root); idempotent. The tests need a tmpfs at
# /dev/shm, where chDB inserts are spooled (INSERT ... FROM INFILE), Chromium for the
# Playwright end-to-end tests (Playwright cannot download its own browsers here),
# PostgreSQL's server binaries for the metadata tests on PostgreSQL (each test starts its own
# throwaway server), and the toolchain that builds the agent's BPF probes (`make -C bpf`)
# with tracefs mounted, where their syscall tracepoints are attached.
#
# Modes: `all` (default, the tests), `bpf` (only the BPF toolchain, for the agent's build) and
# `bench` (the BPF toolchain and wrk, for `npm run bench:agent`).
set -euo pipefail
mode="${1:-all}"
case "$mode" in
all | bpf | bench) ;;
*)
  echo "setup-system: unknown mode '$mode' (all, bpf or bench)" >&2
  exit 2
  ;;
esac
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

# The tests' browser and database; not needed by the agent's build or its benchmark.
if [ "$mode" = all ]; then
  if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium
  fi
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    apt_install postgresql
  fi
fi

# The BPF toolchain, each package checked by a file it provides.
bpf_missing=()
command -v clang >/dev/null || bpf_missing+=(clang)
command -v llc >/dev/null || bpf_missing+=(llvm)
[ -x /usr/sbin/bpftool ] || bpf_missing+=(bpftool)
[ -f /usr/include/bpf/libbpf.h ] || bpf_missing+=(libbpf-dev)
[ -f /usr/include/gelf.h ] || bpf_missing+=(libelf-dev)
[ -f /usr/include/zlib.h ] || bpf_missing+=(zlib1g-dev)
if [ "${#bpf_missing[@]}" -gt 0 ]; then
  apt_install "${bpf_missing[@]}"
fi

# The agent's benchmark drives its HTTP load with wrk.
if [ "$mode" = bench ] && ! command -v wrk >/dev/null; then
  apt_install wrk
fi

# Classic tracepoints are attached through tracefs (the loader also mounts it when it can).
if [ "$(id -u)" = 0 ] && ! mountpoint -q /sys/kernel/tracing 2>/dev/null; then
  echo "setup-system: mounting tracefs at /sys/kernel/tracing"
  mount -t tracefs tracefs /sys/kernel/tracing ||
    echo "setup-system: could not mount tracefs; the BPF probes' syscall hooks will be off"
fi
