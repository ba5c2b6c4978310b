/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* The loader's stdout framing: every record is `u32 kind, u32 size` then `size` payload
 * bytes (little-endian). Kinds 1-3 carry the structs of http.h, tcp.h and runqlat.h; kind 4
 * is the loader's own counters, below. */
#ifndef TRACELIGHT_PROBES_H
#define TRACELIGHT_PROBES_H

#define RECORD_HTTP_EXCHANGE 1 /* struct http_exchange, possibly cut after request[request_len] */
#define RECORD_TCP_EVENT 2     /* struct tcp_event */
#define RECORD_RUNQ_HIST 3     /* struct runq_hist */
#define RECORD_PROBE_STATS 4   /* struct probe_stats */
#define RECORD_HTTP_RED 5      /* struct http_red (http-red.h) */

struct record_header {
	__u32 kind;
	__u32 size;
};

_Static_assert(sizeof(struct record_header) == 8, "sizeof record_header");

/* Counters since the loader started, emitted every dump interval. */
struct probe_stats {
	__u64 ts_ns;                 /* CLOCK_MONOTONIC, the clock of the records' timestamps */
	__u64 http_events;           /* exchanges the kernel reported (each counted in kind 5) */
	__u64 http_drops;            /* ring buffer reserve/output failures in http.bpf.c */
	__u64 tcp_events;            /* kind-2 records written */
	__u64 tcp_drops;             /* ring buffer reserve/output failures in tcp.bpf.c */
	__u64 http_inflight_evicted; /* not tracked yet: always 0 */
	__u64 http_kept;             /* of http_events, written as kind-1 records (kept as spans) */
	__u64 http_sampled_out;      /* of http_events, counted but not written (sampling) */
	__u64 http_unreadable;       /* of http_events, no HTTP/1.x request line: neither */
	__u64 http_overflowed;       /* of http_events, counted in an overflow series */
};

_Static_assert(__builtin_offsetof(struct probe_stats, ts_ns) == 0, "ts_ns");
_Static_assert(__builtin_offsetof(struct probe_stats, http_events) == 8, "http_events");
_Static_assert(__builtin_offsetof(struct probe_stats, http_drops) == 16, "http_drops");
_Static_assert(__builtin_offsetof(struct probe_stats, tcp_events) == 24, "tcp_events");
_Static_assert(__builtin_offsetof(struct probe_stats, tcp_drops) == 32, "tcp_drops");
_Static_assert(__builtin_offsetof(struct probe_stats, http_inflight_evicted) == 40,
	       "http_inflight_evicted");
_Static_assert(__builtin_offsetof(struct probe_stats, http_kept) == 48, "http_kept");
_Static_assert(__builtin_offsetof(struct probe_stats, http_sampled_out) == 56, "http_sampled_out");
_Static_assert(__builtin_offsetof(struct probe_stats, http_unreadable) == 64, "http_unreadable");
_Static_assert(__builtin_offsetof(struct probe_stats, http_overflowed) == 72, "http_overflowed");
_Static_assert(sizeof(struct probe_stats) == 80, "sizeof probe_stats");

#endif
