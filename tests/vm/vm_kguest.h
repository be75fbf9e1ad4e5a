/* SPDX-License-Identifier: MIT */
/*
 * One boot of a Debian kernel with the PF core's modules: build kernel/
 * against the kernel's own headers, boot it with an initramfs holding the
 * .ko files, load the core and the self-test module, read the self-test's
 * KTAP from the console, unload both, and record everything the checks
 * need (exit codes, reference counts, taint, splats). The same boot can
 * run an extra guest program (the SR-IOV test) with its own devices.
 */
#ifndef VM_KGUEST_H
#define VM_KGUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "tests/vm/ktap.h"
#include "tests/vm/vm_kernels.h"

#define KG_MAX_LINES 128
#define KG_LINE 200

/* What the guest adds to the module boot (all optional). */
struct kg_extra {
	const char *program; /* static guest program run after the
					 module checks, as /bin/<basename> */
	const char *const *files; /* more host files: "SRC:DEST" pairs */
	const char *const *dynamic; /* dynamic executables "SRC:DEST", with
				       the shared libraries ldd names */
	const char *const *modules; /* kernel modules to insmod first */
	const char *const *qemu_args; /* devices, NULL-terminated */
	const char *append; /* kernel command line */
	const char *args; /* arguments of @program */
	const char *init; /* host file that replaces the module-check
			     /init (kg_image: a lab's own guest) */
};

/* A nested KTAP stream copied from the console. */
struct kg_ktap {
	struct ktap k;
	char lines[KG_MAX_LINES][KG_LINE];
	int n;
};

struct kg_outcome {
	bool built, started, booted, done, exited_clean, kvm;
	int build_err;
	/* exit codes from the guest; -1 when never reported */
	int insmod_core, insmod_selftest, rmmod_selftest, rmmod_core;
	int reload_core, extra_modules, program_exit;
	int refs_loaded, refs_unloaded, left; /* -1: unknown */
	long taint_boot, taint_end; /* -1: unknown */
	int splats; /* until the module checks end */
	int late_splats; /* while the extra program ran */
	char first_splat[KG_LINE], first_late_splat[KG_LINE];
	struct kg_ktap selftest, program;
};

/**
 * kg_run - build, boot, load, test, unload, power off; always tears down
 * @k: kernel image and headers
 * @ksrc: the project's kernel/ directory
 * @workdir: per-run files (build tree, console log); temporary files made
 *	     here are removed
 * @cache: where the extracted vmlinux and the "kvm-unusable" marker are
 *	   kept between runs (shared with vm_run)
 * @x: extra guest program and devices, or NULL
 * @o: result
 *
 * Return: 0 when the VM ran (the checks read @o), or a negative errno
 * when it could not be started at all.
 */
int kg_run(const struct vm_kpkg *k, const char *ksrc, const char *workdir, const char *cache,
	   const struct kg_extra *x, struct kg_outcome *o);

/**
 * kg_image - build kernel/ for @k and write the guest image, without booting
 * @k: kernel image and headers
 * @ksrc: the project's kernel/ directory
 * @workdir: build tree (@workdir/kmod-<version>)
 * @cache: where the extracted vmlinux is kept (as for kg_run())
 * @x: what the initramfs holds besides busybox and the .ko files; its
 *     @init replaces the module-check /init, its @qemu_args are unused
 * @initrd: the initramfs to write (uncompressed newc cpio)
 * @kernel: result: the kernel file to boot (vmlinux, or the vmlinuz)
 * @n: size of @kernel
 *
 * For a boot that someone else drives (LAVA's dispatcher, ci/lava).
 *
 * Return: 0, -EIO when the modules do not build, another negative errno.
 */
int kg_image(const struct vm_kpkg *k, const char *ksrc, const char *workdir, const char *cache,
	     const struct kg_extra *x, const char *initrd, char *kernel, size_t n);

/**
 * kg_report - print the module checks as KTAP results and count them
 * @o: outcome of kg_run()
 * @indent: spaces before each line (for nesting)
 * @first: number of the first result line
 * @passed: incremented per passing check
 * @failed: incremented per failing check
 *
 * Return: the number of result lines printed.
 */
int kg_report(const struct kg_outcome *o, int indent, int first, int *passed, int *failed);

/**
 * kg_print_nested - print a guest's KTAP line one level down
 * @line: line from the console
 * @indent: spaces
 *
 * Lines that are not KTAP (the kernel's log, for one) become diagnostics.
 */
void kg_print_nested(const char *line, int indent);

/**
 * kg_num_checks - how many result lines kg_report() prints
 *
 * Return: the count, for the plan line.
 */
int kg_num_checks(void);

#endif
