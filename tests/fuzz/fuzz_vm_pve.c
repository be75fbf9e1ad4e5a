// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: vm check over arbitrary bytes as a Proxmox VE VM
 * configuration (users hand us their own /etc/pve/qemu-server/VMID.conf).
 * The root prefix is a directory that does not exist, so the romfile, the
 * PCI mapping and /etc/hostname reads fail cleanly and the line parser,
 * the property strings, the args: splitter and the translation into a
 * libvirt domain are explored. The first byte picks an optional
 * resolution so the size check sees both sources.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>

#include "vm/vm_pve.h"
#include "vm/vm_pve_conf.h"

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
	char text[4096], v[64], **argv;
	size_t i, n, argc;

	if (size && data[0] & 1) {
		o.have_mode = true;
		o.mode = (struct vm_resolution){ 320u + data[0] * 60u, 200u + data[0] * 30u, 60 };
		o.hdr = data[0] & 2;
	}
	if (vm_check_pve((const char *)data, size, &o, &r) == 0) {
		for (i = 0; i < r.n; i++)
			if (!r.f[i].id || !r.f[i].message[0] || !r.f[i].hint[0])
				__builtin_trap();
		/* every configuration gets the note on the libvirt-only checks */
		if (!vm_check_find(&r, "pve-libvirt-only"))
			__builtin_trap();
		vm_check_report_free(&r);
	}
	/* the text parsers directly, on the same bytes as a string */
	n = size < sizeof(text) - 1 ? size : sizeof(text) - 1;
	memcpy(text, data, n);
	text[n] = '\0';
	vm_pve_prop(text, NULL, v, sizeof(v));
	vm_pve_prop(text, "romfile", v, sizeof(v));
	vm_pve_bool(text, "pcie", false);
	if (!vm_pve_split_args(text, &argv, &argc)) {
		if (argv[argc])
			__builtin_trap();
		vm_pve_argv_free(argv);
	}
	return 0;
}
