// SPDX-License-Identifier: MIT
/*
 * A hostile guest at run time: three processes share one mapping, as the
 * guest and the host share the kvmfr memory. The real producer (the guest's
 * honest half) posts frames; a scribbler (its hostile half) rewrites the
 * memory while the real consumer reads it: random bytes over the LGMP
 * header, queues and rings, plausible edits of the queue fields, offsets
 * and sizes pushed out of bounds, torn writes of 64-bit fields, and the
 * producer restarting in the middle of a frame. Then the other way round:
 * a hostile client scribbling the fields clients own while the real
 * producer runs, with an honest consumer beside it.
 *
 * Invariants: nobody crashes (the sanitizer build aborts on a stray access
 * in the heap, guard pages around the mapping turn any access outside it
 * into SIGSEGV), no call of the consumer or producer spends more CPU time
 * than the heartbeat timeout, every frame the consumer accepts is
 * byte-identical to a frame the producer wrote (or reported torn, stalled
 * or invalid), and once the scribbling stops both sides recover and good
 * frames arrive again.
 *
 * Nothing here depends on how fast the machine is: each phase ends on
 * progress (scribbles made and frames taken; good frames after the
 * scribbling), never on a clock. The clock only guards against a hang, far
 * beyond what any progress needs, and a phase that hits it fails with the
 * state of the queues it stalled in.
 *
 * Out of scope of the content check: the pixels and the write pointer.
 * They are the guest's to write (a guest can show any picture and claim
 * any progress); the scribbler leaves them alone, everything else is fair.
 */
#include <errno.h>
#include <execinfo.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "lgmp/kvmfr_client.h"
#include "lgmp/kvmfr_host.h"
#include "lgmp/lgmp_atomic.h"

#define SHM_SIZE (4u << 20)
#define FW 256u
#define FH 64u
#define FRAME_BYTES (FW * FH * 4u)
/* The hostile phase: this many scribbles, and the consumer took this many
 * frames (good or refused) meanwhile. About 2 s on an idle machine. */
#define HOSTILE_SCRIBBLES 3000ul
#define HOSTILE_FRAMES 100ul
/*
 * Recovered: this many good frames after the scribbling stopped. It can take
 * a few subscriber timeouts (KVMFR_QUEUE_TIMEOUT_MS each): a pending bit
 * planted in a ring entry for a slot nobody held is blamed on whoever takes
 * that slot next, who is then timed out once.
 */
#define GOOD_AFTER 10ul
/* Only against a hang: a phase that has not ended by then is stuck. */
#define GUARD_MS 30000u
/* Stall limit of a frame copy: far below the heartbeat timeout. */
#define COPY_TIMEOUT_NS (50ull * 1000000ull)

static const struct kvmfr_host_config cfg = {
	.hostver = "hostile-test",
	.cursor_shape_bytes = 64 * 64 * 4,
};

/* Shared between the processes, outside the LGMP mapping. */
struct ctl {
	int stop_scribble, stop_all;
	int consumer_done;
	unsigned long scribbles, restarts;
	unsigned long good, torn, stalled, invalid, resets, good_after;
	unsigned long bad;
	uint64_t max_call_ns, producer_max_call_ns;
	int last_session, last_subscribe, last_process; /* the consumer's last errors */
	char bad_msg[256];
	char stuck[1024]; /* the queues' state when a phase hit its guard */
};

struct layout {
	uint32_t control_end; /* where the first frame buffer starts */
	uint32_t frame_off[KVMFR_QUEUE_FRAME_LEN];
};

/* A child that faults says where, then dies of the signal. */
static void child_fault(int sig)
{
	void *frames[32];
	int n = backtrace(frames, 32);

	backtrace_symbols_fd(frames, n, 2);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* cmocka's handlers belong to the parent: a child must not return into it. */
static pid_t fork_child(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE };
	pid_t pid = fork();
	unsigned int i;

	if (!pid)
		for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
			signal(sigs[i], child_fault);
	return pid;
}

static uint8_t *map_guarded(size_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	uint8_t *base = mmap(NULL, size + 2 * (size_t)page, PROT_READ | PROT_WRITE,
			     MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (base == MAP_FAILED)
		return NULL;
	/* Any access just before or after the mapping faults. */
	if (mprotect(base, (size_t)page, PROT_NONE) ||
	    mprotect(base + page + size, (size_t)page, PROT_NONE))
		return NULL;
	return base + page;
}

static void unmap_guarded(uint8_t *mem, size_t size)
{
	long page = sysconf(_SC_PAGESIZE);

	munmap(mem - page, size + 2 * (size_t)page);
}

static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (uint32_t)(rnd_state >> 16);
}

/*
 * Pixels that say which frame they are: 4 bytes of the producer's frame
 * number, then bytes derived from it and their position. Every byte has
 * its high bit set, so no 32-bit word of pixels is a valid frame type
 * (a message pointed into pixels is refused, not misread).
 */
static uint8_t pixel(uint32_t n, uint32_t i)
{
	return (uint8_t)(0x80 | ((n * 2654435761u + i * 40503u) >> 25));
}

static void fill(uint8_t *px, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < 4; i++)
		px[i] = (uint8_t)(0x80 | ((n >> (7 * i)) & 0x7f));
	for (i = 4; i < FRAME_BYTES; i++)
		px[i] = pixel(n, i);
}

/* -1 if @px is not (a prefix of) a frame the producer wrote */
static long frame_number(const uint8_t *px, uint32_t size)
{
	uint32_t n = 0, i;

	if (size < 4 || size > FRAME_BYTES)
		return -1;
	for (i = 0; i < 4; i++) {
		if (!(px[i] & 0x80))
			return -1;
		n |= (uint32_t)(px[i] & 0x7f) << (7 * i);
	}
	for (i = 4; i < size; i++)
		if (px[i] != pixel(n, i))
			return -1;
	return n;
}

static const struct kvmfr_frame_desc desc = {
	.type = KVMFR_FRAME_BGRA,
	.width = FW,
	.height = FH,
	.pitch = FW * 4,
	.format_ver = 1,
};

/*
 * Calls are timed in this thread's CPU time: a bound on what a call does
 * (spin on a lock, loop over a ring), which a loaded machine's preemption
 * does not move. Waits that sleep are bounded by the guard instead.
 */
static uint64_t cpu_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* --- the real producer --- */

static void producer(uint8_t *mem, struct ctl *ctl)
{
	static uint8_t px[FRAME_BYTES];
	struct kvmfr_host kh;
	uint32_t n = 0, frames = 0;

	if (kvmfr_host_init(&kh, mem, SHM_SIZE, &cfg))
		_exit(3);
	while (!__atomic_load_n(&ctl->stop_all, __ATOMIC_ACQUIRE)) {
		uint8_t *p;
		uint32_t done;
		bool restart;
		uint64_t t0 = cpu_now_ns();
		int ret = kvmfr_host_process(&kh);

		if (cpu_now_ns() - t0 > ctl->producer_max_call_ns)
			ctl->producer_max_call_ns = cpu_now_ns() - t0;
		if (ret == -EBADMSG) {
			/* The header was wrecked: start a new session, as B7 does. */
			kvmfr_host_free(&kh);
			if (kvmfr_host_init(&kh, mem, SHM_SIZE, &cfg))
				_exit(3);
			__atomic_fetch_add(&ctl->restarts, 1, __ATOMIC_RELAXED);
		}
		t0 = cpu_now_ns();
		ret = !lgmp_host_queue_has_subs(kh.frame_q) ||
		      kvmfr_host_frame_begin(&kh, &desc, &p);
		if (cpu_now_ns() - t0 > ctl->producer_max_call_ns)
			ctl->producer_max_call_ns = cpu_now_ns() - t0;
		if (ret) {
			usleep(500);
			continue;
		}
		fill(px, ++n);
		/* Every 40th frame the producer dies half-way and starts again. */
		restart = !__atomic_load_n(&ctl->stop_scribble, __ATOMIC_ACQUIRE) &&
			  ++frames % 40 == 0;
		for (done = 0; done < (restart ? FRAME_BYTES / 2 : FRAME_BYTES); done += 4096) {
			memcpy(p + done, px + done, 4096);
			kvmfr_host_frame_progress(&kh, done + 4096);
		}
		if (restart) {
			kvmfr_host_free(&kh);
			if (kvmfr_host_init(&kh, mem, SHM_SIZE, &cfg))
				_exit(3);
			__atomic_fetch_add(&ctl->restarts, 1, __ATOMIC_RELAXED);
		}
		usleep(300);
	}
	kvmfr_host_free(&kh);
	_exit(0);
}

/* --- the scribbler: the guest's hostile half --- */

static void put32(uint8_t *mem, uint32_t off, uint32_t v)
{
	if (off + 4 <= SHM_SIZE && !(off & 3))
		__atomic_store_n((uint32_t *)(mem + off), v, __ATOMIC_RELAXED);
}

static uint32_t get32(const uint8_t *mem, uint32_t off)
{
	return off + 4 <= SHM_SIZE && !(off & 3) ?
		       __atomic_load_n((const uint32_t *)(mem + off), __ATOMIC_RELAXED) :
		       0;
}

static void scribble_once(uint8_t *mem, const struct layout *l)
{
	struct lgmp_hdr *h = (struct lgmp_hdr *)mem;
	uint32_t q = rnd() % 2, kind = rnd() % 5;
	uint32_t qoff = (uint32_t)offsetof(struct lgmp_hdr, queues) +
			q * (uint32_t)sizeof(struct lgmp_hdr_queue);
	uint32_t ring = get32(mem, qoff + offsetof(struct lgmp_hdr_queue, messages_offset));
	uint32_t nmsg = get32(mem, qoff + offsetof(struct lgmp_hdr_queue, num_messages));
	uint32_t i, off;

	switch (kind) {
	case 0: /* random bytes anywhere in the control area */
		off = rnd() % l->control_end;
		for (i = rnd() % 8 + 1; i && off < l->control_end; i--, off++)
			mem[off] = (uint8_t)rnd();
		break;
	case 1: { /* a plausible value in a queue field */
		static const uint32_t fields[] = {
			offsetof(struct lgmp_hdr_queue, num_messages),
			offsetof(struct lgmp_hdr_queue, position),
			offsetof(struct lgmp_hdr_queue, start),
			offsetof(struct lgmp_hdr_queue, count),
			offsetof(struct lgmp_hdr_queue, messages_offset),
			offsetof(struct lgmp_hdr_queue, max_time),
		};
		uint32_t f = fields[rnd() % 6], v = get32(mem, qoff + f);

		put32(mem, qoff + f,
		      rnd() % 2 ? v + rnd() % 3 - 1 : (uint32_t)(rnd() % ((uint64_t)nmsg + 3)));
		if (rnd() % 8 == 0)
			put32(mem, offsetof(struct lgmp_hdr, num_queues), rnd() % 7);
		break;
	}
	case 2: /* an offset or size of a ring entry pushed out of bounds */
		if (nmsg && nmsg < 64 && ring < l->control_end) {
			off = ring + (rnd() % nmsg) * 16 + (rnd() % 2 ? 4 : 8);
			put32(mem, off, get32(mem, off) | (1u << (22 + rnd() % 10)));
		}
		break;
	case 3: { /* a frame header's geometry pushed out of bounds */
		static const uint32_t fields[] = {
			offsetof(struct kvmfr_frame, data_width),
			offsetof(struct kvmfr_frame, data_height),
			offsetof(struct kvmfr_frame, pitch),
			offsetof(struct kvmfr_frame, offset),
			offsetof(struct kvmfr_frame, damage_rects_count),
			offsetof(struct kvmfr_frame, type),
		};

		off = l->frame_off[rnd() % KVMFR_QUEUE_FRAME_LEN] + fields[rnd() % 6];
		put32(mem, off, get32(mem, off) | (1u << (24 + rnd() % 8)));
		break;
	}
	default: { /* torn: half of a 64-bit field */
		static const uint32_t fields[] = {
			offsetof(struct lgmp_hdr_queue, subs),
			offsetof(struct lgmp_hdr_queue, msg_timeout),
		};

		if (rnd() % 2)
			put32(mem, (uint32_t)offsetof(struct lgmp_hdr, timestamp) + 4 * (rnd() % 2),
			      rnd());
		else
			put32(mem, qoff + fields[rnd() % 2] + 4 * (rnd() % 2), rnd());
		break;
	}
	}
	(void)h;
}

static void scribbler(uint8_t *mem, const struct layout *l, struct ctl *ctl, uint64_t seed)
{
	rnd_state ^= seed;
	while (!__atomic_load_n(&ctl->stop_scribble, __ATOMIC_ACQUIRE)) {
		scribble_once(mem, l);
		__atomic_fetch_add(&ctl->scribbles, 1, __ATOMIC_RELAXED);
		usleep(rnd() % 400);
	}
	_exit(0);
}

/* --- the hostile client: fields a client owns, against the producer --- */

static void hostile_client(uint8_t *mem, struct ctl *ctl, uint64_t seed)
{
	struct lgmp_client c;
	struct lgmp_client_queue *q = NULL;

	rnd_state ^= seed;
	lgmp_client_init(&c, mem, SHM_SIZE);
	while (!__atomic_load_n(&ctl->stop_scribble, __ATOMIC_ACQUIRE)) {
		uint32_t qoff = (uint32_t)offsetof(struct lgmp_hdr, queues) +
				(rnd() % 2) * (uint32_t)sizeof(struct lgmp_hdr_queue);
		uint32_t ring = get32(mem, qoff + offsetof(struct lgmp_hdr_queue, messages_offset));

		switch (rnd() % 6) {
		case 0: /* subscribe, then never consume (the producer must time us out) */
			if (!q && !lgmp_client_session_init(&c, NULL, NULL))
				lgmp_client_subscribe(&c, KVMFR_QUEUE_FRAME, &q);
			break;
		case 1: /* subscriber bits, start, count */
			put32(mem, qoff + offsetof(struct lgmp_hdr_queue, subs) + 4 * (rnd() % 2),
			      rnd());
			put32(mem, qoff + offsetof(struct lgmp_hdr_queue, start),
			      rnd() % 2 ? rnd() : rnd() % 4);
			put32(mem, qoff + offsetof(struct lgmp_hdr_queue, count), rnd() % 40);
			break;
		case 2: /* the queue lock held for a while */
			put32(mem, qoff + offsetof(struct lgmp_hdr_queue, lock), 1);
			usleep(rnd() % 3000);
			put32(mem, qoff + offsetof(struct lgmp_hdr_queue, lock), 0);
			break;
		case 3: /* the mailbox: write position, sizes */
			put32(mem, qoff + offsetof(struct lgmp_hdr_queue, cmsg_wpos), rnd() % 16);
			put32(mem,
			      qoff + offsetof(struct lgmp_hdr_queue, cmsgs) +
				      (rnd() % LGMP_MSGS_MAX) * 68,
			      rnd() % 2 ? rnd() : rnd() % 80);
			put32(mem, qoff + offsetof(struct lgmp_hdr_queue, cmsg_avail), rnd() % 12);
			break;
		case 4: /* pending bits of ring entries */
			if (ring && ring < 65536)
				put32(mem, ring + (rnd() % 3) * 16 + 12, rnd());
			break;
		default: /* timeouts and client ids */
			put32(mem,
			      qoff + offsetof(struct lgmp_hdr_queue, timeout) + 4 * (rnd() % 64),
			      rnd());
			put32(mem, qoff + offsetof(struct lgmp_hdr_queue, new_sub_count), rnd());
			break;
		}
		__atomic_fetch_add(&ctl->scribbles, 1, __ATOMIC_RELAXED);
		usleep(rnd() % 400);
	}
	_exit(0);
}

/* --- the real consumer --- */

static void note_call(struct ctl *ctl, uint64_t t0)
{
	uint64_t d = cpu_now_ns() - t0;

	if (d > ctl->max_call_ns)
		ctl->max_call_ns = d;
}

static void bad(struct ctl *ctl, const char *what, uint32_t size)
{
	if (!ctl->bad++)
		snprintf(ctl->bad_msg, sizeof(ctl->bad_msg), "%s (%u bytes)", what, size);
}

static unsigned long taken(const struct ctl *ctl)
{
	return ctl->good + ctl->torn + ctl->stalled + ctl->invalid;
}

static bool hostile_done(const struct ctl *ctl)
{
	return __atomic_load_n(&ctl->scribbles, __ATOMIC_RELAXED) >= HOSTILE_SCRIBBLES &&
	       taken(ctl) >= HOSTILE_FRAMES;
}

static bool recovered(const struct ctl *ctl)
{
	return ctl->good_after >= GOOD_AFTER;
}

/* Until @done, or (a hang) @deadline_ns. */
static void consumer(uint8_t *mem, struct ctl *ctl, uint8_t *out, bool (*done)(const struct ctl *),
		     uint64_t deadline_ns)
{
	struct lgmp_poll poll;

	lgmp_poll_init_adaptive(&poll, 20000, 50000, 500000);
	while (!done(ctl) && lgmp_now_ns() < deadline_ns) {
		struct lgmp_client c;
		struct lgmp_client_queue *q;
		uint64_t t0 = cpu_now_ns();
		int ret;

		ctl->resets++;
		lgmp_client_init(&c, mem, SHM_SIZE);
		while ((ret = lgmp_client_session_init(&c, NULL, NULL)) == -EAGAIN &&
		       lgmp_now_ns() < deadline_ns)
			lgmp_poll_idle(&poll);
		note_call(ctl, t0);
		ctl->last_session = ret;
		if (!ret)
			ret = ctl->last_subscribe =
				lgmp_client_subscribe(&c, KVMFR_QUEUE_FRAME, &q);
		if (ret) {
			usleep(1000);
			continue;
		}
		note_call(ctl, t0);
		while (!done(ctl) && lgmp_now_ns() < deadline_ns) {
			struct lgmp_message m;
			struct kvmfr_frame_view v;

			t0 = cpu_now_ns();
			ret = lgmp_client_process(q, &m);
			note_call(ctl, t0);
			if (ret == -EAGAIN) {
				if (lgmp_client_session_valid(&c))
					break;
				lgmp_poll_idle(&poll);
				continue;
			}
			ctl->last_process = ret;
			if (ret)
				break;
			if (kvmfr_frame_validate(&m, &v)) {
				ctl->invalid++;
			} else if (v.data_size > FRAME_BYTES && v.data_size <= SHM_SIZE) {
				/* Larger than any frame written: it can only stall. */
				t0 = cpu_now_ns();
				ret = kvmfr_frame_wait(&v, v.data_size, &poll, COPY_TIMEOUT_NS);
				note_call(ctl, t0);
				if (!ret)
					bad(ctl, "accepted a frame larger than written",
					    v.data_size);
				ctl->stalled++;
			} else {
				t0 = cpu_now_ns();
				ret = kvmfr_frame_copy(&v, out, &poll, COPY_TIMEOUT_NS);
				note_call(ctl, t0);
				/*
				 * Serials count from 0 in every session (as B7's): a
				 * producer that restarted during the copy can reach the
				 * same serial in the same buffer, so a copy is only good
				 * while the session it came from is still there.
				 */
				if (!ret && lgmp_client_session_valid(&c))
					ret = -ESTALE;
				if (ret == -ESTALE) {
					ctl->torn++;
				} else if (ret) {
					ctl->stalled++;
				} else if (frame_number(out, v.data_size) < 0) {
					bad(ctl, "accepted a frame the producer did not write",
					    v.data_size);
				} else {
					ctl->good++;
					if (__atomic_load_n(&ctl->stop_scribble, __ATOMIC_ACQUIRE))
						ctl->good_after++;
				}
			}
			if (lgmp_client_message_done(q))
				break;
		}
		lgmp_client_unsubscribe(q);
	}
}

static void layout_of(struct layout *l)
{
	uint8_t *scratch = calloc(1, SHM_SIZE);
	struct kvmfr_host kh;
	unsigned int i;

	assert_non_null(scratch);
	assert_int_equal(kvmfr_host_init(&kh, scratch, SHM_SIZE, &cfg), 0);
	for (i = 0; i < KVMFR_QUEUE_FRAME_LEN; i++)
		l->frame_off[i] = kh.frame_mem[i].offset;
	l->control_end = l->frame_off[0] < l->frame_off[1] ? l->frame_off[0] : l->frame_off[1];
	kvmfr_host_free(&kh);
	free(scratch);
}

static void reap(pid_t pid, const char *who)
{
	uint64_t end = lgmp_now_ns() + GUARD_MS * 1000000ull;
	int status;

	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (lgmp_now_ns() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			fail_msg("%s hung", who);
		}
		usleep(10000);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		fail_msg("%s died: %s %d", who, WIFSIGNALED(status) ? "signal" : "exit",
			 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
}

/* What a phase that hit its guard stalled in: the frame queue as it is. */
static void note_stuck(struct ctl *ctl, const uint8_t *mem, const char *phase)
{
	const struct lgmp_hdr *h = (const struct lgmp_hdr *)mem;
	const struct lgmp_hdr_queue *hq = &h->queues[0]; /* laid out first */
	uint64_t subs = lgmp_load(&hq->subs);

	snprintf(ctl->stuck, sizeof(ctl->stuck),
		 "%s made no progress in %u ms: %lu scribbles, %lu frames taken, %lu good "
		 "after; consumer's last errors: session %d, subscribe %d, process %d; "
		 "header magic %#x heartbeat %llu; frame queue id %u position %u start %u "
		 "count %u lock %u subscribed %#x timed out %#x deadline %llu",
		 phase, GUARD_MS, ctl->scribbles, taken(ctl), ctl->good_after, ctl->last_session,
		 ctl->last_subscribe, ctl->last_process, lgmp_load(&h->magic),
		 (unsigned long long)lgmp_load(&h->timestamp), lgmp_load(&hq->queue_id),
		 lgmp_load(&hq->position), lgmp_load(&hq->start), lgmp_load(&hq->count),
		 lgmp_load(&hq->lock), LGMP_SUBS_ON(subs), LGMP_SUBS_BAD(subs),
		 (unsigned long long)lgmp_load(&hq->msg_timeout));
}

static void report(const char *name, const struct ctl *ctl)
{
	printf("# %s: %lu scribbles, %lu producer restarts; frames %lu good (%lu after), %lu torn, "
	       "%lu stalled, %lu invalid; %lu consumer restarts; most CPU in one call %llu ms "
	       "(producer %llu ms)\n",
	       name, ctl->scribbles, ctl->restarts, ctl->good, ctl->good_after, ctl->torn,
	       ctl->stalled, ctl->invalid, ctl->resets,
	       (unsigned long long)(ctl->max_call_ns / 1000000),
	       (unsigned long long)(ctl->producer_max_call_ns / 1000000));
	if (ctl->bad)
		fail_msg("%s: %lu frames wrong, first: %s", name, ctl->bad, ctl->bad_msg);
	if (ctl->stuck[0])
		fail_msg("%s: %s", name, ctl->stuck);
	if (ctl->max_call_ns >= LGMP_HEARTBEAT_TIMEOUT_MS * 1000000ull ||
	    ctl->producer_max_call_ns >= LGMP_HEARTBEAT_TIMEOUT_MS * 1000000ull)
		fail_msg("%s: a call spent more CPU time than the heartbeat timeout", name);
}

/*
 * Both tests: the adversary works until the consumer has taken enough
 * frames beside it, then stops; the consumer then takes good frames again.
 */
static void run_phases(const char *name, uint8_t *mem, struct ctl *ctl, pid_t prod, pid_t adversary,
		       const char *who)
{
	static uint8_t out[FRAME_BYTES];

	consumer(mem, ctl, out, hostile_done, lgmp_now_ns() + GUARD_MS * 1000000ull);
	if (!hostile_done(ctl))
		note_stuck(ctl, mem, "the hostile phase");
	__atomic_store_n(&ctl->stop_scribble, 1, __ATOMIC_RELEASE);
	reap(adversary, who);
	if (!ctl->stuck[0]) {
		consumer(mem, ctl, out, recovered, lgmp_now_ns() + GUARD_MS * 1000000ull);
		if (!recovered(ctl))
			note_stuck(ctl, mem, "recovery");
	}
	__atomic_store_n(&ctl->stop_all, 1, __ATOMIC_RELEASE);
	reap(prod, "the producer");
	report(name, ctl);
}

/* The guest scribbles while the host's consumer reads. */
static void test_hostile_guest(void **state)
{
	uint8_t *mem = map_guarded(SHM_SIZE);
	struct ctl *ctl =
		mmap(NULL, sizeof(*ctl), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct layout l;
	pid_t prod, scrib;

	(void)state;
	assert_non_null(mem);
	assert_true(ctl != MAP_FAILED);
	memset(ctl, 0, sizeof(*ctl));
	layout_of(&l);
	prod = fork_child();
	assert_true(prod >= 0);
	if (!prod)
		producer(mem, ctl);
	scrib = fork_child();
	assert_true(scrib >= 0);
	if (!scrib)
		scribbler(mem, &l, ctl, (uint64_t)getpid());
	run_phases("hostile guest", mem, ctl, prod, scrib, "the scribbler");
	munmap(ctl, sizeof(*ctl));
	unmap_guarded(mem, SHM_SIZE);
}

/* A client scribbles what clients own while the guest's producer runs. */
static void test_hostile_client(void **state)
{
	uint8_t *mem = map_guarded(SHM_SIZE);
	struct ctl *ctl =
		mmap(NULL, sizeof(*ctl), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t prod, hostile;

	(void)state;
	assert_non_null(mem);
	assert_true(ctl != MAP_FAILED);
	memset(ctl, 0, sizeof(*ctl));
	/* The producer is the process under test here; it runs in a child
	 * only so that a crash of it is reported, not fatal to the suite. */
	prod = fork_child();
	assert_true(prod >= 0);
	if (!prod)
		producer(mem, ctl);
	hostile = fork_child();
	assert_true(hostile >= 0);
	if (!hostile)
		hostile_client(mem, ctl, (uint64_t)getpid() * 31);
	run_phases("hostile client", mem, ctl, prod, hostile, "the hostile client");
	munmap(ctl, sizeof(*ctl));
	unmap_guarded(mem, SHM_SIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_guest),
		cmocka_unit_test(test_hostile_client),
	};

	/* A hang anywhere ends the run instead of the CI job (beyond every
	 * guard: two tests of two phases and two reaps each). */
	alarm(8 * GUARD_MS / 1000 + 30);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
