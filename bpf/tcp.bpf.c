// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* TCP connection lifecycle without kprobes: state changes (tp_btf/inet_sock_set_state) give
 * opens and closes with byte counts, accept() tells which process owns a passive socket,
 * tcp_retransmit_skb counts retransmissions. Each becomes a struct tcp_event. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "tcp.h"
#include "sock.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define WAKEUP_BYTES (64 * 1024) /* see http.bpf.c: wakeups are batched */

/* Only the states this program looks at (include/net/tcp_states.h). */
#define TCP_ESTABLISHED 1
#define TCP_SYN_SENT 2
#define TCP_SYN_RECV 3
#define TCP_CLOSE 7
#define TCP_LISTEN 10

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} tcp_events SEC(".maps");

/* What is known about a connection from before its close: who opened it and when.
 * Most state changes run in softirq context, where the current task is unrelated, so the
 * owner is taken in process context (connect(), accept()) and kept here. */
struct conn {
	__u64 opened_ns; /* established (for a connect still in SYN_SENT: when it started) */
	__u32 tgid;      /* 0 until known */
	__u8 direction;  /* TCP_DIRECTION_* */
	__u8 _pad[3];
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64); /* struct sock * */
	__type(value, struct conn);
} tcp_conns SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} tcp_drops SEC(".maps");

static __always_inline void emit(struct tcp_event *e, const struct sock *sk, __u8 type,
				 const struct conn *c)
{
	struct sock_endpoints ep;
	__u32 zero = 0;
	__u64 *drops;
	long flags;

	e->ts_ns = bpf_ktime_get_ns();
	e->type = type;
	read_endpoints(sk, &ep);
	e->family = ep.family;
	e->local_port = ep.local_port;
	e->peer_port = ep.peer_port;
	__builtin_memcpy(e->local_addr, ep.local_addr, 16);
	__builtin_memcpy(e->peer_addr, ep.peer_addr, 16);
	if (c) {
		e->tgid = c->tgid;
		e->direction = c->direction;
		__builtin_memcpy(e->comm, c->comm, sizeof(e->comm));
	} else {
		e->direction = TCP_DIRECTION_UNKNOWN;
	}
	flags = bpf_ringbuf_query(&tcp_events, BPF_RB_AVAIL_DATA) >= WAKEUP_BYTES
			? BPF_RB_FORCE_WAKEUP
			: BPF_RB_NO_WAKEUP;
	if (bpf_ringbuf_output(&tcp_events, e, sizeof(*e), flags)) {
		drops = bpf_map_lookup_elem(&tcp_drops, &zero);
		if (drops)
			*drops += 1;
	}
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(handle_inet_sock_set_state, const struct sock *sk, int oldstate, int newstate)
{
	struct tcp_event e = {};
	__u64 key = (__u64)sk;
	struct tcp_sock *tp;
	struct conn *c;

	if (BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP)
		return 0;

	if (newstate == TCP_SYN_SENT) {
		/* connect(): the one transition of an active open in process context. */
		struct conn nc = { .opened_ns = bpf_ktime_get_ns(),
				   .tgid = bpf_get_current_pid_tgid() >> 32,
				   .direction = TCP_DIRECTION_ACTIVE };

		bpf_get_current_comm(nc.comm, sizeof(nc.comm));
		bpf_map_update_elem(&tcp_conns, &key, &nc, BPF_ANY);
		return 0;
	}

	if (newstate == TCP_ESTABLISHED) {
		if (oldstate == TCP_SYN_SENT) {
			c = bpf_map_lookup_elem(&tcp_conns, &key);
			if (c)
				c->opened_ns = bpf_ktime_get_ns();
			emit(&e, sk, TCP_EVENT_OPEN_ACTIVE, c);
		} else if (oldstate == TCP_SYN_RECV) {
			/* Owner unknown until accept() returns it (OPEN_PASSIVE is emitted there). */
			struct conn nc = { .opened_ns = bpf_ktime_get_ns(),
					   .direction = TCP_DIRECTION_PASSIVE };

			bpf_map_update_elem(&tcp_conns, &key, &nc, BPF_ANY);
		}
		return 0;
	}

	/* A listener closing is not a connection; SYN_SENT → CLOSE is a failed connect. */
	if (newstate != TCP_CLOSE || oldstate == TCP_LISTEN)
		return 0;
	c = bpf_map_lookup_elem(&tcp_conns, &key);
	if (c && c->opened_ns)
		e.duration_ns = bpf_ktime_get_ns() - c->opened_ns;
	/* bpf_skc_to_tcp_sock, not a cast: checked by the verifier and CO-RE relocated. */
	tp = bpf_skc_to_tcp_sock((void *)sk);
	if (tp) {
		e.bytes_sent = BPF_CORE_READ(tp, bytes_acked);
		e.bytes_received = BPF_CORE_READ(tp, bytes_received);
		e.retransmits = BPF_CORE_READ(tp, total_retrans);
	}
	emit(&e, sk, TCP_EVENT_CLOSE, c);
	if (c)
		bpf_map_delete_elem(&tcp_conns, &key);
	return 0;
}

/* accept() returned a connection: this process owns it. */
static __always_inline int on_accept(long fd)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct tcp_event e = {};
	struct conn *c, nc = {};
	struct sock *sk;
	__u64 key;

	if (fd < 0)
		return 0;
	sk = tcp_sock_of_fd(fd);
	if (!sk)
		return 0;
	key = (__u64)sk;
	c = bpf_map_lookup_elem(&tcp_conns, &key);
	if (!c) {
		/* Established before the probe started: its open time is unknown (0). */
		bpf_map_update_elem(&tcp_conns, &key, &nc, BPF_NOEXIST);
		c = bpf_map_lookup_elem(&tcp_conns, &key);
		if (!c)
			return 0;
	}
	c->tgid = pid_tgid >> 32;
	c->direction = TCP_DIRECTION_PASSIVE;
	bpf_get_current_comm(c->comm, sizeof(c->comm));
	emit(&e, sk, TCP_EVENT_OPEN_PASSIVE, c);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_accept4")
int handle_exit_accept4(struct trace_event_raw_sys_exit *ctx)
{
	return on_accept(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_accept")
int handle_exit_accept(struct trace_event_raw_sys_exit *ctx)
{
	return on_accept(ctx->ret);
}

/* Every retransmission attempt (the tracepoint's third argument, err, exists only on newer
 * kernels and is not read, so this loads on older ones too). */
SEC("tp_btf/tcp_retransmit_skb")
int BPF_PROG(handle_tcp_retransmit_skb, const struct sock *sk)
{
	struct tcp_event e = { .retransmits = 1 };
	__u64 key = (__u64)sk;

	emit(&e, sk, TCP_EVENT_RETRANSMIT, bpf_map_lookup_elem(&tcp_conns, &key));
	return 0;
}
