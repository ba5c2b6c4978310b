/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* A process's run-queue latency histogram: the value of runqlat.bpf.c's per-tgid map and,
 * with the tgid filled in, the record the loader emits for it (kind 3). Little-endian
 * x86-64; every offset is asserted. Include <linux/types.h> (user space) or vmlinux.h (BPF)
 * first. */
#ifndef TRACELIGHT_RUNQLAT_H
#define TRACELIGHT_RUNQLAT_H

#define RUNQ_SLOTS 32 /* slot i counts waits of [2^i, 2^(i+1)) µs; slot 0 is [0, 2) µs */

struct runq_hist {
	__u32 tgid;
	__u32 _pad0;
	__u64 total_ns;          /* sum of all run-queue waits; cumulative */
	__u64 slots[RUNQ_SLOTS]; /* cumulative counts */
	char comm[16];           /* the group leader's comm */
};

_Static_assert(__builtin_offsetof(struct runq_hist, tgid) == 0, "tgid");
_Static_assert(__builtin_offsetof(struct runq_hist, _pad0) == 4, "_pad0");
_Static_assert(__builtin_offsetof(struct runq_hist, total_ns) == 8, "total_ns");
_Static_assert(__builtin_offsetof(struct runq_hist, slots) == 16, "slots");
_Static_assert(__builtin_offsetof(struct runq_hist, comm) == 272, "comm");
_Static_assert(sizeof(struct runq_hist) == 288, "sizeof runq_hist");

#endif
