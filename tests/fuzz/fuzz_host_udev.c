// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: udev rule files as lib/host/host_udev reads them (files
 * users write by hand). The input is a rules file: each logical line is
 * tokenised pair by pair and matched for the events the boot sends.
 *
 * Properties: every call ends with a string inside its buffer; the reader
 * always moves on (no endless loop); a line that does not tokenise runs on
 * no event.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_udev.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	char line[4096];

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (const char *t = text; *t;) {
		size_t n = host_udev_logical_line(t, line, sizeof(line));
		struct host_udev_boot ev;
		struct host_udev_pair kv;
		const char *p = line;
		int r;

		if (!n || n > strlen(t) || strlen(line) >= sizeof(line))
			abort();
		t += n;
		while ((r = host_udev_pair_next(&p, &kv)) > 0)
			if (strlen(kv.key) >= sizeof(kv.key) ||
			    strlen(kv.value) >= sizeof(kv.value))
				abort();
		host_udev_boot_events(line, &ev);
		if (r < 0 && (ev.on_add || ev.on_bind))
			abort();
	}
	free(text);
	return 0;
}
