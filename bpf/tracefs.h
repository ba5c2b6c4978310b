// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* tracefs for classic tracepoints (tracefs.c). */
#ifndef TRACELIGHT_TRACEFS_H
#define TRACELIGHT_TRACEFS_H

/* 0 when tracefs is usable (mounting it if needed; said once on stderr), else the errno. */
int ensure_tracefs(void);
/* Why it is not usable, after ensure_tracefs failed. */
const char *tracefs_reason(void);

#endif
