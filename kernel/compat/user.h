/* SPDX-License-Identifier: MIT */
/*
 * User-space stand-ins for the kernel facilities the PF core uses. Only what
 * is needed, with the kernel's semantics: GENMASK/FIELD_PREP/FIELD_GET, fixed
 * width types, errno values, READ_ONCE/WRITE_ONCE (relaxed atomics, so a
 * race detector sees them as the marked accesses they are in the kernel)
 * and barriers, EXPORT_SYMBOL as nothing, spinlocks and mutexes on pthread
 * mutexes (interrupts do not exist here, so the _irqsave forms only take the
 * lock), lockdep assertions that check nothing, and printk levels routed to
 * a sink that tests can replace to assert on log lines.
 */
#ifndef PF_COMPAT_USER_H
#define PF_COMPAT_USER_H

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

#ifndef ENOTSUPP
#define ENOTSUPP 524 /* kernel-internal, not in libc */
#endif

#define BIT(n) (1UL << (n))
#define U16_MAX UINT16_MAX
#define U32_MAX UINT32_MAX
#define U64_MAX UINT64_MAX
#define GENMASK(h, l) (((~0U) << (l)) & (~0U >> (31 - (h))))
#define GENMASK_ULL(h, l) (((~0ULL) << (l)) & (~0ULL >> (63 - (h))))
#define __bf_shf(x) (__builtin_ffsll(x) - 1)
#define FIELD_PREP(mask, val) (((typeof(mask))(val) << __bf_shf(mask)) & (mask))
#define FIELD_GET(mask, reg) ((typeof(mask))(((reg) & (mask)) >> __bf_shf(mask)))
#define FIELD_MAX(mask) ((typeof(mask))((mask) >> __bf_shf(mask)))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)
/* clang-format reads "(d) - 1" as a cast: */
/* clang-format off */
#define lower_32_bits(n) ((u32)((n) & 0xffffffff))
#define upper_32_bits(n) ((u32)(((u64)(n)) >> 32))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define min3(a, b, c) min(min(a, b), c)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define ALIGN(x, a) (((x) + (a) - 1) & ~((typeof(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((typeof(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((typeof(x))(a) - 1)) == 0)
/* clang-format on */
#define fallthrough __attribute__((__fallthrough__))
#define __maybe_unused __attribute__((__unused__))
#define unlikely(x) __builtin_expect(!!(x), 0)
#define likely(x) __builtin_expect(!!(x), 1)

#define READ_ONCE(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define smp_load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define smp_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define wmb() __atomic_thread_fence(__ATOMIC_RELEASE)

/* A zeroed pthread mutex is an unlocked one (glibc): so are these. */
typedef struct {
	pthread_mutex_t m;
} spinlock_t;
#define spin_lock_init(l) pthread_mutex_init(&(l)->m, NULL)
#define spin_lock(l) pthread_mutex_lock(&(l)->m)
#define spin_unlock(l) pthread_mutex_unlock(&(l)->m)
#define spin_lock_irqsave(l, flags)          \
	do {                                 \
		(flags) = 0;                 \
		pthread_mutex_lock(&(l)->m); \
	} while (0)
#define spin_unlock_irqrestore(l, flags)       \
	do {                                   \
		(void)(flags);                 \
		pthread_mutex_unlock(&(l)->m); \
	} while (0)

struct mutex {
	pthread_mutex_t m;
};
#define mutex_init(l) pthread_mutex_init(&(l)->m, NULL)
#define mutex_destroy(l) pthread_mutex_destroy(&(l)->m)
#define mutex_lock(l) pthread_mutex_lock(&(l)->m)
#define mutex_unlock(l) pthread_mutex_unlock(&(l)->m)

/*
 * Exports mean nothing in one program; the check that the name is declared
 * stays, and the statement's semicolon closes a declaration.
 */
#define EXPORT_SYMBOL(sym) _Static_assert(sizeof(&(sym)) != 0, #sym)
#define EXPORT_SYMBOL_GPL(sym) EXPORT_SYMBOL(sym)

/* lockdep: documents the locking rule; nothing checks it in user space */
#define lockdep_assert_held(l) ((void)(l))
/* the kernel's documented-precondition warning (compat.h); compiled, not run */
#define pf_assert(cond) ((void)sizeof(!(cond)))

/* Allocation: what the self-test scenarios and the relay queues use. */
#define GFP_KERNEL 0
static inline void *kvzalloc(size_t size, int flags)
{
	(void)flags;
	return calloc(1, size);
}
#define kvfree free
/* The G2H handlers allocate in the receive path: GFP_ATOMIC in the kernel. */
#define GFP_ATOMIC 0
/*
 * compat_kmalloc_failures - how many of the next kmalloc() calls fail, as a
 * GFP_ATOMIC one may in the kernel: for the tests of what a failed
 * allocation in the receive path does. 0 (the default): none.
 */
extern unsigned int compat_kmalloc_failures;
static inline void *kmalloc(size_t size, int flags)
{
	(void)flags;
	if (compat_kmalloc_failures) {
		compat_kmalloc_failures--;
		return NULL;
	}
	return malloc(size);
}
#define kfree free

/* Log levels, numbered as the kernel's KERN_* are. */
#define COMPAT_LOGLEVEL_ERR 3
#define COMPAT_LOGLEVEL_WARNING 4
#define COMPAT_LOGLEVEL_NOTICE 5
#define COMPAT_LOGLEVEL_INFO 6
#define COMPAT_LOGLEVEL_DEBUG 7

/*
 * compat_log_sink - where printk-style messages go in user space
 *
 * Defaults to stderr for warnings and errors (debug is dropped). Tests point it
 * at a recorder to assert that a fault was reported.
 */
extern void (*compat_log_sink)(int level, const char *msg);

void compat_printk(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A compat_log_sink that drops everything: for benchmarks and fuzzers. */
void compat_log_discard(int level, const char *msg);

#define pr_err(fmt, ...) compat_printk(COMPAT_LOGLEVEL_ERR, fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...) compat_printk(COMPAT_LOGLEVEL_WARNING, fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...) compat_printk(COMPAT_LOGLEVEL_NOTICE, fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) compat_printk(COMPAT_LOGLEVEL_INFO, fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) compat_printk(COMPAT_LOGLEVEL_DEBUG, fmt, ##__VA_ARGS__)
/*
 * The kernel's string helpers the sysfs model (iov/pf_sysfs.c) parses and
 * prints with, with lib/kstrtox.c's rules (see compat/user.c).
 */
int kstrtou64(const char *s, unsigned int base, u64 *res);
int kstrtou32(const char *s, unsigned int base, u32 *res);
int kstrtou16(const char *s, unsigned int base, u16 *res);
int kstrtobool(const char *s, bool *res);
bool sysfs_streq(const char *s1, const char *s2);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define pr_err_ratelimited pr_err
#define pr_warn_ratelimited pr_warn
#define pr_info_ratelimited pr_info

#endif
