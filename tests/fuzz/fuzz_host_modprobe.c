// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the modprobe.d reader (a host's configuration files,
 * or a fixture's, are untrusted text).
 *
 * Properties besides memory safety: a value or command found fits its
 * buffer and holds no line break (it is one line's words).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_modprobe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *v, size_t size)
{
	if (strlen(v) >= size || strchr(v, '\n'))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *t = (const char *)data;
	char v[64];

	if (!host_modprobe_text_option(t, size, "vfio-pci", "ids", v, sizeof(v)))
		check(v, sizeof(v));
	if (!host_modprobe_text_option(t, size, "kvmfr", "static_size_mb", v, 8))
		check(v, 8);
	if (!host_modprobe_text_command(t, size, "i915", "install", v, sizeof(v)))
		check(v, sizeof(v));
	if (!host_modprobe_text_command(t, size, "xe", "blacklist", v, sizeof(v)))
		check(v, sizeof(v));
	return 0;
}
