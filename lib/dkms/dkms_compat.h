/* SPDX-License-Identifier: MIT */
/*
 * The one compatibility check of a DKMS driver against a kernel: used by the
 * CI pipeline (preflight, dry run, driver stage, the matrix) through
 * dkms_check, and by `vfctl doctor`. It answers what dkms would do before
 * anything is built: excluded kernel or architecture (BUILD_EXCLUSIVE_*, as
 * dkms's own =~ match), headers missing, and on a Secure Boot system whether
 * the modules dkms signs would load (its MOK certificate enrolled).
 */
#ifndef DKMS_COMPAT_H
#define DKMS_COMPAT_H

#include <limits.h>
#include <stdbool.h>

#include "dkms/dkms_conf.h"
#include "dkms/dkms_efi.h"

/* dkms's default certificate, unless framework.conf sets mok_certificate. */
#define DKMS_MOK_CERT_DEFAULT "/var/lib/dkms/mok.pub"

enum dkms_verdict {
	DKMS_OK, /* dkms would build, and the modules would load */
	DKMS_EXCLUDED_KERNEL, /* BUILD_EXCLUSIVE_KERNEL does not match */
	DKMS_EXCLUDED_ARCH, /* BUILD_EXCLUSIVE_ARCH does not match */
	DKMS_NO_HEADERS, /* no /lib/modules/K/build/include */
	DKMS_KEY_NOT_ENROLLED, /* Secure Boot on, dkms's key not (yet) a MOK */
	DKMS_BAD_REGEX, /* a BUILD_EXCLUSIVE regex does not compile */
};

struct dkms_compat_opts {
	const char *root; /* prefix; NULL or "/" for the host */
	const char *kernel; /* release to check; NULL: the running one */
	const char *arch; /* machine; NULL: the running one */
};

struct dkms_compat {
	struct dkms_conf conf;
	char kernel[256]; /* the release checked */
	char arch[64];
	bool kernel_ok, arch_ok;
	bool headers; /* /lib/modules/K/build/include exists */
	char headers_pkg[300]; /* "linux-headers-K" (Debian's name) */
	enum dkms_sb secure_boot;
	char mok_cert[PATH_MAX]; /* the certificate dkms signs with */
	bool mok_cert_exists; /* dkms made it already */
	enum dkms_mok mok; /* only read when Secure Boot is on */
	enum dkms_verdict verdict; /* the first problem, in build order */
	char regex_err[128];
};

/**
 * dkms_compat_check - check a parsed dkms.conf against a kernel
 * @o: where to look
 * @conf: the driver's dkms.conf
 * @r: result
 *
 * Return: 0, or -ENOENT when the kernel release cannot be found.
 */
int dkms_compat_check(const struct dkms_compat_opts *o, const struct dkms_conf *conf,
		      struct dkms_compat *r);

/** dkms_range_match - the dkms test: empty @re matches, else regexec(@s) */
int dkms_range_match(const char *re, const char *s, char *err, size_t errlen);

const char *dkms_verdict_name(enum dkms_verdict v);

/**
 * dkms_verdict_reason - one sentence for @r's verdict, with what to do
 * @r: result
 * @buf: sentence
 * @size: size of @buf
 */
void dkms_verdict_reason(const struct dkms_compat *r, char *buf, size_t size);

#endif
