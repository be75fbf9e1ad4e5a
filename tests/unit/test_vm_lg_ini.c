// SPDX-License-Identifier: MIT
/*
 * The Looking Glass client's ini files by B7's own reading rules
 * (common/src/option.c: a byte at a time, printable ASCII only, "[module]"
 * alone on its line, ';' comments at the start of a line only, names and
 * modules without regard to case, later files winning), and what
 * `vm check --client-ini` makes of them against the VM: the memory the
 * client opens and the SPICE port it dials. The guide author's own file
 * against his own VM is the real case.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/test_uefi_util.h"
#include "tests/unit/vm_def_util.h"
#include "vm/vm_check.h"
#include "vm/vm_domain.h"
#include "vm/vm_guest_files.h"
#include "vm/vm_lg_ini.h"

#define FIX "tests/fixtures/vm/"

static bool parse(const char *text, struct vm_lg_ini *ini)
{
	memset(ini, 0, sizeof(*ini));
	return vm_lg_ini_parse(text, strlen(text), ini);
}

static void test_guide_author_ini(void **state)
{
	struct tbuf b = t_read(FIX "client/guide-author.ini");
	struct vm_lg_ini ini = { 0 };

	(void)state;
	assert_true(vm_lg_ini_parse((const char *)b.p, b.len, &ini));
	assert_true(ini.have_shm);
	assert_string_equal(ini.shm_file, "/dev/kvmfr0");
	assert_true(ini.have_spice_enable && ini.spice_enable);
	assert_string_equal(ini.spice_host, "127.0.0.1");
	assert_int_equal(ini.spice_port, 5900);
	t_free(&b);
}

static void test_reading_rules(void **state)
{
	struct vm_lg_ini ini;

	(void)state;
	/* spaces around '=' go, tabs and CRs vanish wherever they are */
	assert_true(parse("[APP]\r\n  ShmFile \t =  /dev/kvm\tfr1  \r\n", &ini));
	assert_string_equal(ini.shm_file, "/dev/kvmfr1");
	/* only the first '=' splits */
	assert_true(parse("[app]\nshmFile=/dev/shm/a=b\n", &ini));
	assert_string_equal(ini.shm_file, "/dev/shm/a=b");
	/* ';' comments only at the very start of a line; '#' never */
	assert_true(parse("[app]\n;shmFile=/dev/kvmfr1\n#shmFile=/dev/kvmfr2\n", &ini));
	assert_false(ini.have_shm);
	assert_true(parse("[app]\n ;shmFile=/dev/kvmfr1\n", &ini));
	assert_false(ini.have_shm);
	assert_true(parse("[app]\nshmFile=/dev/kvmfr1 ; the first device\n", &ini));
	assert_string_equal(ini.shm_file, "/dev/kvmfr1 ; the first device");
	/* a module name is taken as written, spaces included */
	assert_true(parse("[ app ]\nshmFile=/dev/kvmfr1\n", &ini));
	assert_false(ini.have_shm);
	/* the last value wins, also across modules and files */
	assert_true(parse("[spice]\nport=5901\nenable=no\n[app]\n[spice]\nport=5902\n", &ini));
	assert_int_equal(ini.spice_port, 5902);
	assert_false(ini.spice_enable);
	assert_true(parse("[spice]\nenable=On", &ini));
	assert_true(ini.spice_enable);
	/* atol(): digits up to the first other character */
	assert_true(parse("[spice]\nport=5905abc\n", &ini));
	assert_int_equal(ini.spice_port, 5905);
	/* a file without a final newline still counts its last line */
	assert_true(parse("[app]\nshmFile=/dev/kvmfr3", &ini));
	assert_string_equal(ini.shm_file, "/dev/kvmfr3");
}

static void test_syntax_errors(void **state)
{
	static const struct {
		const char *text;
		unsigned int line;
	} bad[] = {
		{ "[app] \nshmFile=/dev/kvmfr0\n", 1 }, /* a space after the module */
		{ "[app] ; memory\n", 1 },
		{ "[app][win]\n", 1 },
		{ "shmFile=/dev/kvmfr0\n", 1 }, /* no module yet */
		{ "[app]\n=/dev/kvmfr0\n", 2 },
		{ "[app\nshmFile=/dev/kvmfr0\n", 1 },
		{ "[]\n", 1 },
		{ "[app]\nshmFile=x\n\n[win\n", 4 },
	};
	struct vm_lg_ini ini;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i].text, &ini) || ini.syntax_line != bad[i].line)
			fail_msg("case %zu: want a syntax error on line %u, got line %u", i,
				 bad[i].line, ini.syntax_line);
		assert_non_null(ini.syntax_what);
	}
	/* not errors: a bracket inside a value, an empty value, blank lines */
	assert_true(parse("\n\n[win]\ntitle=[vm]\nsize=\n", &ini));
}

static int check(const char *domain, const char *const *texts, size_t n, struct vm_check_report *r)
{
	struct vm_check_opts o = { .root = "/nonexistent" };
	size_t i;

	for (i = 0; i < n; i++) {
		o.client_text[i] = texts[i];
		o.client_len[i] = strlen(texts[i]);
		o.client_name[i] = "client.ini";
	}
	o.n_client = n;
	return t_vm_check_fixture(domain, &o, r);
}

static void test_check_author_against_vms(void **state)
{
	struct tbuf b = t_read(FIX "client/guide-author.ini");
	const char *text = (const char *)b.p;
	struct vm_check_report r;
	const struct vm_finding *f;
	char *s = strndup(text, b.len);

	(void)state;
	/* his own VM: kvmfr0 and SPICE 5900 */
	assert_int_equal(check("guide-author.xml", (const char *const *)&s, 1, &r), 0);
	assert_int_equal(t_vm_count_findings(&r, "client-"), 0);
	vm_check_report_free(&r);
	/* a VM on /dev/shm/looking-glass */
	assert_int_equal(check("good-shmem.xml", (const char *const *)&s, 1, &r), 0);
	f = vm_check_find(&r, "client-shm-mismatch");
	assert_non_null(f);
	assert_int_equal(f->severity, VM_SEV_ERROR);
	assert_non_null(strstr(f->message, "/dev/kvmfr0"));
	assert_non_null(strstr(f->message, "/dev/shm/looking-glass"));
	assert_string_equal(f->hint, "set shmFile=/dev/shm/looking-glass under [app]");
	vm_check_report_free(&r);
	free(s);
	t_free(&b);
}

static void test_check_defaults_and_order(void **state)
{
	const char *none[] = { "[win]\nsize=1920x1080\n" };
	const char *two[] = { "[spice]\nport=5901\n", "[spice]\nport=5900\n" };
	const char *other_port[] = { "[app]\nshmFile=/dev/kvmfr0\n[spice]\nport=5901\n" };
	const char *no_spice[] = { "[app]\nshmFile=/dev/kvmfr0\n[spice]\nenable=no\nport=1\n" };
	const char *broken[] = { "[app]\nshmFile=/dev/kvmfr0\n", "[spice] \n" };
	struct vm_check_report r;
	const struct vm_finding *f;

	(void)state;
	/* no shmFile: B7 takes /dev/kvmfr0 only when the host has it (not under
	 * this root), else /dev/shm/looking-glass, which is good-shmem's */
	assert_int_equal(check("good-shmem.xml", none, 1, &r), 0);
	assert_int_equal(t_vm_count_findings(&r, "client-"), 0);
	vm_check_report_free(&r);
	assert_int_equal(check("guide-author.xml", none, 1, &r), 0);
	f = vm_check_find(&r, "client-shm-mismatch");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "default"));
	vm_check_report_free(&r);
	/* the later file wins */
	assert_int_equal(check("good-shmem.xml", two, 2, &r), 0);
	assert_null(vm_check_find(&r, "client-spice-mismatch"));
	vm_check_report_free(&r);
	assert_int_equal(check("guide-author.xml", other_port, 1, &r), 0);
	f = vm_check_find(&r, "client-spice-mismatch");
	assert_non_null(f);
	assert_string_equal(f->hint, "set port=5900 under [spice]");
	vm_check_report_free(&r);
	assert_int_equal(check("guide-author.xml", no_spice, 1, &r), 0);
	assert_int_equal(t_vm_count_findings(&r, "client-"), 0);
	vm_check_report_free(&r);
	assert_int_equal(check("guide-author.xml", broken, 2, &r), 0);
	f = vm_check_find(&r, "client-ini-syntax");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "line 1"));
	assert_int_equal(t_vm_count_findings(&r, "client-"), 1);
	vm_check_report_free(&r);
}

/* What `vfctl vm guest-files` writes, read back by the client's rules. */
static void test_written_client_ini_reads_back(void **state)
{
	static const struct {
		enum vm_shm_kind shm;
		unsigned int minor, port;
		enum vm_display display;
	} v[] = {
		{ VM_SHM_KVMFR, 0, 0, VM_DISPLAY_SPICE },
		{ VM_SHM_KVMFR, 3, 5905, VM_DISPLAY_SPICE },
		{ VM_SHM_FILE, 0, 0, VM_DISPLAY_SPICE },
		{ VM_SHM_FILE, 0, 0, VM_DISPLAY_NONE },
	};
	struct vm_domain d;
	struct vm_lg_ini ini;
	char path[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char *text;

		t_vm_domain(&d);
		d.shm = v[i].shm;
		d.kvmfr_minor = v[i].minor;
		d.spice_port = v[i].port;
		d.display = v[i].display;
		text = vm_lg_client_ini(&d);
		assert_non_null(text);
		if (!parse(text, &ini))
			fail_msg("variant %zu: line %u: %s", i, ini.syntax_line, ini.syntax_what);
		vm_domain_shm_path(&d, path, sizeof(path));
		assert_true(ini.have_shm);
		assert_string_equal(ini.shm_file, path);
		assert_true(ini.have_spice_enable);
		assert_int_equal(ini.spice_enable, v[i].display == VM_DISPLAY_SPICE);
		if (ini.spice_enable) {
			assert_int_equal(ini.spice_port, vm_domain_spice_port(&d));
			assert_string_equal(ini.spice_host, "127.0.0.1");
		}
		free(text);
	}
}

static int check_host(const char *domain, const char *text, size_t len, struct vm_check_report *r)
{
	struct vm_check_opts o = { .root = "/nonexistent",
				   .host_ini_text = text,
				   .host_ini_len = len,
				   .host_ini_name = "looking-glass-host.ini" };

	return t_vm_check_fixture(domain, &o, r);
}

/* The guide author's host ini: B6's Direct3D 12 copy options, gone in B7. */
static void test_host_ini_guide_author(void **state)
{
	struct tbuf b = t_read(FIX "lg-host/guide-author.ini");
	struct vm_check_report r;
	const struct vm_finding *f;

	(void)state;
	assert_int_equal(check_host("guide-author.xml", (const char *)b.p, b.len, &r), 0);
	f = vm_check_find(&r, "host-option-b6");
	assert_non_null(f);
	assert_int_equal(f->severity, VM_SEV_WARNING);
	assert_non_null(strstr(f->message, "line 5"));
	assert_non_null(strstr(f->message, "copyBackend, d3d12CopySleep"));
	assert_non_null(strstr(f->hint, "capture=d12"));
	assert_int_equal(t_vm_count_findings(&r, "host-"), 1);
	vm_check_report_free(&r);
	t_free(&b);
}

static void test_host_ini_findings(void **state)
{
	static const struct {
		const char *text, *id, *in_message;
		enum vm_severity sev;
	} cases[] = {
		{ "[app]\ncapture=NVFBC\n", "host-capture-nvfbc", "line 2", VM_SEV_ERROR },
		{ "[app]\ncapture=dxgi12\n", "host-capture-unknown", "capture=dxgi12",
		  VM_SEV_ERROR },
		{ "[app] \ncapture=d12\n", "host-ini-syntax", "line 1", VM_SEV_WARNING },
		{ "[DXGI]\nD3D12CopySleep = 5\n", "host-option-b6", "d3d12CopySleep is B6's",
		  VM_SEV_WARNING },
	};
	static const char *const clean[] = {
		"[app]\ncapture=D12\n[d12]\ntrackDamage=no\n",
		"[app]\ncapture=\n",
		"; nothing\n",
		"[app]\n;capture=nvfbc\n[dxgi]\ndisableDamage=true\n",
	};
	struct vm_check_report r;
	const struct vm_finding *f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(check_host("good.xml", cases[i].text, strlen(cases[i].text), &r),
				 0);
		f = vm_check_find(&r, cases[i].id);
		if (!f || f->severity != cases[i].sev || !strstr(f->message, cases[i].in_message))
			fail_msg("case %zu: want %s with '%s', got %s", i, cases[i].id,
				 cases[i].in_message, f ? f->message : "nothing");
		assert_int_equal(t_vm_count_findings(&r, "host-"), 1);
		vm_check_report_free(&r);
	}
	for (i = 0; i < sizeof(clean) / sizeof(clean[0]); i++) {
		assert_int_equal(check_host("good.xml", clean[i], strlen(clean[i]), &r), 0);
		if (t_vm_count_findings(&r, "host-"))
			fail_msg("clean case %zu: %s", i, r.f[0].message);
		vm_check_report_free(&r);
	}
}

/* What `vfctl vm guest-files` writes for the guest reads clean (it wrote
 * B6's copyBackend=d3d12 and d3d12CopySleep before, which B7 ignores). */
static void test_written_host_ini_is_clean(void **state)
{
	struct vm_check_report r;
	struct vm_domain d;
	char *text;

	(void)state;
	t_vm_domain(&d);
	text = vm_lg_host_ini(&d);
	assert_non_null(text);
	assert_int_equal(check_host("good.xml", text, strlen(text), &r), 0);
	if (t_vm_count_findings(&r, "host-"))
		fail_msg("%s: %s", r.f[0].id, r.f[0].message);
	vm_check_report_free(&r);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guide_author_ini),
		cmocka_unit_test(test_reading_rules),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_check_author_against_vms),
		cmocka_unit_test(test_check_defaults_and_order),
		cmocka_unit_test(test_written_client_ini_reads_back),
		cmocka_unit_test(test_host_ini_guide_author),
		cmocka_unit_test(test_host_ini_findings),
		cmocka_unit_test(test_written_host_ini_is_clean),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
