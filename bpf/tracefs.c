// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Classic tracepoints are attached through tracefs: mounted here when it is missing. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <unistd.h>
#include "status.h"
#include "tracefs.h"

#define TRACEFS "/sys/kernel/tracing"
#define TRACEFS_UNDER_DEBUGFS "/sys/kernel/debug/tracing/events"
#define TRACEFS_MAGIC 0x74726163

static int tracefs_err = -1; /* -1 not checked yet, 0 usable, else errno */
static char reason[512];

static bool tracefs_present(void)
{
	struct statfs st;

	if (statfs(TRACEFS, &st) == 0 && st.f_type == TRACEFS_MAGIC)
		return true;
	/* libbpf uses debugfs's tracing directory when it exists. */
	return access(TRACEFS_UNDER_DEBUGFS, F_OK) == 0;
}

int ensure_tracefs(void)
{
	struct json_line l;

	if (tracefs_err >= 0)
		return tracefs_err;
	tracefs_err = 0;
	if (tracefs_present())
		return 0;
	if (mount("tracefs", TRACEFS, "tracefs", 0, NULL) == 0) {
		json_begin(&l, "tracefs");
		json_field(&l, "state", "mounted");
		json_field(&l, "path", TRACEFS);
		json_end(&l);
		return 0;
	}
	tracefs_err = errno;
	snprintf(reason, sizeof(reason),
		 "tracefs is not mounted at %s and mounting it failed: %s (%s%s)", TRACEFS,
		 strerror(tracefs_err), strerrorname_np(tracefs_err) ?: "errno",
		 tracefs_err == EPERM ? ": needs root or CAP_SYS_ADMIN" : "");
	json_begin(&l, "tracefs");
	json_field(&l, "state", "unavailable");
	json_field(&l, "reason", reason);
	json_end(&l);
	return tracefs_err;
}

const char *tracefs_reason(void)
{
	return reason;
}
