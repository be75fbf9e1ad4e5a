// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the kernel log parser (/dev/kmsg records, `dmesg`,
 * `dmesg -r`, journalctl -k; --dmesg FILE is whatever the user passes).
 *
 * Properties: messages are non-empty, hold no newline or NUL, levels are
 * -1..7, and together they are never longer than the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_klog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct host_klog log;
	size_t i, total = 0;

	if (host_klog_parse((const char *)data, size, &log))
		return 0;
	for (i = 0; i < log.n; i++) {
		size_t n = strlen(log.l[i].text);

		if (!n || strchr(log.l[i].text, '\n') || log.l[i].level < -1 || log.l[i].level > 7)
			abort();
		total += n;
	}
	if (total > size)
		abort();
	host_klog_find(&log, 0, "SR-IOV");
	host_klog_free(&log);
	return 0;
}
