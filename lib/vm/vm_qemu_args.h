/* SPDX-License-Identifier: MIT */
/*
 * The same VM as vm_xml_build() writes, as a QEMU command line, for users
 * who start QEMU themselves (the guide's "for qemu" variant).
 */
#ifndef VM_QEMU_ARGS_H
#define VM_QEMU_ARGS_H

#include <stddef.h>

#include "vm/vm_domain_types.h"

#define VM_QEMU_BINARY "qemu-system-x86_64"

struct vm_argv {
	char **v; /* NULL-terminated */
	size_t n;
	size_t cap;
};

struct vm_qemu_opts {
	const char *accel; /* replaces the domain's accelerator ("kvm", "tcg") */
	const char *cpu; /* replaces the whole -cpu value (tests under TCG) */
	unsigned int spice_port; /* default 5900 */
};

/**
 * vm_qemu_args - build the QEMU argument vector of a VM
 * @d: domain; vm_domain_validate() must accept it, and @d->nvram must name
 *     the per-VM copy of the VARS template
 * @o: options, or NULL for the defaults
 * @out: result, argv[0] is VM_QEMU_BINARY; free with vm_argv_free()
 *
 * -nodefaults, then exactly the devices of the libvirt domain: q35, OVMF
 * on two pflash drives, -cpu host without vmx and with the same Hyper-V
 * enlightenments, the VF through vfio-pci with romfile=, ivshmem-plain on a
 * shared memory-backend-file, virtio keyboard and mouse, SPICE or no
 * display, QXL if asked, an e1000e NIC with RDP forwarded to
 * 127.0.0.1:3389 (user networking stands in for libvirt's NAT network)
 * unless the domain has no network, the serial log and the direct kernel
 * boot when the domain has them. Under VM_ACCEL_TCG: accel=tcg and the
 * VM_TCG_CPU_MODEL with the same enlightenments.
 *
 * Return: 0, -EINVAL for an invalid model or a missing NVRAM path, -ENOMEM.
 */
int vm_qemu_args(const struct vm_domain *d, const struct vm_qemu_opts *o, struct vm_argv *out);

/**
 * vm_argv_free - release what vm_qemu_args() built
 * @a: vector; reset to empty
 */
void vm_argv_free(struct vm_argv *a);

/**
 * vm_argv_shell - quote a vector for a POSIX shell, one option per line
 * @a: vector
 *
 * Return: a malloc'ed string ending in a newline, or NULL without memory.
 */
char *vm_argv_shell(const struct vm_argv *a);

#endif
