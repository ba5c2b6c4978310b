/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* One TCP connection event, as tcp.bpf.c emits it and the agent decodes it (kind 2).
 * Little-endian x86-64; every offset is asserted. Include <linux/types.h> (user space) or
 * vmlinux.h (BPF) first. */
#ifndef TRACELIGHT_TCP_H
#define TRACELIGHT_TCP_H

#define TCP_EVENT_OPEN_ACTIVE 1  /* connect() established */
#define TCP_EVENT_OPEN_PASSIVE 2 /* accept() returned it */
#define TCP_EVENT_CLOSE 3
#define TCP_EVENT_RETRANSMIT 4

#define TCP_DIRECTION_PASSIVE 0 /* server side */
#define TCP_DIRECTION_ACTIVE 1  /* client side */
#define TCP_DIRECTION_UNKNOWN 2 /* opened before the probe started */

struct tcp_event {
	__u64 ts_ns;
	__u64 duration_ns;    /* CLOSE: since the connection was established (0 if not seen) */
	__u64 bytes_sent;     /* CLOSE: tcp_sock bytes_acked */
	__u64 bytes_received; /* CLOSE: tcp_sock bytes_received */
	__u32 tgid;           /* 0 when unknown */
	__u32 retransmits;    /* CLOSE: tcp_sock total_retrans; RETRANSMIT: 1 */
	__u8 type;            /* TCP_EVENT_* */
	__u8 family;          /* AF_INET (2) or AF_INET6 (10) */
	__u16 local_port;     /* host byte order */
	__u16 peer_port;      /* host byte order */
	__u8 direction;       /* TCP_DIRECTION_* */
	__u8 _pad0;
	__u8 local_addr[16];  /* IPv4: first 4 bytes (network order), rest zero */
	__u8 peer_addr[16];
	char comm[16];        /* the owning process's comm, as seen at connect/accept */
};

_Static_assert(__builtin_offsetof(struct tcp_event, ts_ns) == 0, "ts_ns");
_Static_assert(__builtin_offsetof(struct tcp_event, duration_ns) == 8, "duration_ns");
_Static_assert(__builtin_offsetof(struct tcp_event, bytes_sent) == 16, "bytes_sent");
_Static_assert(__builtin_offsetof(struct tcp_event, bytes_received) == 24, "bytes_received");
_Static_assert(__builtin_offsetof(struct tcp_event, tgid) == 32, "tgid");
_Static_assert(__builtin_offsetof(struct tcp_event, retransmits) == 36, "retransmits");
_Static_assert(__builtin_offsetof(struct tcp_event, type) == 40, "type");
_Static_assert(__builtin_offsetof(struct tcp_event, family) == 41, "family");
_Static_assert(__builtin_offsetof(struct tcp_event, local_port) == 42, "local_port");
_Static_assert(__builtin_offsetof(struct tcp_event, peer_port) == 44, "peer_port");
_Static_assert(__builtin_offsetof(struct tcp_event, direction) == 46, "direction");
_Static_assert(__builtin_offsetof(struct tcp_event, _pad0) == 47, "_pad0");
_Static_assert(__builtin_offsetof(struct tcp_event, local_addr) == 48, "local_addr");
_Static_assert(__builtin_offsetof(struct tcp_event, peer_addr) == 64, "peer_addr");
_Static_assert(__builtin_offsetof(struct tcp_event, comm) == 80, "comm");
_Static_assert(sizeof(struct tcp_event) == 96, "sizeof tcp_event");

#endif
