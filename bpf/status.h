// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* The loader's stderr (status.c). */
#ifndef TRACELIGHT_STATUS_H
#define TRACELIGHT_STATUS_H

#include <stdarg.h>
#include <stddef.h>
#include <bpf/libbpf.h>

#define ENOTSUPP_KERNEL 524 /* kernel-internal "operation not supported", seen from BPF */

/* One JSON object, built in place and written with one write(2) by json_end. */
struct json_line {
	char buf[8192];
	size_t len;
};

void json_begin(struct json_line *l, const char *event);
void json_field(struct json_line *l, const char *key, const char *value);
void json_raw(struct json_line *l, const char *s);
void json_string(struct json_line *l, const char *s);
void json_end(struct json_line *l);
void report_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* libbpf's print callback: keeps warnings in a buffer instead of printing them. */
int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap);
void libbpf_log_clear(void);
/* The last `max_lines` meaningful lines kept since the last clear, then clears. */
void libbpf_log_tail(char *out, size_t size, int max_lines);

/* "<what>: <strerror> (<ERRNO>: <what to do about it>)". */
void describe_errno(char *out, size_t size, const char *what, int err);

#endif
