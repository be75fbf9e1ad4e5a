// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: which hostpciN of a Proxmox VM configuration passes
 * the iGPU's PF (host_pve_pf.c; the files under /etc/pve/qemu-server are
 * an admin's, untrusted). The whole input is the configuration; its first
 * line, NUL-terminated, is also read as one device ID.
 *
 * Properties besides memory safety: what is found fits its buffers, names
 * a hostpciN key, and its options are empty or start with a comma.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_pve_pf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct host_pve_pf out;
	char id[64];
	const uint8_t *nl = memchr(data, '\n', size);
	size_t n = nl ? (size_t)(nl - data) : size;
	bool all;

	if (n >= sizeof(id))
		n = sizeof(id) - 1;
	memcpy(id, data, n);
	id[n] = '\0';
	(void)host_pve_id_is_pf(id, "0000:00:02.0", &all);

	memset(&out, 0, sizeof(out));
	if (host_pve_conf_pf((const char *)data, size, "0000:00:02.0", &out) != 1)
		return 0;
	if (strnlen(out.key, sizeof(out.key)) == sizeof(out.key) ||
	    strnlen(out.value, sizeof(out.value)) == sizeof(out.value) ||
	    strnlen(out.opts, sizeof(out.opts)) == sizeof(out.opts) ||
	    strncmp(out.key, "hostpci", 7) || (out.opts[0] && out.opts[0] != ','))
		abort();
	return 0;
}
