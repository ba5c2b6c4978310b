/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* RED counts of HTTP exchanges, aggregated by the loader (http-red.c) from every kind-1 record
 * the kernel wrote, and written once per dump interval (kind 5): one record per series seen in
 * the interval, counts since the previous dump (delta). So the agent counts every request while
 * it gets only the exchanges kept as spans. Little-endian x86-64; every offset is asserted. */
#ifndef TRACELIGHT_HTTP_RED_H
#define TRACELIGHT_HTTP_RED_H

#include <linux/types.h>
#include "http.h"

/* OpenTelemetry's advised HTTP duration buckets, in ns (the agent's HTTP_DURATION_BOUNDS in
 * agent/src/http/http-telemetry.ts, which must stay the same): bucket i holds durations in
 * (bounds[i-1], bounds[i]], the last one everything above 10 s. */
#define HTTP_RED_BOUNDS 14
#define HTTP_RED_BUCKETS (HTTP_RED_BOUNDS + 1)

#define HTTP_RED_METHOD_MAX 8
#define HTTP_RED_HOST_MAX 64
#define HTTP_RED_PATH_MAX 128

/* The series' path stands for every path the loader had no room for (see http-red.c). */
#define HTTP_RED_FLAG_OVERFLOW 1
/* The path was longer than HTTP_RED_PATH_MAX and was cut. */
#define HTTP_RED_FLAG_PATH_CUT 2

struct http_red {
	__u64 count;
	__u64 sum_ns;
	__u64 min_ns;
	__u64 max_ns;
	__u64 buckets[HTTP_RED_BUCKETS];
	__u32 tgid;
	__u16 local_port;  /* server series: the listening port; 0 for client series */
	__u16 peer_port;   /* client series: the server's port; 0 for server series */
	__u16 status;      /* the response's status code; 0 when it had no status line */
	__u8 direction;    /* HTTP_DIRECTION_* */
	__u8 family;       /* of peer_addr: AF_INET (2) or AF_INET6 (10); 0 for server series */
	__u8 flags;        /* HTTP_RED_FLAG_* */
	__u8 method_len;
	__u8 host_len;
	__u8 path_len;
	__u8 peer_addr[16]; /* client series: the server's address, as in http_exchange */
	char comm[16];
	char method[HTTP_RED_METHOD_MAX];
	char host[HTTP_RED_HOST_MAX]; /* client series: the Host header's value, as sent */
	char path[HTTP_RED_PATH_MAX]; /* the target's path, query cut, digit-only segments as "0" */
};

_Static_assert(__builtin_offsetof(struct http_red, count) == 0, "count");
_Static_assert(__builtin_offsetof(struct http_red, sum_ns) == 8, "sum_ns");
_Static_assert(__builtin_offsetof(struct http_red, min_ns) == 16, "min_ns");
_Static_assert(__builtin_offsetof(struct http_red, max_ns) == 24, "max_ns");
_Static_assert(__builtin_offsetof(struct http_red, buckets) == 32, "buckets");
_Static_assert(__builtin_offsetof(struct http_red, tgid) == 152, "tgid");
_Static_assert(__builtin_offsetof(struct http_red, local_port) == 156, "local_port");
_Static_assert(__builtin_offsetof(struct http_red, peer_port) == 158, "peer_port");
_Static_assert(__builtin_offsetof(struct http_red, status) == 160, "status");
_Static_assert(__builtin_offsetof(struct http_red, direction) == 162, "direction");
_Static_assert(__builtin_offsetof(struct http_red, family) == 163, "family");
_Static_assert(__builtin_offsetof(struct http_red, flags) == 164, "flags");
_Static_assert(__builtin_offsetof(struct http_red, method_len) == 165, "method_len");
_Static_assert(__builtin_offsetof(struct http_red, host_len) == 166, "host_len");
_Static_assert(__builtin_offsetof(struct http_red, path_len) == 167, "path_len");
_Static_assert(__builtin_offsetof(struct http_red, peer_addr) == 168, "peer_addr");
_Static_assert(__builtin_offsetof(struct http_red, comm) == 184, "comm");
_Static_assert(__builtin_offsetof(struct http_red, method) == 200, "method");
_Static_assert(__builtin_offsetof(struct http_red, host) == 208, "host");
_Static_assert(__builtin_offsetof(struct http_red, path) == 272, "path");
_Static_assert(sizeof(struct http_red) == 400, "sizeof http_red");

struct http_red_options {
	double sample_ratio; /* share of new traces kept as spans (a traceparent's flag decides for its own) */
	__u64 slow_ns;       /* exchanges at least this long are always kept; 0: none */
};

struct http_red_counts {
	__u64 kept;       /* exchanges passed on as kind-1 records */
	__u64 sampled_out; /* counted, not passed on */
	__u64 unreadable; /* no HTTP/1.x request line: neither counted nor passed on */
	__u64 overflowed; /* counted in an overflow series (no room for their own) */
};

/* Counts the exchange in its series; true when it is to be passed on (kept as a span). */
bool http_red_add(const struct http_exchange *e, __u32 size, const struct http_red_options *o,
		  struct http_red_counts *c);
/* Writes every series counted since the last call, then starts over. */
void http_red_dump(void (*write)(const struct http_red *r));

#endif
