// SPDX-License-Identifier: MIT
/* Process and file helpers of the vm-def boot test (see vmdef_proc.h). */
#include "tests/vmdef/vmdef_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/common_file.h"

volatile sig_atomic_t vmdef_stop;

static void on_signal(int sig)
{
	(void)sig;
	vmdef_stop = 1;
}

void vmdef_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* a daemon that dies must give errors, not end the test before its cleanup */
	signal(SIGPIPE, SIG_IGN);
}

long long vmdef_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool vmdef_sleep_ms(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };

	if (vmdef_stop)
		return false;
	nanosleep(&ts, NULL);
	return !vmdef_stop;
}

int vmdef_run(char *const argv[], char **out)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int fds[2], status;
	pid_t pid;

	*out = NULL;
	if (pipe2(fds, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (!pid) {
		dup2(fds[1], STDOUT_FILENO);
		execvp(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		ssize_t n;

		if (cap - len < 4096) {
			char *p = realloc(buf, cap + 65536);

			if (!p)
				break;
			buf = p;
			cap += 65536;
		}
		n = read(fds[0], buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fds[0]);
	if (buf)
		buf[len] = '\0';
	*out = buf;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

pid_t vmdef_spawn(char *const argv[], char *const envp[], const struct vmdef_cred *cred,
		  const char *log)
{
	int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	pid_t pid;

	if (fd < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(fd);
		return -errno;
	}
	if (!pid) {
		setsid();
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (cred && (setgroups(0, NULL) || setgid(cred->gid) || setuid(cred->uid))) {
			dprintf(fd, "cannot become uid %u: %s\n", (unsigned int)cred->uid,
				strerror(errno));
			_exit(127);
		}
		/* a test that dies does not leave it behind (after setuid, which clears it) */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (envp)
			execvpe(argv[0], argv, envp);
		else
			execvp(argv[0], argv);
		dprintf(fd, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fd);
	return pid;
}

static bool wait_until(pid_t pid, long long deadline, int *status)
{
	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid || (r < 0 && errno == ECHILD))
			return true;
		if (vmdef_now_ms() >= deadline)
			return false;
		if (!vmdef_sleep_ms(50))
			return false;
	}
}

bool vmdef_reap(pid_t pid, int timeout_ms, int *status)
{
	int st = 0;

	if (pid <= 0)
		return true;
	if (wait_until(pid, vmdef_now_ms() + timeout_ms, &st)) {
		if (status)
			*status = st;
		return true;
	}
	kill(pid, SIGTERM);
	/* not wait_until: a stop request must not cut this wait short */
	for (int i = 0; i < 100; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			goto out;
		usleep(50000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
out:
	if (status)
		*status = st;
	return false;
}

char *vmdef_read_file(const char *path, size_t *len)
{
	char *text;

	/* a serial log, a pid file, the 540 KiB OVMF VARS template */
	return common_read_file(path, 64u << 20, 0, &text, len) ? NULL : text;
}

int vmdef_write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	size_t len = strlen(text);
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len)
		ret = -EIO;
	if (fchmod(fd, mode))
		ret = ret ?: -errno;
	if (close(fd))
		ret = ret ?: -errno;
	return ret;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) ? errno : 0;
}

int vmdef_rm_rf(const char *path)
{
	int ret = nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);

	return ret > 0 ? -ret : ret < 0 ? -errno : 0;
}
