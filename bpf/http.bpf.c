// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* HTTP/1.x exchanges seen through syscall tracepoints: a request read and a response written
 * on the same socket is a server exchange, a request written and a response read a client
 * one; each pair becomes one struct http_exchange on the ring buffer. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "http.h"
#include "sock.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define IGNORE_TGIDS_MAX 8
/* The loader's own tgid and the agent's: their traffic would otherwise feed back into
 * itself (each export is an HTTP request). Set by the loader before load; 0 = unused. */
const volatile __u32 ignore_tgids[IGNORE_TGIDS_MAX] = {};

/* Wakeups are batched: one wakeup per record cost +16–28 % application CPU here, batched
 * +4 %. User space polls on a timer and is woken only when this much is waiting. */
#define WAKEUP_BYTES (64 * 1024)

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 << 20);
} http_events SEC(".maps");

struct inflight_key {
	__u32 tgid;
	__s32 fd;
};

/* The request waiting for its response on each (process, socket): the record to emit,
 * completed in place when the response shows up, and the socket it came on. Payloads are
 * copied straight into it (the 512-byte stack cannot hold them). An entry lives as long as
 * its connection (close() deletes it) and is refilled by each request on it (keep-alive),
 * so the common case inserts and deletes nothing. */
struct inflight {
	struct http_exchange e;
	__u64 sk;
	__u32 pending; /* a request is waiting for its response */
	__u32 _pad;
};

/* LRU, so that connections whose close was not seen age out. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 8192);
	__type(key, struct inflight_key);
	__type(value, struct inflight);
} http_inflight SEC(".maps");

/* Inserted as the first value of a new entry, which is then filled in place. */
static const struct inflight empty_inflight;

/* A read in progress: its buffer is only filled when the syscall returns. Kept in the
 * thread's own storage: cheaper than a hash keyed by thread on this path, which every
 * read() on the machine takes. */
struct pending_read {
	__u64 buf; /* 0: none */
	__u32 len; /* buffer size (of the first iovec for readv/recvmsg) */
	__s32 fd;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct pending_read);
} http_pending_reads SEC(".maps");

/* Ring buffer output failures (full), summed over CPUs by the loader. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} http_drops SEC(".maps");

enum message { MSG_NONE, MSG_REQUEST, MSG_RESPONSE };

static __always_inline bool tgid_ignored(__u32 tgid)
{
#pragma unroll
	for (int i = 0; i < IGNORE_TGIDS_MAX; i++)
		if (ignore_tgids[i] == tgid)
			return true;
	return false;
}

/* Tokens as little-endian integers, compared with the first bytes read as one: byte-wise
 * compares through a stack pointer make clang 14 emit pointer arithmetic the verifier
 * rejects. */
#define TOKEN8(a, b, c, d, e, f, g, h)                                                    \
	((__u64)(a) | (__u64)(b) << 8 | (__u64)(c) << 16 | (__u64)(d) << 24 |             \
	 (__u64)(e) << 32 | (__u64)(f) << 40 | (__u64)(g) << 48 | (__u64)(h) << 56)

static __always_inline bool has_prefix(__u64 head, __u64 token, int len)
{
	__u64 mask = len >= 8 ? ~0ULL : (1ULL << (len * 8)) - 1;

	return (head & mask) == token;
}

/* head holds the first (up to) 8 bytes, zero past the data. */
static __always_inline enum message classify(__u64 head)
{
	if (has_prefix(head, TOKEN8('H', 'T', 'T', 'P', '/', '1', '.', 0), 7))
		return MSG_RESPONSE;
	if (has_prefix(head, TOKEN8('G', 'E', 'T', ' ', 0, 0, 0, 0), 4) ||
	    has_prefix(head, TOKEN8('P', 'O', 'S', 'T', ' ', 0, 0, 0), 5) ||
	    has_prefix(head, TOKEN8('P', 'U', 'T', ' ', 0, 0, 0, 0), 4) ||
	    has_prefix(head, TOKEN8('D', 'E', 'L', 'E', 'T', 'E', ' ', 0), 7) ||
	    has_prefix(head, TOKEN8('H', 'E', 'A', 'D', ' ', 0, 0, 0), 5) ||
	    has_prefix(head, TOKEN8('P', 'A', 'T', 'C', 'H', ' ', 0, 0), 6) ||
	    has_prefix(head, TOKEN8('O', 'P', 'T', 'I', 'O', 'N', 'S', ' '), 8) ||
	    has_prefix(head, TOKEN8('C', 'O', 'N', 'N', 'E', 'C', 'T', ' '), 8) ||
	    has_prefix(head, TOKEN8('T', 'R', 'A', 'C', 'E', ' ', 0, 0), 6))
		return MSG_REQUEST;
	return MSG_NONE;
}

/* min(n, max) in a form the verifier can follow: with 32-bit operands clang 14 compares a
 * zero-extended copy and passes the unbounded original on to the helper. */
static __always_inline __u64 clamp(__u64 n, __u64 max)
{
	if (n > max)
		n = max;
	barrier_var(n);
	return n;
}

static __always_inline void count_drop(void)
{
	__u32 zero = 0;
	__u64 *drops = bpf_map_lookup_elem(&http_drops, &zero);

	if (drops)
		*drops += 1;
}

static __always_inline void copy_endpoints(struct http_exchange *e, const struct sock_endpoints *ep)
{
	e->family = ep->family;
	e->local_port = ep->local_port;
	e->peer_port = ep->peer_port;
	__builtin_memcpy(e->local_addr, ep->local_addr, 16);
	__builtin_memcpy(e->peer_addr, ep->peer_addr, 16);
}

/* A request's first bytes: remember it until its response. */
static __always_inline void on_request(__u64 pid_tgid, int fd, const void *buf, __u32 size,
				       __u8 direction)
{
	struct inflight_key key = { .tgid = pid_tgid >> 32, .fd = fd };
	struct sock_endpoints ep;
	struct http_exchange *e;
	struct inflight *in;
	struct sock *sk;
	__u32 len;

	sk = tcp_sock_of_fd(fd);
	if (!sk)
		return;
	in = bpf_map_lookup_elem(&http_inflight, &key);
	if (!in) {
		bpf_map_update_elem(&http_inflight, &key, &empty_inflight, BPF_NOEXIST);
		in = bpf_map_lookup_elem(&http_inflight, &key);
		if (!in)
			return;
	}
	in->pending = 0;
	in->sk = (__u64)sk;
	e = &in->e;
	e->start_ns = bpf_ktime_get_ns();
	e->end_ns = 0;
	e->tgid = key.tgid;
	e->tid = (__u32)pid_tgid;
	e->fd = fd;
	e->direction = direction;
	read_endpoints(sk, &ep);
	copy_endpoints(e, &ep);
	e->response_len = 0;
	e->_pad0 = 0;
	__builtin_memset(e->response, 0, sizeof(e->response));
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	len = clamp(size, HTTP_REQUEST_MAX);
	if (bpf_probe_read_user(e->request, len, buf))
		return;
	e->request_len = len;
	in->pending = 1;
}

/* A response's first bytes: complete the in-flight request of that direction on this fd and
 * emit it. The fd must still be the socket the request came on, in case it was replaced
 * without a close() (dup2). */
static __always_inline void on_response(__u64 pid_tgid, int fd, const void *buf, __u32 size,
					__u8 direction)
{
	struct inflight_key key = { .tgid = pid_tgid >> 32, .fd = fd };
	struct http_exchange *e;
	struct inflight *in;
	__u32 len, request_len;
	long flags;

	in = bpf_map_lookup_elem(&http_inflight, &key);
	if (!in || !in->pending || in->e.direction != direction ||
	    in->sk != (__u64)tcp_sock_of_fd(fd))
		return;
	e = &in->e;
	e->end_ns = bpf_ktime_get_ns();
	len = clamp(size, HTTP_RESPONSE_MAX);
	if (bpf_probe_read_user(e->response, len, buf))
		len = 0;
	e->response_len = len;
	request_len = clamp(e->request_len, HTTP_REQUEST_MAX);
	flags = bpf_ringbuf_query(&http_events, BPF_RB_AVAIL_DATA) >= WAKEUP_BYTES
			? BPF_RB_FORCE_WAKEUP
			: BPF_RB_NO_WAKEUP;
	/* Cut after the request's valid bytes: most heads are far shorter than 1 KB. */
	if (bpf_ringbuf_output(&http_events, e,
			       __builtin_offsetof(struct http_exchange, request) + request_len, flags))
		count_drop();
	in->pending = 0;
}

/* Data that went in (read) or out (written) on fd; only what looks like HTTP goes further. */
static __always_inline void on_data(__u64 pid_tgid, int fd, const void *buf, __u32 size,
				    bool inbound)
{
	__u64 head = 0;
	__u32 n = clamp(size, sizeof(head));

	if (!buf || !size || bpf_probe_read_user(&head, n, buf))
		return;
	switch (classify(head)) {
	case MSG_REQUEST:
		on_request(pid_tgid, fd, buf, size,
			   inbound ? HTTP_DIRECTION_SERVER : HTTP_DIRECTION_CLIENT);
		break;
	case MSG_RESPONSE:
		on_response(pid_tgid, fd, buf, size,
			    inbound ? HTTP_DIRECTION_CLIENT : HTTP_DIRECTION_SERVER);
		break;
	default:
		break;
	}
}

/* Only the first iovec is looked at: an HTTP head is written and read in one piece. */
static __always_inline int first_iovec(const struct iovec *iov, __u64 count, const void **base,
				       __u32 *len)
{
	struct iovec first;

	if (!iov || !count || bpf_probe_read_user(&first, sizeof(first), iov))
		return -1;
	*base = first.iov_base;
	*len = first.iov_len > 0xffffffff ? 0xffffffff : (__u32)first.iov_len;
	return 0;
}

static __always_inline int msghdr_iovec(const struct user_msghdr *msg, const void **base,
					__u32 *len)
{
	struct user_msghdr m;

	if (!msg || bpf_probe_read_user(&m, sizeof(m), msg))
		return -1;
	return first_iovec(m.msg_iov, m.msg_iovlen, base, len);
}

static __always_inline int on_read_enter(int fd, const void *buf, __u64 len)
{
	struct pending_read *r;

	if (!buf || !len || tgid_ignored(bpf_get_current_pid_tgid() >> 32))
		return 0;
	r = bpf_task_storage_get(&http_pending_reads, bpf_get_current_task_btf(), 0,
				 BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!r)
		return 0;
	r->buf = (__u64)buf;
	r->len = len > 0xffffffff ? 0xffffffff : (__u32)len;
	r->fd = fd;
	return 0;
}

static __always_inline int on_read_exit(long ret)
{
	struct pending_read *p, r;

	p = bpf_task_storage_get(&http_pending_reads, bpf_get_current_task_btf(), 0, 0);
	if (!p || !p->buf)
		return 0;
	r = *p;
	p->buf = 0;
	if (ret <= 0)
		return 0;
	on_data(bpf_get_current_pid_tgid(), r.fd, (const void *)r.buf,
		ret < r.len ? (__u32)ret : r.len, true);
	return 0;
}

static __always_inline int on_write(int fd, const void *buf, __u64 len)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();

	if (tgid_ignored(pid_tgid >> 32))
		return 0;
	on_data(pid_tgid, fd, buf, len > 0xffffffff ? 0xffffffff : (__u32)len, false);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_read")
int handle_enter_read(struct trace_event_raw_sys_enter *ctx)
{
	return on_read_enter(ctx->args[0], (const void *)ctx->args[1], ctx->args[2]);
}

SEC("tracepoint/syscalls/sys_enter_recvfrom")
int handle_enter_recvfrom(struct trace_event_raw_sys_enter *ctx)
{
	return on_read_enter(ctx->args[0], (const void *)ctx->args[1], ctx->args[2]);
}

SEC("tracepoint/syscalls/sys_enter_readv")
int handle_enter_readv(struct trace_event_raw_sys_enter *ctx)
{
	const void *base;
	__u32 len;

	if (first_iovec((const struct iovec *)ctx->args[1], ctx->args[2], &base, &len))
		return 0;
	return on_read_enter(ctx->args[0], base, len);
}

SEC("tracepoint/syscalls/sys_enter_recvmsg")
int handle_enter_recvmsg(struct trace_event_raw_sys_enter *ctx)
{
	const void *base;
	__u32 len;

	if (msghdr_iovec((const struct user_msghdr *)ctx->args[1], &base, &len))
		return 0;
	return on_read_enter(ctx->args[0], base, len);
}

SEC("tracepoint/syscalls/sys_exit_read")
int handle_exit_read(struct trace_event_raw_sys_exit *ctx)
{
	return on_read_exit(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_recvfrom")
int handle_exit_recvfrom(struct trace_event_raw_sys_exit *ctx)
{
	return on_read_exit(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_readv")
int handle_exit_readv(struct trace_event_raw_sys_exit *ctx)
{
	return on_read_exit(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_recvmsg")
int handle_exit_recvmsg(struct trace_event_raw_sys_exit *ctx)
{
	return on_read_exit(ctx->ret);
}

SEC("tracepoint/syscalls/sys_enter_write")
int handle_enter_write(struct trace_event_raw_sys_enter *ctx)
{
	return on_write(ctx->args[0], (const void *)ctx->args[1], ctx->args[2]);
}

SEC("tracepoint/syscalls/sys_enter_sendto")
int handle_enter_sendto(struct trace_event_raw_sys_enter *ctx)
{
	return on_write(ctx->args[0], (const void *)ctx->args[1], ctx->args[2]);
}

SEC("tracepoint/syscalls/sys_enter_writev")
int handle_enter_writev(struct trace_event_raw_sys_enter *ctx)
{
	const void *base;
	__u32 len;

	if (first_iovec((const struct iovec *)ctx->args[1], ctx->args[2], &base, &len))
		return 0;
	return on_write(ctx->args[0], base, len);
}

SEC("tracepoint/syscalls/sys_enter_sendmsg")
int handle_enter_sendmsg(struct trace_event_raw_sys_enter *ctx)
{
	const void *base;
	__u32 len;

	if (msghdr_iovec((const struct user_msghdr *)ctx->args[1], &base, &len))
		return 0;
	return on_write(ctx->args[0], base, len);
}

/* The fd's in-flight request, if any, is over; the number may be reused for anything. */
SEC("tracepoint/syscalls/sys_enter_close")
int handle_enter_close(struct trace_event_raw_sys_enter *ctx)
{
	struct inflight_key key = { .tgid = bpf_get_current_pid_tgid() >> 32,
				    .fd = (__s32)ctx->args[0] };

	bpf_map_delete_elem(&http_inflight, &key);
	return 0;
}
