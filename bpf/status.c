// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* The loader's stderr: one JSON object per line for the agent, reasons for a failure that an
 * operator can act on, and libbpf's own log kept quiet until a probe fails. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "status.h"

/* ---- stderr: one JSON object per line ---- */

void json_raw(struct json_line *l, const char *s)
{
	size_t n = strlen(s), room;

	if (l->len + 3 > sizeof(l->buf))
		return;
	room = sizeof(l->buf) - 3 - l->len; /* "}\n" always fits */
	if (n > room)
		n = room;
	memcpy(l->buf + l->len, s, n);
	l->len += n;
}

void json_string(struct json_line *l, const char *s)
{
	char esc[8];

	json_raw(l, "\"");
	for (; *s && l->len < sizeof(l->buf) - 16; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			esc[0] = '\\', esc[1] = (char)c, esc[2] = 0;
		} else if (c == '\n') {
			strcpy(esc, "\\n");
		} else if (c == '\t') {
			strcpy(esc, "\\t");
		} else if (c < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
		} else {
			esc[0] = (char)c, esc[1] = 0;
		}
		json_raw(l, esc);
	}
	json_raw(l, "\"");
}

void json_begin(struct json_line *l, const char *event)
{
	l->len = 0;
	json_raw(l, "{\"event\":");
	json_string(l, event);
}

void json_field(struct json_line *l, const char *key, const char *value)
{
	json_raw(l, ",");
	json_string(l, key);
	json_raw(l, ":");
	json_string(l, value);
}

/* One write(2) per line, so lines never interleave with libbpf or anything else. */
void json_end(struct json_line *l)
{
	ssize_t ignored;

	json_raw(l, "}\n");
	ignored = write(STDERR_FILENO, l->buf, l->len);
	(void)ignored;
}

void report_error(const char *fmt, ...)
{
	struct json_line l;
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_begin(&l, "error");
	json_field(&l, "message", msg);
	json_end(&l);
}

/* ---- libbpf's log: kept quiet, and its last lines shown when a probe fails ---- */

static char libbpf_log_buf[64 * 1024];
static size_t libbpf_log_len;

void libbpf_log_clear(void)
{
	libbpf_log_len = 0;
}

int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	size_t room;
	int n;

	if (level == LIBBPF_DEBUG)
		return 0;
	if (libbpf_log_len > sizeof(libbpf_log_buf) * 3 / 4) {
		/* Keep the newest half: the verifier's verdict is at the end. */
		size_t keep = sizeof(libbpf_log_buf) / 4;

		memmove(libbpf_log_buf, libbpf_log_buf + libbpf_log_len - keep, keep);
		libbpf_log_len = keep;
	}
	room = sizeof(libbpf_log_buf) - libbpf_log_len;
	n = vsnprintf(libbpf_log_buf + libbpf_log_len, room, fmt, ap);
	if (n > 0)
		libbpf_log_len += (size_t)n < room ? (size_t)n : room - 1;
	return 0;
}

/* The last few meaningful lines of libbpf's log (a verifier log ends with its verdict). */
void libbpf_log_tail(char *out, size_t size, int max_lines)
{
	const char *lines[64];
	int nlines = 0, first;
	char *line, *save = NULL;
	size_t used = 0;

	out[0] = 0;
	libbpf_log_buf[libbpf_log_len < sizeof(libbpf_log_buf) ? libbpf_log_len
								 : sizeof(libbpf_log_buf) - 1] = 0;
	for (line = strtok_r(libbpf_log_buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!line[strspn(line, " \t")] || strstr(line, "-- END PROG LOAD LOG --"))
			continue;
		if (nlines == 64) {
			memmove(lines, lines + 1, sizeof(lines[0]) * 63);
			nlines--;
		}
		lines[nlines++] = line;
	}
	first = nlines > max_lines ? nlines - max_lines : 0;
	for (int i = first; i < nlines && used + 2 < size; i++)
		used += snprintf(out + used, size - used, "%s%s", i > first ? "\n" : "", lines[i]);
	libbpf_log_len = 0;
}

/* ---- reasons an operator can act on ---- */

void describe_errno(char *out, size_t size, const char *what, int err)
{
	const char *name = err == ENOTSUPP_KERNEL ? "ENOTSUPP" : strerrorname_np(err);
	const char *text = err == ENOTSUPP_KERNEL ? "Operation not supported" : strerror(err);
	const char *hint = NULL;

	switch (err) {
	case EPERM:
		hint = "needs root, or CAP_BPF and CAP_PERFMON";
		break;
	case EACCES:
		hint = "the verifier rejected a program, or no access to tracefs";
		break;
	case ENOENT:
		hint = "a hooked tracepoint or kernel type is missing on this kernel";
		break;
	case ENOSYS:
		hint = "this kernel has no BPF support";
		break;
	case ESRCH:
		hint = "kernel BTF or a kernel function the probe uses not found: needs "
		       "CONFIG_DEBUG_INFO_BTF (/sys/kernel/btf/vmlinux) and Linux 6.2 or newer";
		break;
	case EINVAL:
		hint = "the kernel rejected a program or map";
		break;
	case ENOMEM:
	case E2BIG:
		hint = "not enough memory for the maps (memory cgroup or RLIMIT_MEMLOCK)";
		break;
	case EOPNOTSUPP:
	case ENOTSUPP_KERNEL:
		hint = "this program type or hook is not supported by this kernel";
		break;
	}
	snprintf(out, size, "%s: %s (%s%s%s)", what, text, name ? name : "unknown errno",
		 hint ? ": " : "", hint ? hint : "");
}

