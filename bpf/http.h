/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* One HTTP/1.x request/response pair, as http.bpf.c emits it and the agent decodes it
 * (kind 1). Little-endian x86-64; every field's offset is asserted, so a change here that
 * would break the agent's decoder fails to compile instead. Include <linux/types.h> (user
 * space) or vmlinux.h (BPF) first. */
#ifndef TRACELIGHT_HTTP_H
#define TRACELIGHT_HTTP_H

#define HTTP_REQUEST_MAX 1024 /* a traceparent can sit up to ~1 KB into the request head */
#define HTTP_RESPONSE_MAX 128 /* enough for the status line */

#define HTTP_DIRECTION_SERVER 0 /* this process read the request and wrote the response */
#define HTTP_DIRECTION_CLIENT 1 /* this process wrote the request and read the response */

struct http_exchange {
	__u64 start_ns;     /* request's first bytes seen (read by a server, written by a client) */
	__u64 end_ns;       /* response's first bytes seen (written by the server, read by the client) */
	__u32 tgid;
	__u32 tid;          /* thread that saw the request */
	__s32 fd;
	__u8 direction;     /* HTTP_DIRECTION_* */
	__u8 family;        /* AF_INET (2) or AF_INET6 (10) */
	__u16 local_port;   /* host byte order */
	__u16 peer_port;    /* host byte order */
	__u16 request_len;  /* bytes valid in request[] */
	__u16 response_len; /* bytes valid in response[] */
	__u16 _pad0;
	__u8 local_addr[16]; /* IPv4: first 4 bytes (network order), rest zero */
	__u8 peer_addr[16];
	char comm[16];
	char response[HTTP_RESPONSE_MAX];
	/* Last, so a record can be cut short after request[request_len]. */
	char request[HTTP_REQUEST_MAX];
};

_Static_assert(__builtin_offsetof(struct http_exchange, start_ns) == 0, "start_ns");
_Static_assert(__builtin_offsetof(struct http_exchange, end_ns) == 8, "end_ns");
_Static_assert(__builtin_offsetof(struct http_exchange, tgid) == 16, "tgid");
_Static_assert(__builtin_offsetof(struct http_exchange, tid) == 20, "tid");
_Static_assert(__builtin_offsetof(struct http_exchange, fd) == 24, "fd");
_Static_assert(__builtin_offsetof(struct http_exchange, direction) == 28, "direction");
_Static_assert(__builtin_offsetof(struct http_exchange, family) == 29, "family");
_Static_assert(__builtin_offsetof(struct http_exchange, local_port) == 30, "local_port");
_Static_assert(__builtin_offsetof(struct http_exchange, peer_port) == 32, "peer_port");
_Static_assert(__builtin_offsetof(struct http_exchange, request_len) == 34, "request_len");
_Static_assert(__builtin_offsetof(struct http_exchange, response_len) == 36, "response_len");
_Static_assert(__builtin_offsetof(struct http_exchange, _pad0) == 38, "_pad0");
_Static_assert(__builtin_offsetof(struct http_exchange, local_addr) == 40, "local_addr");
_Static_assert(__builtin_offsetof(struct http_exchange, peer_addr) == 56, "peer_addr");
_Static_assert(__builtin_offsetof(struct http_exchange, comm) == 72, "comm");
_Static_assert(__builtin_offsetof(struct http_exchange, response) == 88, "response");
_Static_assert(__builtin_offsetof(struct http_exchange, request) == 216, "request");
_Static_assert(sizeof(struct http_exchange) == 1240, "sizeof http_exchange");

#endif
