/* SPDX-License-Identifier: MIT */
/*
 * One QEMU guest: q35, KVM when /dev/kvm is usable (TCG otherwise),
 * PVH-booted vmlinux + initramfs, ivshmem-plain backed by the shared memory
 * file or /dev/kvmfr0, serial console on a pipe, QMP on a unix socket.
 */
#ifndef VM_QEMU_H
#define VM_QEMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "tests/vm/qmp.h"

struct vm_config {
	const char *vmlinux;
	const char *initrd;
	const char *append; /* extra kernel command line */
	const char *shm_path; /* NULL: no ivshmem device */
	size_t shm_size;
	const char *memory; /* guest RAM, e.g. "512M"; NULL: 256M */
	const char *const *extra; /* more QEMU arguments, NULL-terminated */
	const char *qmp_path;
	const char *console_log; /* every console line is appended here */
};

struct vm {
	pid_t pid;
	int console_fd;
	FILE *log;
	char line[4096];
	size_t line_len;
	bool exited;
	int status; /* wait status once exited */
	bool kvm;
};

/**
 * vm_kvm_usable - whether /dev/kvm can be opened read/write
 *
 * Return: true when KVM acceleration is available (VM_ACCEL=tcg forces no).
 */
bool vm_kvm_usable(void);

/**
 * vm_start - start QEMU
 * @vm: result
 * @c: configuration
 *
 * The binary is qemu-system-x86_64 from PATH, or $QEMU when set.
 *
 * Return: 0 or a negative errno.
 */
int vm_start(struct vm *vm, const struct vm_config *c);

/**
 * vm_console_line - read one console line
 * @vm: running VM
 * @out: the line without its end
 * @n: size of @out
 * @timeout_ms: 0 to only check
 *
 * Return: 1 with a line, 0 if none yet, -EPIPE once the console closed.
 */
int vm_console_line(struct vm *vm, char *out, size_t n, int timeout_ms);

/**
 * vm_exited - reap QEMU if it has exited
 * @vm: VM
 *
 * Return: true once QEMU is gone.
 */
bool vm_exited(struct vm *vm);

/**
 * vm_wait - wait for QEMU to exit on its own
 * @vm: VM
 * @timeout_ms: limit
 *
 * Return: true if it exited in time.
 */
bool vm_wait(struct vm *vm, int timeout_ms);

/**
 * vm_destroy - make sure QEMU is gone: QMP quit, then SIGTERM, SIGKILL
 * @vm: VM
 * @q: QMP connection or NULL
 */
void vm_destroy(struct vm *vm, struct qmp *q);

#endif
