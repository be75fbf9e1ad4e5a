// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the reader of kernelstub's configuration
 * (lib/setup/setup_kernelstub_conf.c), a JSON file of the host's that
 * vfctl setup reads before it judges the options (Pop!_OS).
 *
 * Properties besides memory safety: the joined options fit their buffer,
 * a refusal says why, and the line read is one the command line reader
 * takes.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "setup/setup_steps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[512], why[256], buf[600];
	int ret;

	if (size > 1 << 16)
		return 0;
	ret = setup_kernelstub_line((const char *)data, size, line, sizeof(line), why, sizeof(why));
	if (ret == -EINVAL && !why[0])
		abort();
	if (!ret) {
		if (strlen(line) >= sizeof(line))
			abort();
		setup_params_against(line, buf, sizeof(buf));
	}
	return 0;
}
