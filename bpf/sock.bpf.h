/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Shared by the BPF programs: fd → TCP socket through the current task's file table, and a
 * socket's family, addresses and ports. Include after vmlinux.h and the libbpf headers. */
#ifndef TRACELIGHT_SOCK_BPF_H
#define TRACELIGHT_SOCK_BPF_H

#define AF_INET 2
#define AF_INET6 10
#define SOCK_STREAM 1
#define S_IFMT 00170000
#define S_IFSOCK 0140000

struct sock_endpoints {
	__u8 family;
	__u16 local_port; /* host byte order */
	__u16 peer_port;  /* host byte order */
	__u8 local_addr[16];
	__u8 peer_addr[16];
};

/* Turns a pointer read from memory into a typed BTF pointer whose fields are then plain
 * loads (the verifier makes them fault-safe): much cheaper than one bpf_probe_read_kernel
 * per field on paths that run for every read() and write(). Kernel 6.2 or newer. */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;

/* Looked up on every call rather than cached, so an fd that is closed and reused for
 * something else is never mistaken for the old socket. NULL unless fd is a TCP socket
 * (AF_INET or AF_INET6, SOCK_STREAM). */
static __always_inline struct sock *tcp_sock_of_fd(int fd)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct fdtable *fdt = task->files->fdt;
	struct file **fds;
	struct file *file;
	struct socket *sock;
	struct sock *sk;
	__u16 family;

	if (!fdt || fd < 0 || (unsigned int)fd >= fdt->max_fds)
		return NULL;
	fds = fdt->fd;
	if (bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]) || !file)
		return NULL;
	file = bpf_rdonly_cast(file, bpf_core_type_id_kernel(struct file));
	if ((file->f_inode->i_mode & S_IFMT) != S_IFSOCK)
		return NULL;
	/* A socket's file keeps its struct socket in private_data (sock_alloc_file). */
	sock = bpf_rdonly_cast(file->private_data, bpf_core_type_id_kernel(struct socket));
	if (!sock || sock->type != SOCK_STREAM)
		return NULL;
	sk = sock->sk;
	if (!sk)
		return NULL;
	family = sk->__sk_common.skc_family;
	if (family != AF_INET && family != AF_INET6)
		return NULL;
	if (sk->sk_protocol != IPPROTO_TCP)
		return NULL;
	return sk;
}

/* Addresses in network order (IPv4 in the first 4 bytes, the rest zero), ports in host
 * order. sk is a BTF pointer (a tp_btf argument, or from tcp_sock_of_fd), so these are
 * plain loads. */
static __always_inline void read_endpoints(const struct sock *sk, struct sock_endpoints *ep)
{
	const struct inet_sock *inet =
		bpf_rdonly_cast(sk, bpf_core_type_id_kernel(struct inet_sock));

	__builtin_memset(ep, 0, sizeof(*ep));
	ep->family = sk->__sk_common.skc_family;
	/* inet_sport, not skc_num: closing unhashes the socket and zeroes skc_num before the
	 * CLOSE state change is traced. */
	ep->local_port = bpf_ntohs(inet->inet_sport);
	ep->peer_port = bpf_ntohs(sk->__sk_common.skc_dport);
	if (ep->family == AF_INET) {
		__builtin_memcpy(ep->local_addr, &sk->__sk_common.skc_rcv_saddr, 4);
		__builtin_memcpy(ep->peer_addr, &sk->__sk_common.skc_daddr, 4);
	} else {
		__builtin_memcpy(ep->local_addr, &sk->__sk_common.skc_v6_rcv_saddr, 16);
		__builtin_memcpy(ep->peer_addr, &sk->__sk_common.skc_v6_daddr, 16);
	}
}

#endif
