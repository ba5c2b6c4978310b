// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Run-queue latency per process: the time from a thread becoming runnable (woken, or
 * preempted while still runnable) to it running, as a log2 histogram per tgid that the
 * loader reads on a timer. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "runqlat.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define TASK_RUNNING 0

/* When each runnable thread was enqueued (0: not waiting), in the thread's own storage: these
 * hooks run on every wakeup and context switch on the machine, and task storage costs less
 * there than a hash keyed by tid (no hashing, nothing to insert or delete per switch). */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} runq_enqueued SEC(".maps");

/* LRU so that a full map (processes whose exit was missed) forgets old entries rather than
 * stopping to count new ones. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32); /* tgid */
	__type(value, struct runq_hist);
} runq_hists SEC(".maps");

/* task_struct::state was renamed __state in 5.14. */
struct task_struct___pre_5_14 {
	long state;
} __attribute__((preserve_access_index));

static __always_inline long task_state(const struct task_struct *t)
{
	if (bpf_core_field_exists(t->__state))
		return BPF_CORE_READ(t, __state);
	return BPF_CORE_READ((const struct task_struct___pre_5_14 *)t, state);
}

static __always_inline void enqueue(struct task_struct *t)
{
	__u64 *ts;

	if (!t->pid) /* the idle task */
		return;
	ts = bpf_task_storage_get(&runq_enqueued, t, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (ts)
		*ts = bpf_ktime_get_ns();
}

static __always_inline __u32 log2_slot(__u64 us)
{
	__u32 slot = 0;

	/* slot 0 is [0, 2) µs, slot i is [2^i, 2^(i+1)) µs. */
#pragma unroll
	for (int shift = 32; shift > 0; shift >>= 1) {
		if (us >> shift) {
			us >>= shift;
			slot += shift;
		}
	}
	return slot < RUNQ_SLOTS ? slot : RUNQ_SLOTS - 1;
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(handle_sched_wakeup, struct task_struct *p)
{
	enqueue(p);
	return 0;
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(handle_sched_wakeup_new, struct task_struct *p)
{
	enqueue(p);
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(handle_sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	__u32 tgid;
	__u64 *enqueued, delta;
	struct runq_hist *hist;

	/* Preempted but still runnable: it waits in the run queue from now. */
	if (task_state(prev) == TASK_RUNNING)
		enqueue(prev);

	if (!next->pid)
		return 0;
	enqueued = bpf_task_storage_get(&runq_enqueued, next, 0, 0);
	if (!enqueued || !*enqueued)
		return 0;
	delta = bpf_ktime_get_ns() - *enqueued;
	*enqueued = 0;
	if ((__s64)delta < 0)
		return 0;

	tgid = BPF_CORE_READ(next, tgid);
	hist = bpf_map_lookup_elem(&runq_hists, &tgid);
	if (!hist) {
		struct runq_hist fresh = { .tgid = tgid };

		BPF_CORE_READ_STR_INTO(&fresh.comm, next, group_leader, comm);
		bpf_map_update_elem(&runq_hists, &tgid, &fresh, BPF_NOEXIST);
		hist = bpf_map_lookup_elem(&runq_hists, &tgid);
		if (!hist)
			return 0;
	}
	__sync_fetch_and_add(&hist->slots[log2_slot(delta / 1000)], 1);
	__sync_fetch_and_add(&hist->total_ns, delta);
	return 0;
}

/* exec() renames the process: keep the histogram's comm current (the thread calling exec
 * becomes the group leader). */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(handle_sched_process_exec, struct task_struct *p)
{
	__u32 tgid = BPF_CORE_READ(p, tgid);
	struct runq_hist *hist = bpf_map_lookup_elem(&runq_hists, &tgid);

	/* exec runs in the task itself; get_current_comm NUL-pads, unlike a _str read. */
	if (hist)
		bpf_get_current_comm(hist->comm, sizeof(hist->comm));
	return 0;
}

/* The tracepoint's group_dead argument is not on older kernels; signal->live has already
 * dropped to 0 when the last thread of the process exits, which is the same test. */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(handle_sched_process_exit, struct task_struct *p)
{
	__u32 tgid = BPF_CORE_READ(p, tgid);

	/* The thread's storage goes with it. */
	if (BPF_CORE_READ(p, signal, live.counter) == 0)
		bpf_map_delete_elem(&runq_hists, &tgid);
	return 0;
}
