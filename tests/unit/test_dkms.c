// SPDX-License-Identifier: MIT
/*
 * lib/dkms: the dkms.conf reader, the kernel range as dkms matches it
 * (checked against bash's own =~, which is what dkms runs), headers under a
 * root prefix, Secure Boot from efivarfs files, and MOK enrolment against
 * signature lists written by efitools' cert-to-efi-sig-list for a
 * certificate made the way dkms makes its own (openssl req -x509, DER).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/common_file.h"
#include "dkms/dkms_compat.h"
#include "dkms/dkms_conf.h"
#include "dkms/dkms_efi.h"
#include "dkms/dkms_esl.h"
#include "dkms/dkms_fs.h"

/* The shape of the driver's dkms.conf at its head (four modules, the compat
 * module first, the range in double quotes with backslashes). */
static const char head_conf[] =
	"PACKAGE_NAME=\"i915-sriov-dkms\"\n"
	"PACKAGE_VERSION=\"2026.05.06\"\n\n"
	"BUILT_MODULE_NAME[0]=\"intel_sriov_compat\"\n"
	"BUILT_MODULE_LOCATION[0]=compat\nDEST_MODULE_LOCATION[0]=/updates\n\n"
	"BUILT_MODULE_NAME[1]=\"i915\"\nBUILT_MODULE_LOCATION[1]=drivers/gpu/drm/i915\n"
	"BUILT_MODULE_NAME[2]=\"kvmgt\"\n"
	"BUILT_MODULE_NAME[3]=\"xe\"\n"
	"MAKE[0]=\"make -C ${kernel_source_dir} M=${dkms_tree}/${PACKAGE_NAME}/${PACKAGE_VERSION}/build\"\n"
	"AUTOINSTALL=yes\n"
	"BUILD_EXCLUSIVE_KERNEL=\"^(6\\.1[7-9]|7\\.0)\"\n";

static void parse_ok(const char *text, struct dkms_conf *c)
{
	char err[256] = "";

	assert_int_equal(dkms_conf_parse(text, strlen(text), c, err, sizeof(err)), 0);
}

static void parse_fails(const char *text, const char *why)
{
	struct dkms_conf c;
	char err[256] = "";

	assert_int_equal(dkms_conf_parse(text, strlen(text), &c, err, sizeof(err)), -EINVAL);
	if (!strstr(err, why))
		fail_msg("error \"%s\" does not say \"%s\"", err, why);
}

static void test_conf_head(void **state)
{
	struct dkms_conf c;

	(void)state;
	parse_ok(head_conf, &c);
	assert_string_equal(c.name, "i915-sriov-dkms");
	assert_string_equal(c.version, "2026.05.06");
	assert_string_equal(c.excl_kernel, "^(6\\.1[7-9]|7\\.0)");
	assert_string_equal(c.excl_arch, "");
	assert_int_equal(c.n_modules, 4);
	assert_string_equal(c.modules[0], "intel_sriov_compat");
	assert_string_equal(c.modules[3], "xe");
	assert_true(dkms_conf_has_module(&c, "intel-sriov-compat"));
	assert_false(dkms_conf_has_module(&c, "i91"));
}

static void test_conf_quoting(void **state)
{
	struct dkms_conf c;
	char v[64];

	(void)state;
	parse_ok("  PACKAGE_NAME=drv # the name\nPACKAGE_VERSION='1.0 beta'\n"
		 "BUILT_MODULE_NAME[2]=b\nBUILT_MODULE_NAME[0]=a\n"
		 "BUILD_EXCLUSIVE_KERNEL=^6\\.1\nBUILD_EXCLUSIVE_ARCH=\"x86_64|i.86\"\n"
		 "echo PACKAGE_NAME=ignored\n#PACKAGE_VERSION=2\n",
		 &c);
	assert_string_equal(c.name, "drv");
	assert_string_equal(c.version, "1.0 beta");
	/* A bare backslash escapes the next character for bash: ^6.1 */
	assert_string_equal(c.excl_kernel, "^6.1");
	assert_string_equal(c.excl_arch, "x86_64|i.86");
	assert_int_equal(c.n_modules, 2);
	assert_string_equal(c.modules[0], "a");
	assert_string_equal(c.modules[1], "b");
	/* Double quotes keep a backslash unless it escapes $ ` " \ */
	assert_int_equal(dkms_conf_value("\"a\\.b\\\"c\\\\\"", 12, v, sizeof(v)), 0);
	assert_string_equal(v, "a\\.b\"c\\");
	assert_int_equal(dkms_conf_value("\"open", 5, v, sizeof(v)), -EINVAL);
	assert_int_equal(dkms_conf_value("abcdefgh", 8, v, 4), -ENAMETOOLONG);
	/* CRLF files (edited on Windows) keep their values. */
	parse_ok("PACKAGE_NAME=\"d\"\r\nPACKAGE_VERSION=\"1\"\r\nBUILT_MODULE_NAME[0]=m\r\n", &c);
	assert_string_equal(c.modules[0], "m");
}

static void test_conf_errors(void **state)
{
	(void)state;
	parse_fails("PACKAGE_VERSION=1\nBUILT_MODULE_NAME[0]=m\n", "no PACKAGE_NAME");
	parse_fails("PACKAGE_NAME=n\nBUILT_MODULE_NAME[0]=m\n", "no PACKAGE_VERSION");
	parse_fails("PACKAGE_NAME=n\nPACKAGE_VERSION=1\n", "no BUILT_MODULE_NAME[0]");
	parse_fails("PACKAGE_NAME=n\nPACKAGE_VERSION=1\nBUILT_MODULE_NAME[1]=m\n",
		    "no BUILT_MODULE_NAME[0]");
	parse_fails("PACKAGE_NAME=\"n\nPACKAGE_VERSION=1\n", "line 1: PACKAGE_NAME: unterminated");
	parse_fails("PACKAGE_NAME=n\nPACKAGE_VERSION=1\nBUILT_MODULE_NAME[99]=m\n",
		    "BUILT_MODULE_NAME[99]");
	{
		char big[1200];

		snprintf(big, sizeof(big), "PACKAGE_NAME=%0700d\n", 0);
		parse_fails(big, "longer than");
	}
}

/* bash's verdict for [[ $k =~ $re ]], which is dkms's BUILD_EXCLUSIVE test. */
static int bash_match(const char *re, const char *k)
{
	char cmd[1024];
	int rc;

	snprintf(cmd, sizeof(cmd), "bash -c '[[ $1 =~ $2 ]]' - '%s' '%s'", k, re);
	rc = system(cmd);
	return rc == -1 ? -1 : WEXITSTATUS(rc) == 0;
}

static void test_range_like_bash(void **state)
{
	/* The ranges of the driver's head, a 2026.03 release, its 6.12 and LTS
	 * branches, against Debian's and upstream release strings. */
	static const char *const res[] = { "^(6\\.1[7-9]|7\\.0)",
					   "^6\\.1[2-9]",
					   "^6\\.([8-9]|1[0-6])",
					   "^6\\.([0-9]|1[0-1])\\.",
					   "",
					   "6\\.1$" };
	static const char *const kernels[] = { "6.1.0-57-amd64",
					       "6.12.95+deb12-amd64",
					       "6.17.3-arch1-1",
					       "7.0.0-rc1",
					       "6.19.2",
					       "6.10.14-amd64",
					       "6.1",
					       "5.15.0-100-generic" };
	size_t i, j;

	(void)state;
	if (system("bash -c true") != 0)
		skip();
	for (i = 0; i < sizeof(res) / sizeof(res[0]); i++)
		for (j = 0; j < sizeof(kernels) / sizeof(kernels[0]); j++) {
			int ours = dkms_range_match(res[i], kernels[j], NULL, 0);
			int bash = *res[i] ? bash_match(res[i], kernels[j]) : 1;

			if (ours != bash)
				fail_msg("%s =~ %s: ours %d, bash %d", kernels[j], res[i], ours,
					 bash);
		}
	assert_int_equal(dkms_range_match("^(6", "6.1", NULL, 0), -EINVAL);
	/* What would make regcomp run out of memory is refused (found by the
	 * fuzzer): stacked quantifiers, large counts. */
	assert_int_equal(dkms_range_match("^6KA++++++++", "6", NULL, 0), -EINVAL);
	assert_int_equal(dkms_range_match("(a{1,1000}){1000}", "a", NULL, 0), -EINVAL);
	assert_int_equal(dkms_range_match("^6\\.1[0-9]{1,2}", "6.12", NULL, 0), 1);
}

/* ------------------------------------------------------------------------ */
/* Fixture trees */

struct tree {
	char root[128];
};

static void put(const struct tree *t, const char *path, const void *data, size_t n)
{
	char p[512], *slash;
	FILE *f;

	snprintf(p, sizeof(p), "%s%s", t->root, path);
	for (slash = strchr(p + strlen(t->root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(p, 0755);
		*slash = '/';
	}
	f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

static void put_str(const struct tree *t, const char *path, const char *s)
{
	put(t, path, s, strlen(s));
}

/* An efivarfs file: the attribute word (NV|BS|RT), then the data. */
static void put_efivar(const struct tree *t, const char *name, const void *data, size_t n)
{
	char path[256];
	uint8_t *buf = malloc(n + 4);

	assert_non_null(buf);
	buf[0] = 7;
	buf[1] = buf[2] = buf[3] = 0;
	memcpy(buf + 4, data, n);
	snprintf(path, sizeof(path), "/sys/firmware/efi/efivars/%s", name);
	put(t, path, buf, n + 4);
	free(buf);
}

static void put_flag(const struct tree *t, const char *name, uint8_t v)
{
	put_efivar(t, name, &v, 1);
}

#define SB_VAR "SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
#define SETUP_VAR "SetupMode-8be4df61-93ca-11d2-aa0d-00e098032b8c"
#define SHIM_SB_VAR "MokSBStateRT-605dab50-e046-4300-abb6-3dd810dd8b23"
#define MOKLIST_VAR "MokListRT-605dab50-e046-4300-abb6-3dd810dd8b23"
#define MOKNEW_VAR "MokNew-605dab50-e046-4300-abb6-3dd810dd8b23"

static int tree_setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	char link[512];

	if (!t)
		return -1;
	snprintf(t->root, sizeof(t->root), "%s/dkms-test.XXXXXX", getenv("TMPDIR") ?: "/tmp");
	if (!mkdtemp(t->root))
		return -1;
	put_str(t, "/proc/sys/kernel/osrelease", "6.12.95+deb12-amd64\n");
	put_str(t, "/proc/sys/kernel/arch", "x86_64\n");
	/* Debian: build is an absolute link into /usr/src (inside the root). */
	put_str(t, "/usr/src/linux-headers-6.12.95+deb12-amd64/include/linux/module.h", "");
	put_str(t, "/lib/modules/6.12.95+deb12-amd64/modules.dep", "");
	snprintf(link, sizeof(link), "%s/lib/modules/6.12.95+deb12-amd64/build", t->root);
	if (symlink("/usr/src/linux-headers-6.12.95+deb12-amd64", link))
		return -1;
	put_str(t, "/lib/modules/6.1.0-57-amd64/modules.dep", "");
	*state = t;
	return 0;
}

static int tree_teardown(void **state)
{
	struct tree *t = *state;
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->root);
	if (system(cmd))
		return -1;
	free(t);
	return 0;
}

static void check(const struct tree *t, const char *conf_text, const char *kernel,
		  struct dkms_compat *r)
{
	struct dkms_compat_opts o = { .root = t->root, .kernel = kernel };
	struct dkms_conf c;

	parse_ok(conf_text, &c);
	assert_int_equal(dkms_compat_check(&o, &c, r), 0);
}

static const char release_conf[] = "PACKAGE_NAME=\"i915-sriov-dkms\"\n"
				   "PACKAGE_VERSION=\"2026.03.05.2\"\n"
				   "BUILT_MODULE_NAME[0]=\"intel_sriov_compat\"\n"
				   "BUILT_MODULE_NAME[1]=\"i915\"\n"
				   "BUILD_EXCLUSIVE_KERNEL=\"^6\\.1[2-9]\"\n";

static void test_compat_kernel_and_headers(void **state)
{
	struct tree *t = *state;
	struct dkms_compat r;
	char why[1024];

	/* Running kernel from the root's /proc: in range, headers present. */
	check(t, release_conf, NULL, &r);
	assert_string_equal(r.kernel, "6.12.95+deb12-amd64");
	assert_true(r.headers);
	assert_int_equal(r.secure_boot, DKMS_SB_NOT_EFI);
	assert_int_equal(r.verdict, DKMS_OK);

	/* 6.1: outside the release's range; the reason names both. */
	check(t, release_conf, "6.1.0-57-amd64", &r);
	assert_int_equal(r.verdict, DKMS_EXCLUDED_KERNEL);
	dkms_verdict_reason(&r, why, sizeof(why));
	assert_non_null(strstr(why, "6.1.0-57-amd64"));
	assert_non_null(strstr(why, "^6\\.1[2-9]"));

	/* The head's range excludes 6.12 too. */
	check(t, head_conf, NULL, &r);
	assert_int_equal(r.verdict, DKMS_EXCLUDED_KERNEL);

	/* In range, no headers (no build link): the package to install. */
	check(t, release_conf, "6.13.1-amd64", &r);
	assert_int_equal(r.verdict, DKMS_NO_HEADERS);
	dkms_verdict_reason(&r, why, sizeof(why));
	assert_non_null(strstr(why, "apt-get install linux-headers-6.13.1-amd64"));

	/* A build link to a tree without include/ is no headers either. */
	put_str(t, "/usr/src/linux-headers-6.14.0-x/Makefile", "");
	{
		char link[512];

		snprintf(link, sizeof(link), "%s/lib/modules/6.14.0-x", t->root);
		mkdir(link, 0755);
		strcat(link, "/build");
		assert_int_equal(symlink("/usr/src/linux-headers-6.14.0-x", link), 0);
	}
	check(t, release_conf, "6.14.0-x", &r);
	assert_int_equal(r.verdict, DKMS_NO_HEADERS);

	/* The architecture range. */
	{
		struct dkms_compat_opts o = { .root = t->root, .arch = "aarch64" };
		struct dkms_conf c;

		parse_ok("PACKAGE_NAME=a\nPACKAGE_VERSION=1\nBUILT_MODULE_NAME[0]=m\n"
			 "BUILD_EXCLUSIVE_ARCH=\"x86_64\"\n",
			 &c);
		assert_int_equal(dkms_compat_check(&o, &c, &r), 0);
		assert_int_equal(r.verdict, DKMS_EXCLUDED_ARCH);
	}
}

/* A registered version's conf: dkms accepted it at add time, so a trimmed
 * copy still gives its range; the version comes from the registry's path. */
static void test_conf_registered(void **state)
{
	struct tree *t = *state;
	struct dkms_conf c;
	char err[256];

	put_str(t, "/src/a/dkms.conf",
		"PACKAGE_NAME=\"i915-sriov-dkms\"\n"
		"BUILD_EXCLUSIVE_KERNEL=\"^6\\.1[2-9]\"\n");
	assert_int_equal(dkms_conf_load_registered(t->root, "/src/a/dkms.conf", "x", "2025.07.22",
						   &c, err, sizeof(err)),
			 0);
	assert_string_equal(c.name, "i915-sriov-dkms");
	assert_string_equal(c.version, "2025.07.22");
	assert_string_equal(c.excl_kernel, "^6\\.1[2-9]");
	assert_int_equal(c.n_modules, 0);
	/* The strict reader refuses the same file; syntax errors stay errors. */
	assert_int_equal(dkms_conf_load(t->root, "/src/a/dkms.conf", &c, err, sizeof(err)),
			 -EINVAL);
	put_str(t, "/src/b/dkms.conf", "PACKAGE_VERSION=\"1\n");
	assert_int_equal(dkms_conf_load_registered(t->root, "/src/b/dkms.conf", "x", "1", &c, err,
						   sizeof(err)),
			 -EINVAL);
	assert_int_equal(dkms_conf_load_registered(t->root, "/src/none/dkms.conf", "x", "1", &c,
						   err, sizeof(err)),
			 -ENOENT);
}

static void test_secure_boot_state(void **state)
{
	struct tree *t = *state;

	put_str(t, "/sys/firmware/efi/systab", "");
	/* EFI without readable variables (efivarfs not mounted). */
	assert_int_equal(dkms_efi_secure_boot(t->root), DKMS_SB_UNKNOWN);
	put_flag(t, SB_VAR, 0);
	assert_int_equal(dkms_efi_secure_boot(t->root), DKMS_SB_OFF);
	put_flag(t, SB_VAR, 1);
	assert_int_equal(dkms_efi_secure_boot(t->root), DKMS_SB_ON);
	put_flag(t, SETUP_VAR, 1);
	assert_int_equal(dkms_efi_secure_boot(t->root), DKMS_SB_OFF);
	put_flag(t, SETUP_VAR, 0);
	put_flag(t, SHIM_SB_VAR, 1);
	assert_int_equal(dkms_efi_secure_boot(t->root), DKMS_SB_SHIM_OFF);
	put_flag(t, SHIM_SB_VAR, 0);
	assert_int_equal(dkms_efi_secure_boot(t->root), DKMS_SB_ON);
	/* A truncated variable (attributes only) is not a state. */
	put(t, "/sys/firmware/efi/efivars/" SB_VAR, "\7\0\0\0", 4);
	assert_int_equal(dkms_efi_secure_boot(t->root), DKMS_SB_UNKNOWN);
}

/* Run a shell command in @dir; false when it fails or a tool is missing. */
static bool sh(const char *dir, const char *cmd)
{
	char full[2048];

	snprintf(full, sizeof(full), "cd '%s' && { %s; } >/dev/null 2>&1", dir, cmd);
	return system(full) == 0;
}

static void *slurp(const char *dir, const char *name, size_t *n)
{
	char p[512];
	char *text;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	assert_int_equal(common_read_file(p, 1 << 20, 0, &text, n), 0);
	return text;
}

static void test_mok_enrolment(void **state)
{
	struct tree *t = *state;
	char work[256], why[1024];
	struct dkms_compat r;
	uint8_t *esl, *other_esl;
	size_t esl_n, other_n;

	snprintf(work, sizeof(work), "%s/work", t->root);
	mkdir(work, 0755);
	/* Two certificates made as dkms makes its key, and their signature
	 * lists written by efitools (not by this project). */
	if (!sh(work, "openssl req -new -x509 -nodes -days 36500 -subj '/CN=DKMS module signing "
		      "key' -newkey rsa:2048 -keyout mok.key -outform DER -out mok.pub && "
		      "openssl req -new -x509 -nodes -days 1 -subj '/CN=other' -newkey rsa:2048 "
		      "-keyout o.key -outform DER -out o.der && "
		      "openssl x509 -inform DER -in mok.pub -out mok.pem && "
		      "openssl x509 -inform DER -in o.der -out o.pem && "
		      "cert-to-efi-sig-list mok.pem mok.esl && cert-to-efi-sig-list o.pem o.esl"))
		skip(); /* openssl or efitools missing: counted as a skip */
	esl = slurp(work, "mok.esl", &esl_n);
	other_esl = slurp(work, "o.esl", &other_n);

	put_str(t, "/sys/firmware/efi/systab", "");
	put_flag(t, SB_VAR, 1);
	put_flag(t, SETUP_VAR, 0);

	/* Secure Boot on, dkms has no key yet: it will make one that nobody
	 * enrolled. */
	check(t, release_conf, NULL, &r);
	assert_false(r.mok_cert_exists);
	assert_int_equal(r.verdict, DKMS_KEY_NOT_ENROLLED);
	dkms_verdict_reason(&r, why, sizeof(why));
	assert_non_null(strstr(why, "mokutil --import /var/lib/dkms/mok.pub"));

	/* The key exists, MokListRT holds only another certificate. */
	{
		size_t n;
		char *der = slurp(work, "mok.pub", &n);

		put(t, "/var/lib/dkms/mok.pub", der, n);
		free(der);
	}
	put_efivar(t, MOKLIST_VAR, other_esl, other_n);
	check(t, release_conf, NULL, &r);
	assert_true(r.mok_cert_exists);
	assert_int_equal(r.mok, DKMS_MOK_NOT_ENROLLED);
	assert_int_equal(r.verdict, DKMS_KEY_NOT_ENROLLED);

	/* mokutil --import done, not yet confirmed at boot. */
	put_efivar(t, MOKNEW_VAR, esl, esl_n);
	check(t, release_conf, NULL, &r);
	assert_int_equal(r.mok, DKMS_MOK_PENDING);
	dkms_verdict_reason(&r, why, sizeof(why));
	assert_non_null(strstr(why, "not confirmed"));

	/* Enrolled: in the second list of MokListRT (the other one first). */
	{
		uint8_t *both = malloc(other_n + esl_n);

		assert_non_null(both);
		memcpy(both, other_esl, other_n);
		memcpy(both + other_n, esl, esl_n);
		put_efivar(t, MOKLIST_VAR, both, other_n + esl_n);
		free(both);
	}
	check(t, release_conf, NULL, &r);
	assert_int_equal(r.mok, DKMS_MOK_ENROLLED);
	assert_int_equal(r.verdict, DKMS_OK);

	/* framework.conf moves the certificate: the default is not it. */
	put_str(t, "/etc/dkms/framework.conf", "# keys\nmok_certificate=\"/root/other.der\"\n");
	check(t, release_conf, NULL, &r);
	assert_string_equal(r.mok_cert, "/root/other.der");
	assert_int_equal(r.verdict, DKMS_KEY_NOT_ENROLLED);
	put_str(t, "/etc/dkms/framework.conf.d/keys.conf",
		"mok_certificate=/var/lib/dkms/mok.pub\n");
	check(t, release_conf, NULL, &r);
	assert_string_equal(r.mok_cert, "/var/lib/dkms/mok.pub");
	assert_int_equal(r.verdict, DKMS_OK);

	/* Malformed lists: a truncated header, a size past the end. */
	{
		bool err;

		assert_false(dkms_esl_has_cert(esl, 20, esl, 4, &err));
		assert_true(err);
		esl[16] = 0xff;
		assert_false(dkms_esl_has_cert(esl, esl_n, esl + 44, esl_n - 44, &err));
		assert_true(err);
	}
	free(esl);
	free(other_esl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conf_head),
		cmocka_unit_test(test_conf_quoting),
		cmocka_unit_test(test_conf_errors),
		cmocka_unit_test(test_range_like_bash),
		cmocka_unit_test_setup_teardown(test_compat_kernel_and_headers, tree_setup,
						tree_teardown),
		cmocka_unit_test_setup_teardown(test_conf_registered, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_secure_boot_state, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_mok_enrolment, tree_setup, tree_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
