/* SPDX-License-Identifier: MIT */
/*
 * The kernel log, from /dev/kmsg (records "prio,seq,usec,flags;text") or
 * from a file the user saved (`dmesg`, `dmesg -r`, `journalctl -k` or a
 * copy of /dev/kmsg). Every line becomes its message text, so the checks
 * search the same strings whatever the source.
 */
#ifndef HOST_KLOG_H
#define HOST_KLOG_H

#include <stdbool.h>
#include <stddef.h>

struct host_klog_line {
	int level; /* syslog level 0..7, or -1 when the source had none */
	char *text; /* the message, without prefixes */
};

struct host_klog {
	struct host_klog_line *l;
	size_t n;
	/* The log holds the boot's first messages: otherwise it was cut (a
	 * ring buffer that wrapped, an excerpt) and what is missing from it
	 * may only have been lost. */
	bool from_boot;
	char source[1024];
};

/**
 * host_klog_parse - split a kernel log text into messages
 * @text: the log (untrusted; need not be NUL-terminated)
 * @len: its length
 * @log: result; release with host_klog_free()
 *
 * Per line: a kmsg record header "6,1234,5678,-;" is removed (its
 * continuation lines " KEY=value" are dropped), as is a dmesg time stamp
 * "[    1.234567] " or `dmesg -T`'s "[Tue Aug 26 16:02:58 2025] ", a
 * `dmesg -r` level "<6>", a `dmesg -x` "kern  :err   : " and a journal prefix
 * "Mon DD HH:MM:SS host kernel: ". Empty lines are dropped. @log->from_boot
 * is set when the first record is kmsg's sequence 0 or stamped 0.000000,
 * or a line is the kernel's "Linux version" banner.
 *
 * Return: 0 or -ENOMEM.
 */
int host_klog_parse(const char *text, size_t len, struct host_klog *log);

/**
 * host_klog_load - read the kernel log
 * @root: prefix; /dev/kmsg is read under it
 * @file: a saved log to read instead (not under @root), or NULL
 * @log: result; release with host_klog_free()
 *
 * Return: 0, or a negative errno (-EPERM/-EACCES: reading /dev/kmsg needs
 * CAP_SYSLOG when kernel.dmesg_restrict is 1).
 */
int host_klog_load(const char *root, const char *file, struct host_klog *log);

/**
 * host_klog_find - the first message at or after @from containing @needle
 * @log: the log
 * @from: index to start at
 * @needle: substring
 *
 * Return: the index, or -1.
 */
long host_klog_find(const struct host_klog *log, size_t from, const char *needle);

/**
 * host_klog_find2 - the first message containing both substrings
 * @log: the log
 * @a: substring
 * @b: another substring
 *
 * Return: the index, or -1.
 */
long host_klog_find2(const struct host_klog *log, const char *a, const char *b);

/**
 * host_klog_free - release a log
 * @log: it; may be zeroed or already freed
 */
void host_klog_free(struct host_klog *log);

#endif
