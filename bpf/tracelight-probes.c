// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* tracelight-probes: loads the http, tcp and runqlat BPF programs, each on its own so that
 * one failing turns off only that probe, and streams their records to stdout as
 * `u32 kind, u32 size, payload` frames (probes.h). Its state goes to stderr, one JSON object
 * per line. See README.md. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "probes.h"
#include "status.h"
#include "tracefs.h"
#include "http.h"
#include "http-red.h"
#include "tcp.h"
#include "runqlat.h"
#include "http.skel.h"
#include "tcp.skel.h"
#include "runqlat.skel.h"

#define EXIT_USAGE 2
#define EXIT_NO_PROBE 3 /* the agent falls back to /proc and does not restart the loader */

#define STDOUT_BUFFER (4 << 20)
#define MAX_LINKS 16

/* Sized by the BPF side (http.bpf.c); slot 0 is the loader itself. */
#define IGNORE_TGIDS_MAX \
	(sizeof(((struct http_bpf *)0)->rodata->ignore_tgids) / sizeof(__u32))

enum probe_id { PROBE_HTTP, PROBE_TCP, PROBE_RUNQLAT, PROBE_COUNT };

struct probe {
	const char *name;
	bool wanted;
	bool on;
	void *skel;
	struct bpf_object *obj;
	struct bpf_map *ring;  /* NULL for runqlat, which is read on a timer */
	struct bpf_map *drops; /* per-CPU ring buffer failure counter */
	__u32 record_kind;
	__u64 records;
	struct bpf_link *links[MAX_LINKS];
	int nlinks;
};

static struct probe probes[PROBE_COUNT] = {
	[PROBE_HTTP] = { .name = "http", .record_kind = RECORD_HTTP_EXCHANGE },
	[PROBE_TCP] = { .name = "tcp", .record_kind = RECORD_TCP_EVENT },
	[PROBE_RUNQLAT] = { .name = "runqlat", .record_kind = RECORD_RUNQ_HIST },
};

static struct {
	__u32 ignore_tgids[IGNORE_TGIDS_MAX];
	int nignore;
	int poll_ms;
	int dump_ms;
	struct http_red_options http;
} opts = { .poll_ms = 100, .dump_ms = 1000, .http = { .sample_ratio = 1, .slow_ns = 1000000000ull } };

static struct http_red_counts http_counts;

static volatile sig_atomic_t stop_signal;
static bool stdout_failed;

/* ---- stdout: framed records, buffered, flushed after each poll round ---- */

static void write_record(__u32 kind, const void *data, __u32 size)
{
	struct record_header h = { .kind = kind, .size = size };

	if (stdout_failed)
		return;
	if (fwrite(&h, sizeof(h), 1, stdout) != 1 || (size && fwrite(data, size, 1, stdout) != 1))
		stdout_failed = true;
}

static void write_red(const struct http_red *r)
{
	write_record(RECORD_HTTP_RED, r, sizeof(*r));
}

static int on_ring_record(void *ctx, void *data, size_t size)
{
	struct probe *p = ctx;

	/* Every exchange is counted; only those kept as spans go on to the agent. */
	if (p->record_kind != RECORD_HTTP_EXCHANGE || http_red_add(data, (__u32)size, &opts.http, &http_counts))
		write_record(p->record_kind, data, (__u32)size);
	p->records++;
	/* Stop consuming once stdout is gone; the loop then exits. */
	return stdout_failed ? -EPIPE : 0;
}

/* ---- probes ---- */

static void destroy_http(void *skel) { http_bpf__destroy(skel); }
static void destroy_tcp(void *skel) { tcp_bpf__destroy(skel); }
static void destroy_runqlat(void *skel) { runqlat_bpf__destroy(skel); }

static void destroy_probe(struct probe *p)
{
	for (int i = 0; i < p->nlinks; i++)
		bpf_link__destroy(p->links[i]);
	p->nlinks = 0;
	if (p->skel) {
		if (p == &probes[PROBE_HTTP])
			destroy_http(p->skel);
		else if (p == &probes[PROBE_TCP])
			destroy_tcp(p->skel);
		else
			destroy_runqlat(p->skel);
	}
	p->skel = NULL;
	p->obj = NULL;
	p->ring = NULL;
	p->drops = NULL;
	p->on = false;
}

/* Opens and loads a probe's skeleton; returns 0 or a negative errno with *phase set. */
static int open_and_load(struct probe *p, const char **phase)
{
	int err;

	*phase = "BPF open failed";
	switch ((enum probe_id)(p - probes)) {
	case PROBE_HTTP: {
		struct http_bpf *skel = http_bpf__open();

		if (!skel)
			return -errno;
		p->skel = skel;
		p->obj = skel->obj;
		for (int i = 0; i < opts.nignore; i++)
			skel->rodata->ignore_tgids[i] = opts.ignore_tgids[i];
		*phase = "BPF load failed";
		if ((err = http_bpf__load(skel)))
			return err;
		p->ring = skel->maps.http_events;
		p->drops = skel->maps.http_drops;
		return 0;
	}
	case PROBE_TCP: {
		struct tcp_bpf *skel = tcp_bpf__open();

		if (!skel)
			return -errno;
		p->skel = skel;
		p->obj = skel->obj;
		*phase = "BPF load failed";
		if ((err = tcp_bpf__load(skel)))
			return err;
		p->ring = skel->maps.tcp_events;
		p->drops = skel->maps.tcp_drops;
		return 0;
	}
	case PROBE_RUNQLAT: {
		struct runqlat_bpf *skel = runqlat_bpf__open();

		if (!skel)
			return -errno;
		p->skel = skel;
		p->obj = skel->obj;
		*phase = "BPF load failed";
		return runqlat_bpf__load(skel);
	}
	default:
		return -EINVAL;
	}
}

/* Classic tracepoints whose absence only narrows a probe: without accept(), tcp still sees
 * every connection, it just cannot say which process accepted it. */
static bool attach_optional(const struct probe *p, const struct bpf_program *prog)
{
	return p == &probes[PROBE_TCP] && strstr(bpf_program__name(prog), "accept") != NULL;
}

static void probe_off(struct probe *p, const char *reason, const char *log)
{
	struct json_line l;

	destroy_probe(p);
	json_begin(&l, "probe");
	json_field(&l, "probe", p->name);
	json_field(&l, "state", "off");
	json_field(&l, "reason", reason);
	if (log && *log)
		json_field(&l, "log", log);
	json_end(&l);
}

static void start_probe(struct probe *p, struct ring_buffer **rb)
{
	char reason[1024], log[2048], what[256], note[768] = "";
	struct bpf_program *prog;
	struct json_line l;
	const char *phase;
	int err;

	libbpf_log_clear();
	err = open_and_load(p, &phase);
	if (err) {
		describe_errno(reason, sizeof(reason), phase, -err);
		libbpf_log_tail(log, sizeof(log), 12);
		probe_off(p, reason, log);
		return;
	}

	bpf_object__for_each_program(prog, p->obj) {
		bool classic = strncmp(bpf_program__section_name(prog), "tracepoint/", 11) == 0;
		struct bpf_link *link;

		if (classic && ensure_tracefs()) {
			if (attach_optional(p, prog)) {
				snprintf(note, sizeof(note),
					 "no OPEN_PASSIVE events (accepted connections have tgid 0): %s",
					 tracefs_reason());
				continue;
			}
			probe_off(p, tracefs_reason(), NULL);
			return;
		}
		if (p->nlinks == MAX_LINKS) {
			probe_off(p, "too many programs (raise MAX_LINKS)", NULL);
			return;
		}
		link = bpf_program__attach(prog);
		if (!link) {
			err = errno;
			snprintf(what, sizeof(what), "attaching %s (%s) failed",
				 bpf_program__name(prog), bpf_program__section_name(prog));
			describe_errno(reason, sizeof(reason), what, err);
			libbpf_log_tail(log, sizeof(log), 6);
			probe_off(p, reason, log);
			return;
		}
		p->links[p->nlinks++] = link;
	}
	libbpf_log_clear();

	if (p->ring) {
		int fd = bpf_map__fd(p->ring);

		err = *rb ? ring_buffer__add(*rb, fd, on_ring_record, p) : 0;
		if (!*rb) {
			*rb = ring_buffer__new(fd, on_ring_record, p, NULL);
			err = *rb ? 0 : -errno;
		}
		if (err) {
			describe_errno(reason, sizeof(reason), "ring buffer setup failed", -err);
			probe_off(p, reason, NULL);
			return;
		}
	}
	p->on = true;
	json_begin(&l, "probe");
	json_field(&l, "probe", p->name);
	json_field(&l, "state", "on");
	if (*note)
		json_field(&l, "note", note);
	json_end(&l);
}

static __u64 sum_percpu(struct bpf_map *map)
{
	int ncpus = libbpf_num_possible_cpus();
	__u64 values[ncpus > 0 ? ncpus : 1], sum = 0;
	__u32 zero = 0;

	if (ncpus <= 0 || !map ||
	    bpf_map__lookup_elem(map, &zero, sizeof(zero), values, sizeof(values), 0))
		return 0;
	for (int i = 0; i < ncpus; i++)
		sum += values[i];
	return sum;
}

static __u64 monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ull + (__u64)ts.tv_nsec;
}

static void dump_runqlat(struct probe *p)
{
	struct runqlat_bpf *skel = p->skel;
	int fd = bpf_map__fd(skel->maps.runq_hists);
	__u32 max = bpf_map__max_entries(skel->maps.runq_hists);
	__u32 key = 0, next;
	struct runq_hist h;

	/* Bounded: a key deleted under us restarts get_next_key from the first key. */
	for (__u32 i = 0; i < max; i++) {
		if (bpf_map_get_next_key(fd, i ? &key : NULL, &next))
			break;
		key = next;
		if (bpf_map_lookup_elem(fd, &key, &h))
			continue;
		h.tgid = key;
		write_record(RECORD_RUNQ_HIST, &h, sizeof(h));
	}
}

static void dump(void)
{
	struct probe *http = &probes[PROBE_HTTP], *tcp = &probes[PROBE_TCP];
	struct probe_stats s = { 0 };

	if (probes[PROBE_RUNQLAT].on)
		dump_runqlat(&probes[PROBE_RUNQLAT]);
	http_red_dump(write_red);
	s.ts_ns = monotonic_ns();
	s.http_events = http->records;
	s.http_drops = http->on ? sum_percpu(http->drops) : 0;
	s.tcp_events = tcp->records;
	s.tcp_drops = tcp->on ? sum_percpu(tcp->drops) : 0;
	s.http_kept = http_counts.kept;
	s.http_sampled_out = http_counts.sampled_out;
	s.http_unreadable = http_counts.unreadable;
	s.http_overflowed = http_counts.overflowed;
	write_record(RECORD_PROBE_STATS, &s, sizeof(s));
}

/* ---- command line ---- */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: tracelight-probes [--probes http,tcp,runqlat] [--ignore-tgid N]...\n"
		"                         [--poll-ms 100] [--dump-ms 1000] [--sample-ratio 1] [--slow-ms 1000]\n"
		"Streams BPF records to stdout as (u32 kind, u32 size, payload) frames; status as\n"
		"JSON lines on stderr. Exit 3 when no probe could be loaded.\n");
}

static bool parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return s[0] >= '0' && s[0] <= '9' && !*end && !errno && *out >= min && *out <= max;
}

static int parse_probes(const char *arg)
{
	char list[256], *save = NULL;

	/* A copy: tokenizing argv in place would change what ps shows. */
	snprintf(list, sizeof(list), "%s", arg);

	for (int i = 0; i < PROBE_COUNT; i++)
		probes[i].wanted = false;
	for (char *name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		int i;

		for (i = 0; i < PROBE_COUNT && strcmp(name, probes[i].name); i++)
			;
		if (i == PROBE_COUNT) {
			report_error("unknown probe '%s' (known: http, tcp, runqlat)", name);
			return -1;
		}
		probes[i].wanted = true;
	}
	return 0;
}

static int parse_args(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "probes", required_argument, NULL, 'p' },
		{ "ignore-tgid", required_argument, NULL, 'i' },
		{ "poll-ms", required_argument, NULL, 'P' },
		{ "dump-ms", required_argument, NULL, 'd' },
		{ "sample-ratio", required_argument, NULL, 's' },
		{ "slow-ms", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	unsigned long v;
	int c;

	for (int i = 0; i < PROBE_COUNT; i++)
		probes[i].wanted = true;
	opts.ignore_tgids[opts.nignore++] = (__u32)getpid();
	while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (parse_probes(optarg))
				return -1;
			break;
		case 'i':
			if (!parse_uint(optarg, 1, 0x7fffffff, &v)) {
				report_error("--ignore-tgid: not a process id: '%s'", optarg);
				return -1;
			}
			if (opts.nignore == (int)IGNORE_TGIDS_MAX) {
				report_error("--ignore-tgid: at most %d", (int)IGNORE_TGIDS_MAX - 1);
				return -1;
			}
			opts.ignore_tgids[opts.nignore++] = (__u32)v;
			break;
		case 'P':
			if (!parse_uint(optarg, 1, 60000, &v)) {
				report_error("--poll-ms: expected 1..60000, got '%s'", optarg);
				return -1;
			}
			opts.poll_ms = (int)v;
			break;
		case 'd':
			if (!parse_uint(optarg, 10, 3600000, &v)) {
				report_error("--dump-ms: expected 10..3600000, got '%s'", optarg);
				return -1;
			}
			opts.dump_ms = (int)v;
			break;
		case 's': {
			char *end;

			errno = 0;
			opts.http.sample_ratio = strtod(optarg, &end);
			if (*end || errno || !(opts.http.sample_ratio >= 0 && opts.http.sample_ratio <= 1)) {
				report_error("--sample-ratio: expected 0..1, got '%s'", optarg);
				return -1;
			}
			break;
		}
		case 'S':
			if (!parse_uint(optarg, 0, 3600000, &v)) {
				report_error("--slow-ms: expected 0..3600000, got '%s'", optarg);
				return -1;
			}
			opts.http.slow_ns = (__u64)v * 1000000;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		report_error("unexpected argument '%s'", argv[optind]);
		return -1;
	}
	return 0;
}

static void on_signal(int sig)
{
	stop_signal = sig;
}

int main(int argc, char **argv)
{
	static char stdout_buffer[STDOUT_BUFFER];
	struct ring_buffer *rb = NULL;
	struct json_line l;
	struct sigaction sa = { .sa_handler = on_signal }; /* no SA_RESTART: wake the poll */
	__u64 next_dump;
	int on = 0, rc = 0;

	if (parse_args(argc, argv))
		return EXIT_USAGE;
	setvbuf(stdout, stdout_buffer, _IOFBF, sizeof(stdout_buffer));
	signal(SIGPIPE, SIG_IGN); /* a closed stdout shows up as EPIPE from fflush */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	libbpf_set_print(libbpf_log);

	for (int i = 0; i < PROBE_COUNT; i++) {
		if (!probes[i].wanted) {
			json_begin(&l, "probe");
			json_field(&l, "probe", probes[i].name);
			json_field(&l, "state", "off");
			json_field(&l, "reason", "not requested (--probes)");
			json_end(&l);
			continue;
		}
		start_probe(&probes[i], &rb);
		on += probes[i].on;
	}
	if (!on) {
		ring_buffer__free(rb);
		return EXIT_NO_PROBE;
	}
	json_begin(&l, "ready");
	json_raw(&l, ",\"probes\":[");
	for (int i = 0, n = 0; i < PROBE_COUNT; i++) {
		if (!probes[i].on)
			continue;
		json_raw(&l, n++ ? "," : "");
		json_string(&l, probes[i].name);
	}
	json_raw(&l, "]");
	json_end(&l);

	next_dump = monotonic_ns() + (__u64)opts.dump_ms * 1000000;
	while (!stop_signal && !stdout_failed) {
		__u64 now = monotonic_ns();
		int timeout = opts.poll_ms;

		if (next_dump <= now)
			timeout = 0;
		else if ((next_dump - now) / 1000000 < (__u64)timeout)
			timeout = (int)((next_dump - now) / 1000000);
		if (rb) {
			/* Wakeups are batched in BPF, so this usually sleeps the whole timeout, and
			 * poll does not drain what arrived without a wakeup: consume does. */
			int err = ring_buffer__poll(rb, timeout);

			if (err < 0 && err != -EINTR && err != -EPIPE) {
				report_error("ring_buffer__poll: %s", strerror(-err));
				rc = 1;
				break;
			}
			if (!stop_signal && !stdout_failed)
				ring_buffer__consume(rb);
		} else {
			struct timespec ts = { timeout / 1000, (long)(timeout % 1000) * 1000000 };

			nanosleep(&ts, NULL);
		}
		now = monotonic_ns();
		if (now >= next_dump) {
			dump();
			next_dump += (__u64)opts.dump_ms * 1000000;
			if (next_dump <= now)
				next_dump = now + (__u64)opts.dump_ms * 1000000;
		}
		if (fflush(stdout) == EOF)
			stdout_failed = true;
	}

	/* Drain what is queued and close with a final dump, so the last stats record counts
	 * every record before it. */
	if (!stdout_failed && rc == 0) {
		if (rb)
			ring_buffer__consume(rb);
		dump();
	}
	json_begin(&l, "stopped");
	json_field(&l, "reason", stdout_failed ? "stdout closed"
				 : stop_signal == SIGINT ? "SIGINT"
				 : stop_signal == SIGTERM ? "SIGTERM"
							  : "error");
	json_end(&l);
	if (!stdout_failed)
		fflush(stdout);
	ring_buffer__free(rb);
	for (int i = 0; i < PROBE_COUNT; i++)
		destroy_probe(&probes[i]);
	return rc;
}
