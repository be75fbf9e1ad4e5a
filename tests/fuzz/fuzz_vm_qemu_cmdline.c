// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: `vm check` of arbitrary bytes as a QEMU command line
 * (a start script or /proc/PID/cmdline): the word splitter, the
 * conversion to the domain document and the check on it. The root prefix
 * does not exist, so the romfile and host reads fail cleanly.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>

#include "vm/vm_native_qemu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlSetGenericErrorFunc(NULL, quiet);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vm_check_opts o = { .root = "/nonexistent-vfctl-fuzz-root", .libvirt = true };
	char err[VM_NATIVE_ERR_SIZE];
	struct vm_check_report r;
	struct vm_argv a;
	size_t i;
	int ret;

	ret = vm_native_qemu_check_file((const char *)data, size, "/nonexistent/start.sh", &o, &r,
					err, sizeof(err));
	if (ret == 0) {
		for (i = 0; i < r.n; i++)
			if (!r.f[i].id || !r.f[i].message[0] || !r.f[i].hint[0])
				__builtin_trap();
		vm_check_report_free(&r);
	} else if (ret == -EINVAL && !err[0]) {
		__builtin_trap(); /* every refusal says why */
	}
	/* the splitter alone: a result is a NULL-terminated vector */
	if (vm_qemu_words_split((const char *)data, size, &a, err, sizeof(err)) == 0) {
		if (!a.n || a.v[a.n])
			__builtin_trap();
		vm_argv_free(&a);
	}
	return 0;
}
