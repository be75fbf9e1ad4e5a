// SPDX-License-Identifier: MIT
/*
 * The DKMS compatibility check (see dkms_compat.h).
 */
#include <errno.h>
#include <glob.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "dkms/dkms_compat.h"
#include "dkms/dkms_fs.h"

/* glibc's regcomp takes exponential memory on stacked quantifiers ("a++++"),
 * and a dkms.conf comes from the driver tree: real ranges are short and
 * plain, so refuse the rest rather than run out of memory. */
#define DKMS_REGEX_MAX 256

static bool too_complex(const char *re)
{
	size_t i, n = strlen(re);

	if (n > DKMS_REGEX_MAX)
		return true;
	for (i = 0; i < n; i++) {
		if (i && strchr("*+?{", re[i]) && strchr("*+?}", re[i - 1]) &&
		    (i < 2 || re[i - 2] != '\\'))
			return true;
		/* Counted repetition multiplies the automaton: {N} only small. */
		if (re[i] == '{' && (!i || re[i - 1] != '\\') && strtoul(re + i + 1, NULL, 10) > 16)
			return true;
		if (re[i] == ',' && i && re[i - 1] >= '0' && re[i - 1] <= '9' &&
		    strtoul(re + i + 1, NULL, 10) > 16)
			return true;
	}
	return false;
}

int dkms_range_match(const char *re, const char *s, char *err, size_t errlen)
{
	regex_t rx;
	int ret;

	if (!re || !*re)
		return 1;
	if (too_complex(re)) {
		if (err)
			snprintf(err, errlen, "longer than %d characters or stacked quantifiers",
				 DKMS_REGEX_MAX);
		return -EINVAL;
	}
	/* bash's =~ is regcomp(REG_EXTENDED) and an unanchored regexec. */
	ret = regcomp(&rx, re, REG_EXTENDED | REG_NOSUB);
	if (ret) {
		if (err)
			regerror(ret, &rx, err, errlen);
		regfree(&rx);
		return -EINVAL;
	}
	ret = !regexec(&rx, s, 0, NULL, 0);
	regfree(&rx);
	return ret;
}

static void first_line(char *s)
{
	s[strcspn(s, "\r\n")] = '\0';
}

/* The running kernel under @root: its /proc, then uname(2) for the host. */
static int running(const char *root, const char *file, const char *uts, char *buf, size_t size)
{
	char *text;
	size_t n;

	if (!host_read_max(root, file, DKMS_READ_MAX, &text, &n)) {
		first_line(text);
		snprintf(buf, size, "%s", text);
		free(text);
		return buf[0] ? 0 : -ENOENT;
	}
	if (root && *root && strcmp(root, "/"))
		return -ENOENT;
	snprintf(buf, size, "%s", uts);
	return 0;
}

static void mok_cert_from(const char *file, char *out, size_t size)
{
	char *text, *line, *save = NULL;
	size_t n;

	if (host_read_max("", file, DKMS_READ_MAX, &text, &n))
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		static const char key[] = "mok_certificate=";
		char val[PATH_MAX];

		line += strspn(line, " \t");
		if (strncmp(line, key, sizeof(key) - 1))
			continue;
		line += sizeof(key) - 1;
		/* A path with $kernelver in it is per kernel: keep the default. */
		if (!dkms_conf_value(line, strlen(line), val, sizeof(val)) && val[0] &&
		    !strchr(val, '$'))
			snprintf(out, size, "%s", val);
	}
	free(text);
}

/* mok_certificate from /etc/dkms/framework.conf, then framework.conf.d/ *.conf
 * in glob order, as dkms reads them (the last assignment wins). */
static void mok_cert_path(const char *root, char *out, size_t size)
{
	char p[PATH_MAX];
	glob_t g;
	size_t i;

	snprintf(out, size, "%s", DKMS_MOK_CERT_DEFAULT);
	if (!host_path(root, "/etc/dkms/framework.conf", p, sizeof(p)))
		mok_cert_from(p, out, size);
	if (host_path(root, "/etc/dkms/framework.conf.d/*.conf", p, sizeof(p)) ||
	    glob(p, 0, NULL, &g))
		return;
	for (i = 0; i < g.gl_pathc; i++)
		mok_cert_from(g.gl_pathv[i], out, size);
	globfree(&g);
}

int dkms_compat_check(const struct dkms_compat_opts *o, const struct dkms_conf *conf,
		      struct dkms_compat *r)
{
	char p[PATH_MAX], build[PATH_MAX];
	struct utsname u;
	int m;

	memset(r, 0, sizeof(*r));
	r->conf = *conf;
	if (uname(&u))
		memset(&u, 0, sizeof(u));
	if (o->kernel && *o->kernel)
		snprintf(r->kernel, sizeof(r->kernel), "%s", o->kernel);
	else if (running(o->root, "/proc/sys/kernel/osrelease", u.release, r->kernel,
			 sizeof(r->kernel)))
		return -ENOENT;
	if (o->arch && *o->arch)
		snprintf(r->arch, sizeof(r->arch), "%s", o->arch);
	else if (running(o->root, "/proc/sys/kernel/arch", u.machine, r->arch, sizeof(r->arch)))
		snprintf(r->arch, sizeof(r->arch), "%.*s", (int)sizeof(r->arch) - 1, u.machine);

	m = dkms_range_match(conf->excl_kernel, r->kernel, r->regex_err, sizeof(r->regex_err));
	r->kernel_ok = m == 1;
	if (m < 0) {
		r->verdict = DKMS_BAD_REGEX;
	} else {
		m = dkms_range_match(conf->excl_arch, r->arch, r->regex_err, sizeof(r->regex_err));
		r->arch_ok = m == 1;
		if (m < 0)
			r->verdict = DKMS_BAD_REGEX;
	}

	/* dkms looks for the include directory of /lib/modules/K/build. */
	snprintf(p, sizeof(p), "/lib/modules/%s/build", r->kernel);
	if (!dkms_resolve(o->root, p, build, sizeof(build))) {
		snprintf(p, sizeof(p), "%.*s/include", (int)(sizeof(p) - 9), build);
		r->headers = dkms_exists(o->root, p);
	}
	snprintf(r->headers_pkg, sizeof(r->headers_pkg), "linux-headers-%s", r->kernel);

	r->secure_boot = dkms_efi_secure_boot(o->root);
	mok_cert_path(o->root, r->mok_cert, sizeof(r->mok_cert));
	r->mok_cert_exists = dkms_exists(o->root, r->mok_cert);
	r->mok = DKMS_MOK_UNKNOWN;
	if (r->secure_boot == DKMS_SB_ON && r->mok_cert_exists) {
		char *der;
		size_t n;

		if (!host_read_max(o->root, r->mok_cert, DKMS_READ_MAX, &der, &n)) {
			r->mok = dkms_efi_mok_state(o->root, (uint8_t *)der, n);
			free(der);
		}
	}

	if (r->verdict == DKMS_BAD_REGEX)
		return 0;
	if (!r->kernel_ok)
		r->verdict = DKMS_EXCLUDED_KERNEL;
	else if (!r->arch_ok)
		r->verdict = DKMS_EXCLUDED_ARCH;
	else if (!r->headers)
		r->verdict = DKMS_NO_HEADERS;
	/* With no certificate yet, dkms makes one at the first build: it is
	 * then not enrolled either. */
	else if (r->secure_boot == DKMS_SB_ON && r->mok != DKMS_MOK_ENROLLED)
		r->verdict = DKMS_KEY_NOT_ENROLLED;
	else
		r->verdict = DKMS_OK;
	return 0;
}

const char *dkms_verdict_name(enum dkms_verdict v)
{
	switch (v) {
	case DKMS_OK:
		return "ok";
	case DKMS_EXCLUDED_KERNEL:
		return "excluded-kernel";
	case DKMS_EXCLUDED_ARCH:
		return "excluded-arch";
	case DKMS_NO_HEADERS:
		return "no-headers";
	case DKMS_KEY_NOT_ENROLLED:
		return "key-not-enrolled";
	case DKMS_BAD_REGEX:
		return "bad-regex";
	}
	return "unknown";
}

void dkms_verdict_reason(const struct dkms_compat *r, char *buf, size_t size)
{
	const struct dkms_conf *c = &r->conf;

	switch (r->verdict) {
	case DKMS_OK:
		snprintf(buf, size, "%s %s builds for %s (%s)", c->name, c->version, r->kernel,
			 r->secure_boot == DKMS_SB_ON ? "Secure Boot on, key enrolled" :
							"no Secure Boot enforcement");
		break;
	case DKMS_EXCLUDED_KERNEL:
		snprintf(buf, size,
			 "kernel %s is outside %s %s's range BUILD_EXCLUSIVE_KERNEL=\"%s\": "
			 "boot a kernel it matches or use a driver release made for %s",
			 r->kernel, c->name, c->version, c->excl_kernel, r->kernel);
		break;
	case DKMS_EXCLUDED_ARCH:
		snprintf(buf, size, "machine %s is outside %s %s's BUILD_EXCLUSIVE_ARCH=\"%s\"",
			 r->arch, c->name, c->version, c->excl_arch);
		break;
	case DKMS_NO_HEADERS:
		snprintf(buf, size,
			 "no headers for kernel %s (/lib/modules/%s/build/include): "
			 "apt-get install %s",
			 r->kernel, r->kernel, r->headers_pkg);
		break;
	case DKMS_KEY_NOT_ENROLLED:
		snprintf(buf, size,
			 "Secure Boot is on and dkms's signing certificate %s is %s: "
			 "the kernel will refuse the modules; mokutil --import %s, reboot and "
			 "confirm the key in MokManager",
			 r->mok_cert,
			 !r->mok_cert_exists ? "not made yet (dkms makes it at the first build)" :
			 r->mok == DKMS_MOK_PENDING ? "imported but not confirmed yet" :
			 r->mok == DKMS_MOK_UNKNOWN ? "not found in a readable MokListRT" :
						      "not an enrolled MOK",
			 r->mok_cert);
		break;
	case DKMS_BAD_REGEX:
		snprintf(buf, size, "%s %s: a BUILD_EXCLUSIVE regex does not compile (%s)", c->name,
			 c->version, r->regex_err);
		break;
	}
}
