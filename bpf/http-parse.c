// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Reading an HTTP/1.x exchange's captured bytes in the loader, as the agent does (http-parse.h). */
#define _GNU_SOURCE
#include <string.h>
#include "http-parse.h"

/* The request head: up to the blank line, or all of the bytes when it was cut short. */
size_t http_head_length(const char *s, size_t n)
{
	const char *end = memmem(s, n, "\r\n\r\n", 4);

	return end ? (size_t)(end - s) : n;
}

static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }
static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

static const char *const methods[] = { "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH" };

/* `METHOD SP target SP HTTP/1.0|1.1` as the whole first line; false when it is not one. */
bool http_request_line(struct line l, struct line *method, struct line *target)
{
	size_t i = 0, t;
	bool known = false;

	while (i < l.len && is_upper(l.at[i]))
		i++;
	if (i == 0 || i >= l.len || l.at[i] != ' ')
		return false;
	for (size_t m = 0; m < sizeof(methods) / sizeof(methods[0]); m++)
		known |= strlen(methods[m]) == i && !memcmp(methods[m], l.at, i);
	if (!known)
		return false;
	*method = (struct line){ l.at, i };
	t = ++i;
	while (i < l.len && !is_space(l.at[i]))
		i++;
	if (i == t || l.len - i != 9 || memcmp(l.at + i, " HTTP/1.", 8) || (l.at[i + 8] != '0' && l.at[i + 8] != '1'))
		return false;
	*target = (struct line){ l.at + t, i - t };
	return true;
}

/* The value of the first header named `name` (lowercase), trimmed. A head cut short loses its
 * last, partial line, as the agent's parser does. */
bool http_header(const char *head, size_t n, bool complete, const char *name, struct line *value)
{
	size_t name_len = strlen(name);
	const char *p = memmem(head, n, "\r\n", 2), *end = head + n;

	while (p && p < end) {
		const char *start = p + 2, *next = memmem(start, (size_t)(end - start), "\r\n", 2);
		const char *stop = next ? next : end, *colon;
		size_t i = 0;

		if (!next && !complete)
			return false;
		colon = memchr(start, ':', (size_t)(stop - start));
		if (colon && colon > start) {
			const char *a = start, *b = colon;

			while (a < b && is_space(*a))
				a++;
			while (b > a && is_space(b[-1]))
				b--;
			for (i = 0; i < name_len && a + i < b && lower(a[i]) == name[i]; i++)
				;
			if (i == name_len && a + i == b) {
				a = colon + 1;
				b = stop;
				while (a < b && is_space(*a))
					a++;
				while (b > a && is_space(b[-1]))
					b--;
				*value = (struct line){ a, (size_t)(b - a) };
				return true;
			}
		}
		p = next;
	}
	return false;
}

static bool lower_hex(const char *s, size_t n, bool *zero)
{
	*zero = true;
	for (size_t i = 0; i < n; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
		*zero &= s[i] == '0';
	}
	return true;
}

/* 1 sampled, 0 not, -1 no valid traceparent (agent/src/http/traceparent.ts). */
int http_traceparent_sampled(struct line v)
{
	bool zero_trace, zero_span, zero;

	if (v.len < 55 || v.at[2] != '-' || v.at[35] != '-' || v.at[52] != '-')
		return -1;
	if (!lower_hex(v.at, 2, &zero) || !lower_hex(v.at + 3, 32, &zero_trace) ||
	    !lower_hex(v.at + 36, 16, &zero_span) || !lower_hex(v.at + 53, 2, &zero))
		return -1;
	if ((v.at[0] == 'f' && v.at[1] == 'f') || zero_trace || zero_span)
		return -1;
	if (v.len > 55 && (v.at[55] != '-' || (v.at[0] == '0' && v.at[1] == '0')))
		return -1;
	return (v.at[54] >= 'a' ? v.at[54] - 'a' + 10 : v.at[54] - '0') & 1;
}

/* `HTTP/1.x DDD` then a space, CR or the end (of the first 64 bytes); 0 when it is not one. */
__u16 http_status_code(const char *s, size_t n)
{
	if (n > 64)
		n = 64;
	if (n < 12 || memcmp(s, "HTTP/1.", 7) || (s[7] != '0' && s[7] != '1') || s[8] != ' ')
		return 0;
	for (int i = 9; i < 12; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	if (n > 12 && s[12] != ' ' && s[12] != '\r')
		return 0;
	return (__u16)((s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0'));
}
