/* SPDX-License-Identifier: MIT */
/*
 * Process and file helpers of the vm-def boot test: a command's output,
 * a private libvirt daemon, waiting with a deadline, removing a tree.
 */
#ifndef VMDEF_PROC_H
#define VMDEF_PROC_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Set by SIGINT, SIGTERM and SIGHUP: every wait gives up, cleanup runs. */
extern volatile sig_atomic_t vmdef_stop;

/**
 * vmdef_signals - install the handlers that set vmdef_stop; ignore SIGPIPE
 */
void vmdef_signals(void);

/**
 * vmdef_now_ms - monotonic time
 *
 * Return: milliseconds since an arbitrary point.
 */
long long vmdef_now_ms(void);

/**
 * vmdef_sleep_ms - sleep unless a stop was asked for
 * @ms: duration
 *
 * Return: false once vmdef_stop is set.
 */
bool vmdef_sleep_ms(int ms);

/**
 * vmdef_run - run a program and collect its standard output
 * @argv: NULL-terminated; argv[0] is looked up in PATH
 * @out: malloc'ed output, NUL-terminated (may be NULL on failure)
 *
 * Its standard error goes to ours, so that failures explain themselves.
 *
 * Return: its exit status (0..255), or -1 if it could not run or died of a signal.
 */
int vmdef_run(char *const argv[], char **out);

/* Who a spawned program runs as. */
struct vmdef_cred {
	uid_t uid;
	gid_t gid;
};

/**
 * vmdef_spawn - start a program in its own session, output to a log file
 * @argv: NULL-terminated; argv[0] is looked up in PATH
 * @envp: its whole environment, or NULL for ours
 * @cred: user and group to switch to (no supplementary groups), or NULL
 * @log: file for its standard output and error (created, truncated)
 *
 * The program is killed when the test process dies.
 *
 * Return: its pid, or -errno.
 */
pid_t vmdef_spawn(char *const argv[], char *const envp[], const struct vmdef_cred *cred,
		  const char *log);

/**
 * vmdef_reap - wait for a child with a deadline, then end it
 * @pid: child
 * @timeout_ms: how long it may take to exit on its own
 * @status: its wait status (may be NULL)
 *
 * After the deadline: SIGTERM, 5 s, SIGKILL. A stop request ends the wait early.
 *
 * Return: true if it exited on its own within @timeout_ms.
 */
bool vmdef_reap(pid_t pid, int timeout_ms, int *status);

/**
 * vmdef_read_file - the whole content of a file (lib/common's reader)
 * @path: file, at most 64 MiB
 * @len: its length (may be NULL)
 *
 * Return: malloc'ed, NUL-terminated, or NULL.
 */
char *vmdef_read_file(const char *path, size_t *len);

/**
 * vmdef_write_file - create or replace a file
 * @path: file
 * @text: NUL-terminated content
 * @mode: permissions
 *
 * Return: 0 or -errno.
 */
int vmdef_write_file(const char *path, const char *text, mode_t mode);

/**
 * vmdef_rm_rf - remove a directory tree (symlinks are not followed)
 * @path: tree
 *
 * Return: 0 or -errno of the first failure.
 */
int vmdef_rm_rf(const char *path);

#endif
