/* SPDX-License-Identifier: MIT */
/*
 * `vm check` of a QEMU that is started by hand (a start script, the
 * command line of a running QEMU, Proxmox's `qm showcmd`): the command line
 * becomes the same libvirt-shaped document the domain checks read, so every
 * finding applies to it, and the findings only libvirt's own QEMU can have
 * (its device cgroup, its AppArmor profile, its validation) are skipped with
 * the reason. Three steps, each usable alone:
 *
 *   text or NUL-separated bytes --vm_native_qemu_input()--> argv
 *   argv --vm_native_qemu_convert()--> document (libvirt domain XML)
 *   argv --vm_native_qemu_check()--> report
 *
 * The converter takes a plain argv so that other front ends (a Proxmox
 * `args:` line) can hand it theirs. All input is untrusted.
 */
#ifndef VM_NATIVE_QEMU_H
#define VM_NATIVE_QEMU_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "vm/vm_check.h"
#include "vm/vm_qemu_args.h"

#define VM_NATIVE_ERR_SIZE 256
#define VM_NATIVE_MAX_ROMS 8

/**
 * vm_qemu_words_split - the QEMU command of a shell text
 * @text: a command line or a start script (need not be NUL-terminated)
 * @len: its length
 * @out: the words of the QEMU command, from its binary on (or from its
 *       first option when the text starts with options); vm_argv_free()
 * @err: why it failed, NUL-terminated
 * @errlen: its size
 *
 * POSIX shell word splitting: single and double quotes, backslash escapes
 * and backslash-newline continuations, `#` comments, commands separated by
 * newlines, `;`, `&`, `|`; redirections are dropped. `NAME=value` lines are
 * remembered and `$NAME` / `${NAME}` expand to them (unquoted: split into
 * words, as bash does). Anything else that would need the running shell
 * ($HOME, $1, $(...), `...`, ~) is an error naming it, never a guess. The
 * QEMU command is the first whose program is qemu-system-*, qemu-kvm, kvm
 * or qemu (after exec, nohup, sudo and NAME=value prefixes).
 *
 * Return: 0; 1 when the text holds no QEMU command (@out empty); -EINVAL
 * with @err set; -ENOMEM.
 */
int vm_qemu_words_split(const char *text, size_t len, struct vm_argv *out, char *err,
			size_t errlen);

/**
 * vm_native_qemu_input - the argv of a QEMU command line, in either form
 * @buf: /proc/PID/cmdline bytes (NUL-separated, as the kernel gives them)
 *       or a shell text (vm_qemu_words_split())
 * @len: its length
 * @out: result; vm_argv_free()
 * @err: why it failed
 * @errlen: its size
 *
 * Detected by content: bytes holding a NUL are an argv; text starting
 * with '<' is not a command line (a domain XML).
 *
 * Return: 0; 1 when @buf is not a QEMU command line; -EINVAL with @err;
 * -ENOMEM.
 */
int vm_native_qemu_input(const char *buf, size_t len, struct vm_argv *out, char *err,
			 size_t errlen);

/**
 * vm_native_qemu_set_get - the value -set gives one property of a device
 * @argv: QEMU's arguments; argv[0] its binary, or already the first option
 * @argc: their number
 * @id: the device's id= (for a libvirt <hostdev>, its alias)
 * @key: the property, e.g. "romfile"
 * @out: output, NUL-terminated
 * @n: its size
 *
 * QEMU's -set device.ID.KEY=VALUE changes the option KEY of the -device
 * whose id= is ID, wherever it stands on the command line; the last one
 * wins. An ID holding '.' or '=' cannot be named so (QEMU ends ID at the
 * first of them).
 *
 * Return: 1 when set, 0 when not, -ENAMETOOLONG when the value does not fit.
 */
int vm_native_qemu_set_get(const char *const *argv, size_t argc, const char *id, const char *key,
			   char *out, size_t n);

/* What vm check reads of a -cpu value. */
struct vm_qemu_cpu {
	char model[128];
	bool vmx_off, hypervisor_off;
	bool kvm_hidden; /* kvm=off */
	bool host_phys_bits, host_phys_bits_set;
	bool phys_limit_set; /* host-phys-bits-limit given, 0 too */
	unsigned long phys_limit, phys_bits; /* 0: not given (phys_limit: no limit) */
	bool hv_passthrough, hv_evmcs, hv_any;
};

/**
 * vm_qemu_cpu_parse - read one -cpu value
 * @v: "MODEL,flag,+flag,-flag,key=value" (untrusted)
 * @cpu: result, reset first: QEMU uses the last -cpu alone
 */
void vm_qemu_cpu_parse(const char *v, struct vm_qemu_cpu *cpu);

/**
 * vm_qemu_global_phys_limit - the host-phys-bits-limit one -global value
 * sets on a CPU of a model
 * @v: "TYPE.host-phys-bits-limit=N" or "driver=TYPE,property=...,value=N"
 *     (untrusted)
 * @model: the -cpu model, "host" or "max"
 *
 * -cpu host,phys-bits=N does not narrow the guest: QEMU turns
 * host-phys-bits on for its host and max models and then takes the host's
 * width, so libvirt's <maxphysaddr mode='emulate'> and qemu-server's
 * phys-bits=N on a host CPU change nothing. A -global on the CPU's QOM
 * type limits it unless -cpu sets host-phys-bits-limit itself (QEMU 10,
 * read back over QMP: the -cpu property wins in either order, the last
 * -global of several): host-x86_64-cpu, or a type it derives from
 * (max-x86_64-cpu, x86_64-cpu). -cpu max is no host-x86_64-cpu.
 *
 * Return: N (0 is QEMU's "no limit"), or -1 when @v sets no such limit on
 * @model (another property, another type, a value QEMU refuses).
 */
int vm_qemu_global_phys_limit(const char *v, const char *model);

/* What vm check reads of a -spice value. */
struct vm_qemu_spice {
	char port[32]; /* port=, else tls-port=; "" when neither */
	char addr[256];
	bool unix_socket; /* unix or unix=on: addr= is a socket path */
};

/**
 * vm_qemu_spice_parse - read one -spice value
 * @v: QEMU's -spice option string (untrusted)
 * @s: result, reset first
 */
void vm_qemu_spice_parse(const char *v, struct vm_qemu_spice *s);

/**
 * vm_qemu_spice_xml - the <graphics type='spice'> libvirt would write
 * @devices: the <devices> element to add it to
 * @s: the -spice read
 *
 * Return: false when out of memory.
 */
bool vm_qemu_spice_xml(xmlNodePtr devices, const struct vm_qemu_spice *s);

struct vm_native_qemu_opts {
	/* QEMU's working directory, against which it opens a relative
	 * romfile=; NULL when unknown */
	const char *cwd;
	/* prefix for the files probed (a bare romfile name); "/" if NULL */
	const char *root;
};

/* A romfile= given as a relative path, and where QEMU opens it. */
struct vm_native_rom {
	char given[256];
	char path[1024]; /* absolute, or "" when the working directory is unknown */
	bool datadir; /* found in QEMU's firmware directory, not the working one */
};

struct vm_native_qemu_doc {
	char *xml; /* libvirt domain XML, NUL-terminated; free() */
	size_t len;
	bool kvm; /* an accelerator that is KVM */
	bool binary_kvm; /* ... because the binary (kvm, qemu-kvm) defaults to it */
	bool libvirt_made; /* the argv carries libvirt's marks (masterKey0, libvirt-pflash0) */
	struct vm_native_rom rom[VM_NATIVE_MAX_ROMS];
	size_t n_rom;
	char readconfig[256]; /* the first -readconfig file, not followed */
	/* the first bus= of a vfio-pci device that no -device defines, and its host= */
	char bad_bus[64];
	char bad_bus_host[64];
};

/**
 * vm_native_qemu_convert - the document the domain checks read, of an argv
 * @argv: QEMU's arguments; argv[0] its binary, or already the first option
 * @argc: their number
 * @o: options, or NULL
 * @d: result; vm_native_qemu_doc_free()
 *
 * What `vm check` reads is carried over: the machine type (-machine,
 * -M, type=), the firmware (-drive if=pflash, -pflash, -bios, pflash0= of
 * -machine through -blockdev), KVM (-enable-kvm, -accel, accel=), -cpu with
 * vmx, hypervisor, the physical-address width and hv-* flags, SPICE
 * (-spice, -display spice-app), the video adapter (-vga, -device qxl-vga,
 * virtio-vga...), and the VFs and IVSHMEM as the <qemu:commandline>
 * arguments the checks already parse. A VF's relative romfile= is made
 * absolute against @o->cwd as QEMU would open it.
 *
 * Return: 0, -EINVAL for an empty argv, -ENOMEM.
 */
int vm_native_qemu_convert(const char *const *argv, size_t argc,
			   const struct vm_native_qemu_opts *o, struct vm_native_qemu_doc *d);

/**
 * vm_native_qemu_doc_free - release a converted document
 * @d: document; reset
 */
void vm_native_qemu_doc_free(struct vm_native_qemu_doc *d);

/**
 * vm_native_qemu_check - vm check of a QEMU command line
 * @argv: QEMU's arguments, as for vm_native_qemu_convert()
 * @argc: their number
 * @no: conversion options, or NULL
 * @o: check options, or NULL; @o->libvirt is answered by an info finding
 * @r: report; vm_check_report_free()
 *
 * The domain checks on the converted document; findings that only a QEMU
 * started by libvirt can have become info findings "libvirt-only" saying
 * why they do not apply; hints name QEMU options instead of XML; plus the
 * findings of a command line alone (KVM off, a relative romfile, an
 * unread -readconfig, a QEMU libvirt started).
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
int vm_native_qemu_check(const char *const *argv, size_t argc, const struct vm_native_qemu_opts *no,
			 const struct vm_check_opts *o, struct vm_check_report *r);

/**
 * vm_native_qemu_check_file - vm check of a file, when it is a QEMU command line
 * @buf: the file's bytes
 * @len: their length
 * @path: its name: a relative romfile= is taken from the directory the
 *        file is in, or for /proc/PID/cmdline from /proc/PID/cwd
 * @o: check options, or NULL
 * @r: report, filled when 0 is returned
 * @err: why the command line cannot be checked
 * @errlen: its size
 *
 * Return: 0 with @r filled; 1 when @buf is not a QEMU command line (check
 * it as a domain); -EINVAL with @err; -ENOMEM.
 */
int vm_native_qemu_check_file(const char *buf, size_t len, const char *path,
			      const struct vm_check_opts *o, struct vm_check_report *r, char *err,
			      size_t errlen);

#endif
