// SPDX-License-Identifier: MIT
/*
 * The DKMS driver against the running kernel, through lib/dkms's one
 * compatibility check: is the kernel inside the driver's
 * BUILD_EXCLUSIVE_KERNEL range (the most common report: a kernel update the
 * driver does not support yet, and DKMS silently builds nothing; the
 * installed kernels it does support are named), and under Secure Boot, is
 * the key dkms signs with an enrolled MOK (else the kernel refuses the
 * modules and it looks like any failed modprobe). Missing headers are
 * driver.dkms's finding (with the distribution's package), told here only
 * as evidence.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkms/dkms_compat.h"
#include "dkms/dkms_fs.h"
#include "host/host_doctor_internal.h"

#define DKMS_NAME "i915-sriov-dkms"
#define MAX_VERSIONS 8

struct version {
	char name[128];
	struct dkms_compat c;
	bool built; /* var/lib/dkms/NAME/VER/KERNEL/ exists */
	char err[256];
	bool ok_conf;
};

/* The registered versions (what `dkms status` lists), their dkms.conf read
 * through the source link inside the root. */
static size_t load_versions(const struct host_doctor *d, struct version *v, size_t max)
{
	char p[PATH_MAX], rel[PATH_MAX], src[PATH_MAX];
	struct dkms_compat_opts o = { .root = d->root, .kernel = d->release };
	struct dirent *e;
	size_t n = 0;
	DIR *dir;

	if (host_path(d->root, "/var/lib/dkms/" DKMS_NAME, p, sizeof(p)))
		return 0;
	dir = opendir(p);
	while (dir && n < max && (e = readdir(dir))) {
		struct version *x = &v[n];
		struct dkms_conf conf;

		if (e->d_name[0] == '.' || !strncmp(e->d_name, "kernel-", 7))
			continue;
		memset(x, 0, sizeof(*x));
		snprintf(x->name, sizeof(x->name), "%.127s", e->d_name);
		snprintf(rel, sizeof(rel), "/var/lib/dkms/" DKMS_NAME "/%s/source", x->name);
		if (dkms_resolve(d->root, rel, src, sizeof(src)))
			snprintf(src, sizeof(src), "/usr/src/" DKMS_NAME "-%s", x->name);
		snprintf(rel, sizeof(rel), "%.1000s/dkms.conf", src);
		x->ok_conf = !dkms_conf_load_registered(d->root, rel, DKMS_NAME, x->name, &conf,
							x->err, sizeof(x->err)) &&
			     !dkms_compat_check(&o, &conf, &x->c);
		snprintf(rel, sizeof(rel), "/var/lib/dkms/" DKMS_NAME "/%s/%s", x->name,
			 d->release);
		x->built = dkms_exists(d->root, rel);
		n++;
	}
	if (dir)
		closedir(dir);
	return n;
}

/* Installed kernels (lib/modules) whose release @re matches, for the hint. */
static void kernels_in_range(const struct host_doctor *d, const char *re, char *out, size_t size)
{
	char p[PATH_MAX];
	struct dirent *e;
	size_t o = 0;
	DIR *dir;

	out[0] = '\0';
	if (host_path(d->root, "/lib/modules", p, sizeof(p)))
		return;
	dir = opendir(p);
	while (dir && (e = readdir(dir))) {
		if (e->d_name[0] == '.' || dkms_range_match(re, e->d_name, NULL, 0) != 1)
			continue;
		o += snprintf(out + o, o < size ? size - o : 0, "%s%s", o ? ", " : "", e->d_name);
		if (o >= size)
			break;
	}
	if (dir)
		closedir(dir);
}

bool doctor_dkms_excluded(const struct host_doctor *d)
{
	struct version *v = calloc(MAX_VERSIONS, sizeof(*v));
	bool any = false, all = true;
	size_t n, i;

	if (!v || !d->have_release) {
		free(v);
		return false;
	}
	n = load_versions(d, v, MAX_VERSIONS);
	for (i = 0; i < n; i++) {
		if (!v[i].ok_conf)
			continue;
		any = true;
		all &= v[i].c.verdict == DKMS_EXCLUDED_KERNEL;
	}
	free(v);
	return any && all;
}

/* The first line of a make.log that says what went wrong. */
static void first_error(char *text, char *err, size_t size)
{
	static const char *const marks[] = { "error", "Error", "Permission denied", "No such file",
					     NULL };
	char *line, *save = NULL;
	size_t i;

	err[0] = '\0';
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		for (i = 0; marks[i]; i++)
			if (strstr(line, marks[i])) {
				snprintf(err, size, "%.300s", line);
				return;
			}
}

/*
 * dkms keeps the log of the last build of a release in
 * /var/lib/dkms/NAME/VER/build/make.log, its first line naming the kernel
 * ("DKMS make.log for NAME-VER for kernel K (ARCH)"); a release not built
 * for K whose log names K failed to build (dkms got past its range and
 * header checks and ran make).
 */
bool doctor_dkms_build_failed(const struct host_doctor *d, char *log, size_t lsize, char *err,
			      size_t esize)
{
	struct version *v = calloc(MAX_VERSIONS, sizeof(*v));
	char want[300], *text;
	bool found = false;
	size_t n, i;

	if (!v || !d->have_release) {
		free(v);
		return false;
	}
	snprintf(want, sizeof(want), " for kernel %s ", d->release);
	n = load_versions(d, v, MAX_VERSIONS);
	for (i = 0; i < n && !found; i++) {
		char *nl;

		if (v[i].built)
			continue;
		snprintf(log, lsize, "/var/lib/dkms/" DKMS_NAME "/%s/build/make.log", v[i].name);
		if (host_read(d->root, log, &text, NULL))
			continue;
		nl = strchr(text, '\n');
		if (nl)
			*nl = '\0';
		found = strstr(text, want) != NULL;
		if (found && nl)
			first_error(nl + 1, err, esize);
		free(text);
	}
	free(v);
	return found;
}

/*
 * The kernel a distribution release offers besides its own, when it is in
 * the driver's range: Debian 12 carries 6.12 in bookworm-backports (its
 * releases are named like "6.12.12+bpo-amd64"); its own 6.1 is older than
 * every release of the main branch, which keeps the intel-lts-v6.1 branch
 * for it.
 */
static void hint_distro_kernel(const struct host_doctor *d, struct host_finding *f,
			       const char *range)
{
	static const char debian12_bpo[] = "6.12.12+bpo-amd64";

	if (d->distro.family != HOST_DISTRO_DEBIAN || strcmp(d->distro.version_id, "12"))
		return;
	if (dkms_range_match(range, debian12_bpo, NULL, 0) == 1)
		host_finding_hint(f,
				  "on Debian 12 the backports kernel is in range: apt install -t "
				  "bookworm-backports linux-image-amd64 linux-headers-amd64 && "
				  "reboot");
	if (!strncmp(d->release, "6.1.", 4))
		host_finding_hint(f,
				  "or keep kernel %s with the driver's intel-lts-v6.1 branch "
				  "(made for 6.1 kernels)",
				  d->release);
}

static void check_kernel(struct host_doctor *d, struct host_report *r, struct version *v, size_t n)
{
	struct version *best = NULL;
	struct host_finding *f;
	char why[1024], others[512];
	size_t i;

	/* A version that builds for this kernel wins; else the newest. */
	for (i = 0; i < n; i++) {
		if (!v[i].ok_conf)
			continue;
		if (v[i].c.verdict != DKMS_EXCLUDED_KERNEL &&
		    v[i].c.verdict != DKMS_EXCLUDED_ARCH && v[i].c.verdict != DKMS_BAD_REGEX) {
			if (!best || best->c.verdict == DKMS_EXCLUDED_KERNEL ||
			    strverscmp(v[i].name, best->name) > 0)
				best = &v[i];
		} else if (!best || (best->c.verdict == DKMS_EXCLUDED_KERNEL &&
				     strverscmp(v[i].name, best->name) > 0)) {
			best = &v[i];
		}
	}
	if (!best) {
		f = host_report_add(r, "dkms.kernel", HOST_FAIL,
				    "The dkms.conf of " DKMS_NAME
				    " %s cannot be read or is malformed.",
				    v[0].name);
		host_finding_evidence(f, "%s", v[0].err);
		host_finding_hint(f,
				  "dkms remove " DKMS_NAME "/%s --all, then add a release "
				  "from its repository again",
				  v[0].name);
		return;
	}
	dkms_verdict_reason(&best->c, why, sizeof(why));
	switch (best->c.verdict) {
	case DKMS_EXCLUDED_KERNEL:
		f = host_report_add(r, "dkms.kernel", HOST_FAIL,
				    DKMS_NAME " %s does not support kernel %s: DKMS builds nothing "
					      "for it.",
				    best->name, d->release);
		kernels_in_range(d, best->c.conf.excl_kernel, others, sizeof(others));
		if (others[0])
			host_finding_hint(f,
					  "boot an installed kernel it supports (%s), or install "
					  "a release of " DKMS_NAME " whose BUILD_EXCLUSIVE_KERNEL "
					  "matches %s",
					  others, d->release);
		else
			host_finding_hint(f,
					  "install a release of " DKMS_NAME " whose "
					  "BUILD_EXCLUSIVE_KERNEL matches %s, or a kernel matching "
					  "\"%s\"",
					  d->release, best->c.conf.excl_kernel);
		hint_distro_kernel(d, f, best->c.conf.excl_kernel);
		break;
	case DKMS_NO_HEADERS:
		/* The range is this finding's; a build missing for want of
		 * headers is driver.dkms's, with the distribution's package. */
		f = host_report_add(r, "dkms.kernel", HOST_PASS,
				    DKMS_NAME " %s's range includes kernel %s%s.", best->name,
				    d->release, best->built ? " and it is built for it" : "");
		host_finding_evidence(f, "no headers for %s: a build needs them (driver.dkms)",
				      d->release);
		break;
	default:
		f = host_report_add(r, "dkms.kernel", HOST_PASS,
				    DKMS_NAME " %s supports kernel %s%s.", best->name, d->release,
				    best->built ? " and is built for it" : "");
		break;
	}
	host_finding_evidence(f, "BUILD_EXCLUSIVE_KERNEL=\"%s\"; modules: %zu%s%s%s; %s",
			      best->c.conf.excl_kernel, best->c.conf.n_modules,
			      best->c.conf.n_modules ? " (" : "", best->c.conf.modules[0],
			      best->c.conf.n_modules > 1 ? ", ...)" :
			      best->c.conf.n_modules	 ? ")" :
							   "",
			      why);
}

static void check_signing(struct host_report *r, const struct dkms_compat *c)
{
	struct host_finding *f;

	switch (c->secure_boot) {
	case DKMS_SB_ON:
		if (c->mok == DKMS_MOK_ENROLLED) {
			f = host_report_add(
				r, "dkms.signing", HOST_PASS,
				"Secure Boot is on and dkms's signing key is an enrolled "
				"MOK.");
			break;
		}
		f = host_report_add(r, "dkms.signing", HOST_FAIL,
				    "Secure Boot is on and the key dkms signs the modules with is "
				    "%s: the kernel will refuse to load them.",
				    !c->mok_cert_exists ? "not made yet" :
				    c->mok == DKMS_MOK_PENDING ?
							  "imported but not confirmed at boot" :
							  "not enrolled");
		if (c->mok_cert_exists && c->mok == DKMS_MOK_PENDING)
			host_finding_hint(f,
					  "reboot and confirm the key in MokManager (Enroll MOK)");
		else if (c->mok_cert_exists)
			host_finding_hint(f,
					  "mokutil --import %s && reboot, then confirm the key "
					  "in MokManager (Enroll MOK)",
					  c->mok_cert);
		else
			host_finding_hint(f,
					  "dkms autoinstall (it makes %s), then mokutil --import "
					  "%s && reboot and confirm the key in MokManager",
					  c->mok_cert, c->mok_cert);
		break;
	case DKMS_SB_UNKNOWN:
		f = host_report_add(r, "dkms.signing", HOST_WARN,
				    "This is an EFI system but its Secure Boot state could not be "
				    "read.");
		host_finding_hint(f, "mount -t efivarfs efivarfs /sys/firmware/efi/efivars; "
				     "mokutil --sb-state");
		break;
	default:
		f = host_report_add(r, "dkms.signing", HOST_PASS,
				    "The kernel does not require signed modules (Secure Boot %s).",
				    dkms_sb_name(c->secure_boot));
		break;
	}
	host_finding_evidence(f, "secure boot: %s; certificate: %s (%s); MOK: %s",
			      dkms_sb_name(c->secure_boot), c->mok_cert,
			      c->mok_cert_exists ? "present" : "absent", dkms_mok_name(c->mok));
}

void host_check_dkms(struct host_doctor *d, struct host_report *r)
{
	struct version *v;
	size_t n, i;

	if (!d->have_release) {
		host_report_add(r, "dkms", HOST_SKIP, "The running kernel's release is unknown.");
		return;
	}
	v = calloc(MAX_VERSIONS, sizeof(*v));
	if (!v) {
		host_report_add(r, "dkms", HOST_SKIP, "Out of memory.");
		return;
	}
	/* Not added to DKMS at all: driver.dkms already says so, with the fix. */
	n = load_versions(d, v, MAX_VERSIONS);
	if (n) {
		check_kernel(d, r, v, n);
		for (i = 0; i < n && !v[i].ok_conf; i++)
			;
		if (i < n)
			check_signing(r, &v[i].c);
	}
	free(v);
}
