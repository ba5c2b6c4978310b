// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* The loader's side of HTTP telemetry: every exchange the kernel reports is counted here in its
 * RED series (http-red.h), and only those kept as spans go on to the agent — the agent's
 * JavaScript then costs per kept span, not per request, and its counts stay exact however
 * few spans it keeps. The parsing mirrors the agent's (agent/src/http/message.ts,
 * traceparent.ts, route.ts's input), so a series and the spans of its requests agree. */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "http-parse.h"
#include "http-red.h"

#define TABLE_SIZE 8192 /* a power of two */
/* Past this many series in one interval, new paths share an overflow series per
 * (process, port, method, status): the table never fills, so nothing goes uncounted. */
#define TABLE_PATHS (TABLE_SIZE * 3 / 4)

static const __u64 bounds_ns[HTTP_RED_BOUNDS] = {
	5000000ull,   10000000ull,   25000000ull,   50000000ull,   75000000ull,
	100000000ull, 250000000ull,  500000000ull,  750000000ull,  1000000000ull,
	2500000000ull, 5000000000ull, 7500000000ull, 10000000000ull,
};

struct slot {
	__u64 hash; /* 0: empty */
	struct http_red r;
};

static struct slot table[TABLE_SIZE];
static __u32 used[TABLE_SIZE];
static __u32 nused;

/* The key is every field from tgid on, comm excepted (a process's name can change). */
#define KEY_START __builtin_offsetof(struct http_red, tgid)
#define COMM_START __builtin_offsetof(struct http_red, comm)
#define COMM_END (COMM_START + 16)

static __u64 key_hash(const struct http_red *r)
{
	const unsigned char *p = (const unsigned char *)r;
	__u64 h = 1469598103934665603ull, w;

	for (size_t at = KEY_START; at < sizeof(*r); at += 8) {
		if (at == COMM_START) {
			at = COMM_END - 8;
			continue;
		}
		memcpy(&w, p + at, 8);
		h = (h ^ w) * 1099511628211ull;
		h ^= h >> 29;
	}
	return h ? h : 1;
}

static bool same_key(const struct http_red *a, const struct http_red *b)
{
	const char *x = (const char *)a, *y = (const char *)b;

	return !memcmp(x + KEY_START, y + KEY_START, COMM_START - KEY_START) &&
	       !memcmp(x + COMM_END, y + COMM_END, sizeof(*a) - COMM_END);
}

/* The target's path (absolute form: after the authority), query cut, segments of digits alone
 * written as "0" (the agent's routes name them {id} anyway): keeps /users/1 … /users/99999 in
 * one series. */
static void copy_path(struct http_red *r, struct line target)
{
	const char *p = target.at, *end = target.at + target.len, *q;
	size_t n = 0;

	if (p == end || *p != '/') {
		const char *scheme = memmem(p, (size_t)(end - p), "://", 3);
		const char *slash = scheme ? memchr(scheme + 3, '/', (size_t)(end - scheme - 3)) : NULL;

		p = slash ? slash : "/";
		end = slash ? end : p + 1;
	}
	q = memchr(p, '?', (size_t)(end - p));
	if (q)
		end = q;
	while (p < end) {
		const char *seg = p + 1, *stop = memchr(seg, '/', (size_t)(end - seg));
		bool digits = true;

		if (!stop)
			stop = end;
		for (const char *c = seg; c < stop; c++)
			digits &= *c >= '0' && *c <= '9';
		if (n + 1 > HTTP_RED_PATH_MAX)
			goto cut;
		r->path[n++] = '/';
		if (digits && stop > seg) {
			if (n + 1 > HTTP_RED_PATH_MAX)
				goto cut;
			r->path[n++] = '0';
		} else {
			for (const char *c = seg; c < stop; c++) {
				if (n + 1 > HTTP_RED_PATH_MAX)
					goto cut;
				r->path[n++] = *c;
			}
		}
		p = stop;
	}
	r->path_len = (__u8)n;
	return;
cut:
	r->path_len = (__u8)n;
	r->flags |= HTTP_RED_FLAG_PATH_CUT;
}

/* ---- sampling ---- */

static __u64 rng_state;

static double random_unit(void)
{
	if (!rng_state) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		rng_state = ((__u64)ts.tv_nsec << 20) ^ (__u64)getpid() ^ 0x9e3779b97f4a7c15ull;
	}
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (double)((rng_state * 2685821657736338717ull) >> 11) / 9007199254740992.0;
}

/* ---- the table ---- */

static struct http_red *series(const struct http_red *key, const char *comm)
{
	__u64 h = key_hash(key);

	for (__u32 i = (__u32)h & (TABLE_SIZE - 1);; i = (i + 1) & (TABLE_SIZE - 1)) {
		struct slot *s = &table[i];

		if (s->hash == h && same_key(&s->r, key))
			return &s->r;
		if (s->hash)
			continue;
		s->hash = h;
		s->r = *key;
		s->r.min_ns = UINT64_MAX;
		memcpy(s->r.comm, comm, sizeof(s->r.comm));
		used[nused++] = i;
		return &s->r;
	}
}

bool http_red_add(const struct http_exchange *e, __u32 size, const struct http_red_options *o,
		  struct http_red_counts *c)
{
	size_t request_len = e->request_len, head_len;
	const char *req = e->request;
	struct line method, target, value;
	struct http_red key, *r;
	bool complete, error, keep;
	__u64 ns = e->end_ns > e->start_ns ? e->end_ns - e->start_ns : 0;
	int sampled;

	if (size < __builtin_offsetof(struct http_exchange, request))
		return false;
	if (request_len > size - __builtin_offsetof(struct http_exchange, request))
		request_len = size - __builtin_offsetof(struct http_exchange, request);
	head_len = http_head_length(req, request_len);
	complete = head_len < request_len;
	{
		const char *eol = memmem(req, head_len, "\r\n", 2);
		struct line first = { req, eol ? (size_t)(eol - req) : head_len };

		if (!http_request_line(first, &method, &target)) {
			c->unreadable++;
			return false;
		}
	}
	memset(&key, 0, sizeof(key));
	key.tgid = e->tgid;
	key.direction = e->direction;
	key.status = http_status_code(e->response, e->response_len < HTTP_RESPONSE_MAX ? e->response_len : HTTP_RESPONSE_MAX);
	key.method_len = (__u8)method.len;
	memcpy(key.method, method.at, method.len < HTTP_RED_METHOD_MAX ? method.len : HTTP_RED_METHOD_MAX);
	if (e->direction == HTTP_DIRECTION_SERVER) {
		key.local_port = e->local_port;
	} else {
		key.peer_port = e->peer_port;
		key.family = e->family;
		memcpy(key.peer_addr, e->peer_addr, sizeof(key.peer_addr));
		if (http_header(req, head_len, complete, "host", &value) && value.len <= HTTP_RED_HOST_MAX) {
			key.host_len = (__u8)value.len;
			memcpy(key.host, value.at, value.len);
		}
	}
	if (nused < TABLE_PATHS) {
		copy_path(&key, target);
	} else {
		key.flags = HTTP_RED_FLAG_OVERFLOW;
		c->overflowed++;
	}
	r = series(&key, e->comm);
	r->count++;
	r->sum_ns += ns;
	if (ns < r->min_ns)
		r->min_ns = ns;
	if (ns > r->max_ns)
		r->max_ns = ns;
	{
		int b = 0;

		while (b < HTTP_RED_BOUNDS && ns > bounds_ns[b])
			b++;
		r->buckets[b]++;
	}

	error = key.status >= (e->direction == HTTP_DIRECTION_SERVER ? 500 : 400);
	keep = error || (o->slow_ns && ns >= o->slow_ns);
	if (!keep) {
		sampled = http_header(req, head_len, complete, "traceparent", &value) ? http_traceparent_sampled(value) : -1;
		keep = sampled >= 0 ? sampled == 1 : o->sample_ratio >= 1 || random_unit() < o->sample_ratio;
	}
	if (keep)
		c->kept++;
	else
		c->sampled_out++;
	return keep;
}

void http_red_dump(void (*write)(const struct http_red *r))
{
	for (__u32 i = 0; i < nused; i++) {
		struct slot *s = &table[used[i]];

		write(&s->r);
		s->hash = 0;
	}
	nused = 0;
}
