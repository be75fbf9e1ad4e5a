// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: vm check over arbitrary bytes as a domain XML (users
 * hand us their own definitions). The root prefix is a directory that does
 * not exist, so romfile, qemu.conf and kvmfr.conf reads fail cleanly and
 * only the XML and QEMU-argument parsing is explored. The first byte picks
 * an optional resolution so the size check sees both sources.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>

#include "vm/vm_check.h"
#include "vm/vm_qemu_conf.h"
#include "vm/vm_qemu_opt.h"

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
	struct vm_check_opts o = { .root = "/nonexistent-vfctl-fuzz-root" };
	struct vm_check_report r;
	char text[4096], v[64];
	size_t i, n;

	if (size && data[0] & 1) {
		o.have_mode = true;
		o.mode = (struct vm_resolution){ 320u + data[0] * 60u, 200u + data[0] * 30u, 60 };
		o.hdr = data[0] & 2;
	}
	if (vm_check_xml((const char *)data, size, &o, &r) == 0) {
		for (i = 0; i < r.n; i++)
			if (!r.f[i].id || !r.f[i].message[0] || !r.f[i].hint[0])
				__builtin_trap();
		vm_check_report_free(&r);
	}
	/* the two text parsers directly, on the same bytes as a string */
	n = size < sizeof(text) - 1 ? size : sizeof(text) - 1;
	memcpy(text, data, n);
	text[n] = '\0';
	vm_qemu_opt_check(text);
	vm_qemu_opt_get(text, "size", v, sizeof(v));
	vm_qemu_opt_get(text, "driver", v, sizeof(v));
	vm_qemu_conf_acl_has(text, "/dev/kvmfr0");
	return 0;
}
