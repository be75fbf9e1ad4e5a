// SPDX-License-Identifier: MIT
/* Starting, watching and always stopping the QEMU process of a VM test. */
#include "tests/vm/vm_qemu.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

bool vm_kvm_usable(void)
{
	const char *accel = getenv("VM_ACCEL");
	int fd;

	if (accel && !strcmp(accel, "tcg"))
		return false;
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

int vm_start(struct vm *vm, const struct vm_config *c)
{
	char append[2048], memdev[1024], qmp[600];
	const char *argv[80], *qemu = getenv("QEMU");
	int pipefd[2], devnull, argc = 0;

	memset(vm, 0, sizeof(*vm));
	vm->console_fd = -1;
	vm->kvm = vm_kvm_usable();
	snprintf(append, sizeof(append), "console=ttyS0 panic=-1 quiet cryptomgr.notests %s",
		 c->append ? c->append : "");
	if (c->shm_path)
		snprintf(memdev, sizeof(memdev),
			 "memory-backend-file,id=lgshm,mem-path=%s,size=%zu,"
			 "share=on",
			 c->shm_path, c->shm_size);
	snprintf(qmp, sizeof(qmp), "unix:%s,server=on,wait=off", c->qmp_path);
	argv[argc++] = qemu && *qemu ? qemu : "qemu-system-x86_64";
	argv[argc++] = "-machine";
	argv[argc++] = vm->kvm ? "q35,accel=kvm" : "q35,accel=tcg";
	/* no "-cpu host": nested KVM hosts reject some of its MSRs (e.g.
	 * ARCH_CAPABILITIES); the default model boots everywhere */
	argv[argc++] = "-m";
	argv[argc++] = c->memory ? c->memory : "256M";
	argv[argc++] = "-nodefaults";
	argv[argc++] = "-display";
	argv[argc++] = "none";
	argv[argc++] = "-no-reboot";
	argv[argc++] = "-serial";
	argv[argc++] = "stdio";
	argv[argc++] = "-kernel";
	argv[argc++] = c->vmlinux;
	argv[argc++] = "-initrd";
	argv[argc++] = c->initrd;
	argv[argc++] = "-append";
	argv[argc++] = append;
	if (c->shm_path) {
		argv[argc++] = "-object";
		argv[argc++] = memdev;
		argv[argc++] = "-device";
		argv[argc++] = "ivshmem-plain,memdev=lgshm";
	}
	argv[argc++] = "-qmp";
	argv[argc++] = qmp;
	for (size_t i = 0; c->extra && c->extra[i]; i++) {
		if (argc >= (int)(sizeof(argv) / sizeof(argv[0])) - 1)
			return -E2BIG;
		argv[argc++] = c->extra[i];
	}
	argv[argc] = NULL;

	if (c->console_log)
		vm->log = fopen(c->console_log, "w");
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -errno;
	vm->pid = fork();
	if (vm->pid < 0)
		return -errno;
	if (vm->pid == 0) {
		devnull = open("/dev/null", O_RDWR);
		dup2(devnull, STDIN_FILENO);
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(pipefd[1]);
	vm->console_fd = pipefd[0];
	return 0;
}

int vm_console_line(struct vm *vm, char *out, size_t n, int timeout_ms)
{
	for (;;) {
		char *nl = memchr(vm->line, '\n', vm->line_len);
		struct pollfd pfd = { .fd = vm->console_fd, .events = POLLIN };
		ssize_t r;

		if (nl || vm->line_len == sizeof(vm->line)) {
			size_t len = nl ? (size_t)(nl - vm->line) : vm->line_len;
			size_t used = nl ? len + 1 : len;

			if (len && vm->line[len - 1] == '\r')
				len--;
			snprintf(out, n, "%.*s", (int)len, vm->line);
			memmove(vm->line, vm->line + used, vm->line_len - used);
			vm->line_len -= used;
			if (vm->log) {
				fprintf(vm->log, "%s\n", out);
				fflush(vm->log);
			}
			return 1;
		}
		if (vm->console_fd < 0)
			return -EPIPE;
		if (poll(&pfd, 1, timeout_ms) <= 0)
			return 0;
		r = read(vm->console_fd, vm->line + vm->line_len, sizeof(vm->line) - vm->line_len);
		if (r <= 0) {
			close(vm->console_fd);
			vm->console_fd = -1;
			if (vm->line_len) {
				vm->line[vm->line_len] = '\n';
				if (vm->line_len < sizeof(vm->line) - 1)
					vm->line_len++;
				continue;
			}
			return -EPIPE;
		}
		vm->line_len += (size_t)r;
		timeout_ms = 0;
	}
}

bool vm_exited(struct vm *vm)
{
	if (!vm->exited && vm->pid > 0 && waitpid(vm->pid, &vm->status, WNOHANG) == vm->pid)
		vm->exited = true;
	return vm->exited || vm->pid <= 0;
}

bool vm_wait(struct vm *vm, int timeout_ms)
{
	for (int t = 0; t < timeout_ms; t += 10) {
		if (vm_exited(vm))
			return true;
		usleep(10000);
	}
	return vm_exited(vm);
}

void vm_destroy(struct vm *vm, struct qmp *q)
{
	if (vm->pid > 0 && !vm_exited(vm)) {
		if (q && q->fd >= 0)
			qmp_execute(q, "quit", NULL, 1000);
		if (!vm_wait(vm, 2000)) {
			kill(vm->pid, SIGTERM);
			if (!vm_wait(vm, 2000)) {
				kill(vm->pid, SIGKILL);
				waitpid(vm->pid, &vm->status, 0);
				vm->exited = true;
			}
		}
	}
	if (vm->console_fd >= 0)
		close(vm->console_fd);
	vm->console_fd = -1;
	if (vm->log)
		fclose(vm->log);
	vm->log = NULL;
}
