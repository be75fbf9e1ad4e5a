// SPDX-License-Identifier: MIT
/* Unnamed shared memory and children that die with the benchmark. */
#include "bench/frames/frames_backing.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

int frames_backing_open(char *path, size_t size)
{
	/* No O_CLOEXEC: nothing is exec'd, and the children need it. */
	int fd = open("/dev/shm", O_TMPFILE | O_RDWR, 0600);

	if (fd < 0)
		fd = memfd_create("lg-frames-bench", 0);
	if (fd < 0)
		return -errno;
	if ((size_t)snprintf(path, size, "/proc/self/fd/%d", fd) >= size) {
		close(fd);
		return -ENAMETOOLONG;
	}
	return fd;
}

pid_t frames_fork(void)
{
	pid_t parent = getpid();
	pid_t pid = fork();

	if (pid)
		return pid;
	/* The parent may have died before the request took effect. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
		_exit(1);
	return 0;
}
