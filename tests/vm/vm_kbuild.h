/* SPDX-License-Identifier: MIT */
/* Building kernel/'s out-of-tree modules against one Kbuild headers tree. */
#ifndef VM_KBUILD_H
#define VM_KBUILD_H

/**
 * vm_kbuild - copy kernel/ and build its modules with Kbuild
 * @src: the project's kernel/ directory
 * @kdir: a Kbuild tree (a linux-headers package's directory)
 * @outdir: build directory, recreated; Kbuild's output goes to
 *	    @outdir/build.log
 *
 * Runs "make -C KDIR M=OUTDIR modules" in a clean copy, so that builds for
 * several kernels never share objects.
 *
 * Return: 0 when i915_sriov_pf.ko and i915_sriov_pf_selftest.ko were
 * built, -EIO when Kbuild failed, another negative errno otherwise.
 */
int vm_kbuild(const char *src, const char *kdir, const char *outdir);

/**
 * vm_run_argv - run a program, wait for it
 * @argv: program and arguments, NULL-terminated
 * @log: file that receives stdout and stderr (appended), or NULL
 *
 * The parent make's jobserver variables are not passed on.
 *
 * Return: the exit status (0..255), or a negative errno.
 */
int vm_run_argv(char *const argv[], const char *log);

#endif
