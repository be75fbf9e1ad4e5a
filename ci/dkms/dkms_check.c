// SPDX-License-Identifier: MIT
/*
 * dkms_check: lib/dkms's compatibility check for the shell (the CI
 * pipeline's preflight, dry run and driver stage, and make dkms-matrix).
 *
 * usage: dkms_check [--root DIR] [--kernel RELEASE] [--arch MACHINE] SRC
 *   SRC is a DKMS source tree (its dkms.conf) or a dkms.conf file.
 * Prints one KEY=value line per fact (name, version, modules, kernel, arch,
 * excl_kernel, kernel_ok, headers, headers_pkg, secure_boot, mok_cert,
 * mok_cert_exists, mok, verdict, reason). Exit: 0 the driver would build
 * and load, 1 it would not (verdict and reason say why; also a malformed
 * dkms.conf), 2 usage, 3 no dkms.conf or no kernel release to check.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "dkms/dkms_compat.h"

static void usage(FILE *f)
{
	fputs("usage: dkms_check [--root DIR] [--kernel RELEASE] [--arch MACHINE] SRC\n", f);
}

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "arch", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct dkms_compat_opts o = { 0 };
	struct dkms_compat r;
	struct dkms_conf conf;
	char conf_path[PATH_MAX], err[256] = "", reason[1024];
	struct stat st;
	size_t i;
	int c, ret;

	while ((c = getopt_long(argc, argv, "r:k:a:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			o.root = optarg;
			break;
		case 'k':
			o.kernel = optarg;
			break;
		case 'a':
			o.arch = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		usage(stderr);
		return 2;
	}
	/* The source tree is the caller's (not under --root). */
	if (!stat(argv[optind], &st) && S_ISDIR(st.st_mode))
		snprintf(conf_path, sizeof(conf_path), "%s/dkms.conf", argv[optind]);
	else
		snprintf(conf_path, sizeof(conf_path), "%s", argv[optind]);
	ret = dkms_conf_load(NULL, conf_path, &conf, err, sizeof(err));
	if (ret == -EINVAL) {
		printf("verdict=bad-conf\nreason=%s: %s\n", conf_path, err);
		return 1;
	}
	if (ret) {
		fprintf(stderr, "dkms_check: %s\n", err);
		return 3;
	}
	if (dkms_compat_check(&o, &conf, &r)) {
		fprintf(stderr, "dkms_check: cannot read the running kernel's release\n");
		return 3;
	}
	printf("name=%s\nversion=%s\nmodules=", conf.name, conf.version);
	for (i = 0; i < conf.n_modules; i++)
		printf("%s%s", i ? " " : "", conf.modules[i]);
	dkms_verdict_reason(&r, reason, sizeof(reason));
	printf("\nkernel=%s\narch=%s\nexcl_kernel=%s\nexcl_arch=%s\nkernel_ok=%s\narch_ok=%s\n"
	       "headers=%s\nheaders_pkg=%s\nsecure_boot=%s\nmok_cert=%s\nmok_cert_exists=%s\n"
	       "mok=%s\nverdict=%s\nreason=%s\n",
	       r.kernel, r.arch, conf.excl_kernel, conf.excl_arch, yes_no(r.kernel_ok),
	       yes_no(r.arch_ok), yes_no(r.headers), r.headers_pkg, dkms_sb_name(r.secure_boot),
	       r.mok_cert, yes_no(r.mok_cert_exists), dkms_mok_name(r.mok),
	       dkms_verdict_name(r.verdict), reason);
	return r.verdict == DKMS_OK ? 0 : 1;
}
