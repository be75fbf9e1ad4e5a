// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: dkms.conf (a driver tree's, so untrusted) through
 * dkms_conf_parse() and its BUILD_EXCLUSIVE regexes through regcomp, and
 * the same bytes as an EFI signature list (MokListRT). Nothing may crash,
 * and a parsed conf always has a name, a version and at least one module.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "dkms/dkms_compat.h"
#include "dkms/dkms_conf.h"
#include "dkms/dkms_efi.h"
#include "dkms/dkms_esl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dkms_conf c;
	char err[256];
	bool bad;

	if (!dkms_conf_parse((const char *)data, size, &c, err, sizeof(err))) {
		if (!c.name[0] || !c.version[0] || !c.n_modules || c.n_modules > DKMS_MAX_MODULES)
			abort();
		dkms_range_match(c.excl_kernel, "6.12.95+deb12-amd64", err, sizeof(err));
		dkms_range_match(c.excl_arch, "x86_64", err, sizeof(err));
		if (!dkms_conf_has_module(&c, c.modules[c.n_modules - 1]))
			abort();
		dkms_conf_has_module(&c, "intel-sriov-compat");
	}
	if (size > 44)
		dkms_esl_has_cert(data, size, data + 44, size - 44, &bad);
	return 0;
}
