// SPDX-License-Identifier: MIT
/* Out-of-tree module build of kernel/ for a chosen kernel. */
#include "tests/vm/vm_kbuild.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int vm_run_argv(char *const argv[], const char *log)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		int fd = log ? open(log, O_WRONLY | O_CREAT | O_APPEND, 0644) :
			       open("/dev/null", O_WRONLY);

		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		/* a jobserver we cannot reach only makes make warn */
		unsetenv("MAKEFLAGS");
		unsetenv("MFLAGS");
		unsetenv("MAKELEVEL");
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -ECHILD;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -EINTR;
}

int vm_kbuild(const char *src, const char *kdir, const char *outdir)
{
	char abs[PATH_MAX], from[PATH_MAX + 4], mdir[PATH_MAX + 4];
	char log[PATH_MAX + 16], ko[PATH_MAX + 40];
	char *rm[] = { "rm", "-rf", (char *)outdir, NULL };
	char *mkdir_p[] = { "mkdir", "-p", (char *)outdir, NULL };
	char *cp[] = { "cp", "-a", from, (char *)outdir, NULL };
	char *make[] = { "make", "-j2", "-C", (char *)kdir, mdir, "modules", NULL };
	static const char *const mods[] = { "i915_sriov_pf", "i915_sriov_pf_selftest" };

	if (vm_run_argv(rm, NULL) || vm_run_argv(mkdir_p, NULL) || !realpath(outdir, abs))
		return -EIO;
	snprintf(from, sizeof(from), "%s/.", src);
	if (vm_run_argv(cp, NULL))
		return -ENOENT;
	snprintf(mdir, sizeof(mdir), "M=%s", abs);
	snprintf(log, sizeof(log), "%s/build.log", abs);
	if (vm_run_argv(make, log))
		return -EIO;
	for (size_t i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
		snprintf(ko, sizeof(ko), "%s/%s.ko", abs, mods[i]);
		if (access(ko, R_OK))
			return -EIO;
	}
	return 0;
}
