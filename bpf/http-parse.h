/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Reading the bytes of an HTTP/1.x exchange in the loader (http-parse.c), as the agent reads
 * them (agent/src/http/message.ts, traceparent.ts), so that the loader's RED series and
 * sampling decisions agree with the agent's spans. */
#ifndef TRACELIGHT_HTTP_PARSE_H
#define TRACELIGHT_HTTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

/* A slice of the captured bytes. */
struct line {
	const char *at;
	size_t len;
};

/* The request head: up to the blank line, or all of the bytes when it was cut short. */
size_t http_head_length(const char *s, size_t n);
/* `METHOD SP target SP HTTP/1.0|1.1` as the whole first line; false when it is not one. */
bool http_request_line(struct line l, struct line *method, struct line *target);
/* The value of the first header named `name` (lowercase), trimmed; a head cut short
 * (`complete` false) loses its last, partial line. */
bool http_header(const char *head, size_t n, bool complete, const char *name, struct line *value);
/* 1 sampled, 0 not, -1 not a valid traceparent. */
int http_traceparent_sampled(struct line value);
/* The status code of a response's first line; 0 when it is not one. */
__u16 http_status_code(const char *s, size_t n);

#endif
