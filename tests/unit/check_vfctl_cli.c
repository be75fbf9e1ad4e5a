// SPDX-License-Identifier: MIT
/*
 * vfctl provision plan and vfctl kvmfr size, end to end: runs the binary
 * for every (max_vfs, num_vfs) pair and checks its JSON contract against
 * i915's numbers, taken from the research notes rather than from kernel/;
 * and the Looking Glass sizes of the LG B7 documentation. Then vfctl as a
 * person meets it (issue 16): one argument grammar in every command, one
 * JSON document on stdout whatever happens, hints that are command lines,
 * per-subcommand help, colour only when asked or on a terminal.
 *
 * usage: check_vfctl_cli VFCTL RESULTS_DIR
 * Prints one line per check and writes RESULTS_DIR/vfctl-cli.counts.
 */
#include <json-c/json.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_check.h"
#include "fixture_tree.h"

/* Run vfctl with @args, capture stdout; returns the exit code. */
static int run(const char *args, char *out, size_t size)
{
	return cli_run(args, out, size, NULL, 0);
}

static int64_t get(struct json_object *o, const char *path)
{
	char buf[128], *save = NULL, *key;
	struct json_object *cur = o;

	snprintf(buf, sizeof(buf), "%s", path);
	for (key = strtok_r(buf, ".", &save); key && cur; key = strtok_r(NULL, ".", &save))
		if (!json_object_object_get_ex(cur, key, &cur))
			return -1;
	return cur ? json_object_get_int64(cur) : -1;
}

/*
 * i915's usable GGTT start (ggtt->pin_bias = GuC WOPCM size) as
 * intel_wopcm_init() computes it: 2 MiB WOPCM, less the 36 KiB hardware
 * context reserve, less the GuC region's base (HuC upload size + 16 KiB,
 * 16 KiB aligned). All four platforms load tgl_huc.bin: 589888 bytes of
 * which the 384-byte RSA signature is not uploaded.
 */
static int64_t i915_ggtt_base(void)
{
	int64_t huc = 589888 - 384, base = (huc + 16384 + 16383) / 16384 * 16384;

	return ((2 << 20) - 36 * 1024 - base) / 4096 * 4096;
}

/*
 * One (platform, max_vfs, N, spares) plan against i915's auto-provisioning
 * as read in intel_iov_provisioning.c: GGTT = (largest hole - spare) / N,
 * 4K aligned, top-down from GUC_GGTT_TOP; contexts = (free blocks - the
 * blocks the PF still needs for its spare) / N, top-down from 65534;
 * doorbells = 256 / N from 0, and the last VF refused (-EDQUOT: no plan,
 * exit 1) when the doorbell spare exceeds 256 - N * (256 / N).
 */
static void check_plan_with(const char *platform, unsigned int m, unsigned int n,
			    int64_t ggtt_spare, int64_t ctx_spare, int64_t db_spare)
{
	/* research notes, section 3: PF keeps 512 - floor(512 / (1 + m)) * m blocks */
	unsigned int pf_blocks = 512 - (512 / (1 + m)) * m;
	int64_t pf_ctxs = pf_blocks * 128 - 1;
	int64_t ctx_want = ctx_spare > 256 ? ctx_spare : 256;
	int64_t reserved = ctx_want > pf_ctxs ? (ctx_want - pf_ctxs + 127) / 128 : 0;
	int64_t ctxs = ((512 - pf_blocks - reserved) * 128 / n) / 128 * 128;
	int64_t gspare = ggtt_spare > (64ll << 20) ? ggtt_spare : (64ll << 20);
	int64_t ggtt = ((0xfee00000ll - i915_ggtt_base() - gspare) / n) & ~4095ll;
	int fits = db_spare <= 256 - (int64_t)n * (256 / n);
	char args[192], out[16384];
	struct json_object *o, *vfs;
	int rc, ok = 1;
	unsigned int i;

	snprintf(args, sizeof(args),
		 "provision plan --platform %s --max-vfs %u --vfs %u --ggtt-spare %lld "
		 "--contexts-spare %lld --doorbells-spare %lld --json",
		 platform, m, n, (long long)ggtt_spare, (long long)ctx_spare, (long long)db_spare);
	rc = run(args, out, sizeof(out));
	if (!fits) {
		cli_check(rc == 1, "plan %s m=%u n=%u db spare %lld: no plan (EDQUOT), as i915",
			  platform, m, n, (long long)db_spare);
		return;
	}
	o = json_tokener_parse(out);
	if (rc || !o || !json_object_object_get_ex(o, "vfs", &vfs) ||
	    json_object_array_length(vfs) != n) {
		cli_check(0, "plan %s m=%u n=%u: exit %d, output not the contract", platform, m, n,
			  rc);
		json_object_put(o);
		return;
	}
	ok &= get(o, "max_vfs") == m && get(o, "num_vfs") == n;
	ok &= get(o, "pf.ggtt_base") == i915_ggtt_base();
	ok &= get(o, "pf.contexts.begin") == 0 && get(o, "pf.contexts.count") == pf_ctxs;
	for (i = 0; i < n; i++) {
		struct json_object *v = json_object_array_get_idx(vfs, i);

		ok &= get(v, "vf") == i + 1;
		ok &= get(v, "contexts.count") == ctxs;
		ok &= get(v, "contexts.begin") == 65535 - (int64_t)(i + 1) * ctxs;
		ok &= get(v, "doorbells.count") == 256 / n;
		ok &= get(v, "doorbells.begin") == (int64_t)i * (256 / n);
		ok &= get(v, "ggtt.size") == ggtt;
		ok &= get(v, "ggtt.start") == 0xfee00000ll - (int64_t)(i + 1) * ggtt;
	}
	cli_check(ok,
		  "plan %s m=%u n=%u spares %lld/%lld/%lld: %lld contexts, %u doorbells, "
		  "%lld bytes of GGTT per VF",
		  platform, m, n, (long long)ggtt_spare, (long long)ctx_spare, (long long)db_spare,
		  (long long)ctxs, 256 / n, (long long)ggtt);
	json_object_put(o);
}

static void check_plan(unsigned int m, unsigned int n)
{
	static const char *const platforms[] = { "rpl-s", "rpl-p", "adl-s", "adl-p" };
	/* GGTT spares, context spares (below and above the PF's share), doorbell spares */
	static const int64_t gsp[] = { 0, 1ll << 30 }, csp[] = { 0, 20000 }, dsp[] = { 0, 1, 4, 5 };
	unsigned int p, g, c, d;

	/* every platform with every doorbell spare (the one that can fail) */
	for (p = 0; p < 4; p++)
		for (d = 0; d < 4; d++)
			check_plan_with(platforms[p], m, n, 0, 0, dsp[d]);
	/* the GGTT and context spares on the default platform */
	for (g = 0; g < 2; g++)
		for (c = 0; c < 2; c++)
			if (g || c)
				check_plan_with(platforms[0], m, n, gsp[g], csp[c], 0);
}

/* Read a whole small file into @buf; returns its text or "". */
static const char *slurp(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	buf[0] = '\0';
	if (f) {
		n = fread(buf, 1, size - 1, f);
		buf[n] = '\0';
		fclose(f);
	}
	return buf;
}

/* Replace a small file's contents. */
static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void check_provision_live(void)
{
	static const char *const broken[] = { "ctx-overlap", "ggtt-unfair", "quota-mismatch",
					      "db-vf-twice" };
	const char *card = "sys/class/drm/card0/prelim_iov";
	char args[512], out[16384], before[64], after[64], path[512];
	struct fixture_tree t;
	struct json_object *o;
	unsigned int i;
	int rc;

	if (fixture_tree_make("igt/rpl-7vfs", &t)) {
		cli_check(0, "provision show: cannot compose igt/rpl-7vfs");
		return;
	}
	snprintf(args, sizeof(args), "provision show --root %s --json", t.root);
	rc = run(args, out, sizeof(out));
	fixture_tree_free(&t);
	o = json_tokener_parse(out);
	cli_check(rc == 0 && o && get(o, "num_vfs") == 7 &&
			  json_object_get_boolean(
				  json_object_object_get(o, "checked_against_plan")) &&
			  json_object_array_length(json_object_object_get(o, "problems")) == 0,
		  "provision show: 7 auto-provisioned VFs match the PF core's plan");
	json_object_put(o);
	cli_check(run("provision show --root tests/fixtures/igt/rpl-idle", out, sizeof(out)) == 0,
		  "provision show: an idle PF is fine");
	cli_check(run("provision show --root tests/fixtures/vm", out, sizeof(out)) == 3,
		  "provision show without an i915 PF: environment missing");

	for (i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		snprintf(path, sizeof(path), "igt/broken/%s", broken[i]);
		if (fixture_tree_make(path, &t)) {
			cli_check(0, "provision show %s: cannot compose the tree", broken[i]);
			continue;
		}
		snprintf(args, sizeof(args), "provision show --root %s", t.root);
		rc = run(args, out, sizeof(out));
		cli_check(rc == 1 && strstr(out, "problem"), "provision show finds %s", broken[i]);
		fixture_tree_free(&t);
	}

	/* set: validated before writing, then written in order */
	if (fixture_tree_make("igt/rpl-7vfs", &t)) {
		cli_check(0, "provision set: cannot compose the tree");
		return;
	}
	snprintf(path, sizeof(path), "%s/%s/vf2/gt0/exec_quantum_ms", t.root, card);
	slurp(path, before, sizeof(before));
	snprintf(args, sizeof(args), "provision set vf2 exec_quantum_ms=40 bogus=1 --root %s",
		 t.root);
	rc = run(args, out, sizeof(out));
	cli_check(rc == 2 && !strcmp(slurp(path, after, sizeof(after)), before),
		  "provision set: an unknown key refuses the whole set, nothing written");
	snprintf(args, sizeof(args), "provision set vf2 exec_quantum_ms=40 ggtt_quota=5G --root %s",
		 t.root);
	cli_check(run(args, out, sizeof(out)) == 2 &&
			  !strcmp(slurp(path, after, sizeof(after)), before),
		  "provision set: a quota above the GGTT is refused before writing");
	snprintf(args, sizeof(args), "provision set pf ggtt_spare=1M --root %s", t.root);
	cli_check(run(args, out, sizeof(out)) == 2,
		  "provision set: a GGTT spare below 64M is refused");
	snprintf(args, sizeof(args), "provision set pf auto_provisioning=2 --root %s", t.root);
	cli_check(run(args, out, sizeof(out)) == 2, "provision set: auto_provisioning is 0 or 1");
	snprintf(args, sizeof(args), "provision set vf9 exec_quantum_ms=1 --root %s", t.root);
	cli_check(run(args, out, sizeof(out)) == 2, "provision set: there is no VF9 on Gen12");
	/* a PF whose max_vfs allows 2 */
	snprintf(path, sizeof(path), "%s/sys/class/drm/card0/device/sriov_totalvfs", t.root);
	put(path, "2\n");
	snprintf(args, sizeof(args), "provision set vf3 exec_quantum_ms=1 --root %s", t.root);
	cli_check(run(args, out, sizeof(out)) == 2,
		  "provision set: VF3 of a PF with 2 VFs is refused");
	put(path, "7\n");
	snprintf(args, sizeof(args),
		 "provision set vf2 exec_quantum_ms=40 preempt_timeout_us=40000 "
		 "page_fault_count=0x10 --root %s --json",
		 t.root);
	rc = run(args, out, sizeof(out));
	snprintf(path, sizeof(path), "%s/%s/vf2/gt0/threshold/page_fault_count", t.root, card);
	cli_check(rc == 0 && atoi(slurp(path, after, sizeof(after))) == 16 &&
			  strstr(out, "\"written\":3"),
		  "provision set: three VF values written");
	snprintf(path, sizeof(path), "%s/%s/vf2/gt0/exec_quantum_ms", t.root, card);
	cli_check(atoi(slurp(path, after, sizeof(after))) == 40,
		  "provision set: the quantum is 40");
	/* the driver refusing a write: an attribute this driver does not have */
	snprintf(path, sizeof(path), "%s/%s/pf/gt0/policies/sched_if_idle", t.root, card);
	unlink(path);
	snprintf(args, sizeof(args), "provision set pf sched_if_idle=1 --root %s", t.root);
	cli_check(run(args, out, sizeof(out)) == 1,
		  "provision set: a write the driver refuses fails with its cause");
	fixture_tree_free(&t);
}

/* Exactly one JSON object on stdout, nothing on stderr, the shared envelope. */
static struct json_object *one_doc(const char *what, const char *out, const char *err, int rc)
{
	struct json_tokener *t = json_tokener_new();
	struct json_object *o = json_tokener_parse_ex(t, out, (int)strlen(out)), *e;
	size_t used = t ? t->char_offset : 0;
	int ok;

	json_tokener_free(t);
	while (out[used] == '\n' || out[used] == ' ')
		used++;
	ok = o && !out[used] && !err[0] && get(o, "version") == 1 && get(o, "exit") == rc &&
	     json_object_object_get_ex(o, "errors", &e) &&
	     json_object_is_type(e, json_type_array) &&
	     json_object_object_get_ex(o, "findings", NULL) &&
	     json_object_object_get_ex(o, "command", NULL);
	cli_check(ok, "%s: one JSON document (version 1, exit %d) on stdout, stderr empty", what,
		  rc);
	if (!ok) {
		printf("  stdout: %.400s\n  stderr: %.400s\n", out, err);
		json_object_put(o);
		return NULL;
	}
	return o;
}

static const char *first_error(struct json_object *o, const char *key)
{
	struct json_object *e = json_object_array_get_idx(json_object_object_get(o, "errors"), 0);
	const char *v = e ? json_object_get_string(json_object_object_get(e, key)) : NULL;

	return v ? v : "";
}

/* The usage errors of every command, as JSON: one document with the fix. */
static void check_json_errors(void)
{
	static const struct {
		const char *args, *hint_part;
		int rc;
	} cases[] = {
		{ "doctor --resolution 1920 --json", "vfctl doctor --resolution 2560x1440@60", 2 },
		{ "doctor --pf 00:02 --json", "vfctl doctor --pf 0000:00:02.0", 2 },
		{ "doctor --bogus --json", "--help", 2 },
		{ "vfs persist 8 --root /nonexistent --json", "vfctl vfs persist 7", 2 },
		{ "vfs enable --json", "vfctl vfs enable --json 7", 2 },
		{ "vfio bind 00:02 --json", "vfctl vfio bind 0000:00:02.1", 2 },
		{ "kvmfr size -1x5 --json", "vfctl kvmfr size 2560x1440", 2 },
		{ "kvmfr size 100x100 --json", "vfctl kvmfr size 2560x1440", 2 },
		{ "vm xml --name w --vf 00:02 --romfile /r.efi --resolution 1920x1080 --json",
		  "--vf 0000:00:02.1", 2 },
		{ "vm xml --name w --vf 00:02.1 --resolution 1920x1080 --json",
		  "--romfile /var/lib/libvirt/vbios/IntelGopDriver.efi", 2 },
		{ "vm xml --name w --vf 00:02.1 --romfile r.efi --resolution 1920x1080 --json",
		  "--romfile /", 2 },
		{ "vm xml --name w --vf 00:02.1 --romfile /tmp --resolution 1920x1080 --json",
		  "--romfile /var/lib/libvirt/vbios/IntelGopDriver.efi", 2 },
		{ "vm xml --name w --vf 00:02.1 --romfile /r.efi --resolution 1920x1080 --vcpus 0 --json",
		  "--vcpus 4", 2 },
		{ "vm frobnicate --json", "vfctl vm xml", 2 },
		{ "vm check --json", "virsh dumpxml", 2 },
		{ "gop rom /nonexistent.efi --device 12345 --json", "--device a7a0", 2 },
		{ "nosuchcommand --json", "vfctl --help", 2 },
	};
	char cmd[512], out[65536], err[8192];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct json_object *o;
		int rc;

		snprintf(cmd, sizeof(cmd), "%s", cases[i].args);
		rc = cli_run(cmd, out, sizeof(out), err, sizeof(err));
		o = one_doc(cases[i].args, out, err, rc);
		cli_check(rc == cases[i].rc && o &&
				  strstr(first_error(o, "hint"), cases[i].hint_part) &&
				  first_error(o, "message")[0],
			  "%s: exit %d, the hint is the fix ('%s')", cases[i].args, cases[i].rc,
			  cases[i].hint_part);
		if (o && !strstr(first_error(o, "hint"), cases[i].hint_part))
			printf("  hint: %s\n", first_error(o, "hint"));
		json_object_put(o);
	}
	/* the resolution sentence gives the accepted range */
	cli_run("kvmfr size 100x100 --json", out, sizeof(out), err, sizeof(err));
	cli_check(strstr(out, "width 320 to 16384, height 200 to 16384, 1 to 1000 Hz") != NULL,
		  "a bad resolution names the accepted range");
	/* the text form of the same: sentence and hint on stderr, nothing on stdout */
	cli_run("kvmfr size -1x5", out, sizeof(out), err, sizeof(err));
	cli_check(!out[0] && strstr(err, "'-1x5' is not a resolution") &&
			  strstr(err, "hint: vfctl kvmfr size 2560x1440"),
		  "kvmfr size -1x5 is a bad resolution, not an option");
}

/* PCI addresses and device IDs in every form lspci prints. */
static void check_grammar(void)
{
	char out[65536], err[8192];

	/* accepted by the parser: the run fails later, on the missing root (3) */
	cli_check(cli_run("doctor --pf 00:02.0 --root /nonexistent", out, sizeof(out), err,
			  sizeof(err)) == 3,
		  "doctor --pf 00:02.0 (lspci's form) is accepted");
	cli_check(cli_run("vfs status --pf 00:02.0 --root /nonexistent", out, sizeof(out), err,
			  sizeof(err)) == 3,
		  "vfs --pf 00:02.0 is accepted");
	cli_check(cli_run("vfio bind 00:02.1 --root /nonexistent --json", out, sizeof(out), err,
			  sizeof(err)) != 2 &&
			  !strstr(out, "not a PCI address"),
		  "vfio bind 00:02.1 is accepted");
	cli_check(cli_run("doctor --resolution 2560x1440@144 --root /nonexistent", out, sizeof(out),
			  err, sizeof(err)) == 3,
		  "doctor --resolution WxH@HZ is accepted");
	cli_check(cli_run("gop rom tests/unit/cli_check.sh -o /nonexistent/x.rom --device a7a0",
			  out, sizeof(out), err, sizeof(err)) != 2 &&
			  !strstr(err, "--device"),
		  "gop rom --device a7a0 is accepted");
	cli_check(
		cli_run("gop rom tests/unit/cli_check.sh -o /nonexistent/x.rom --device '[8086:a7a0]'",
			out, sizeof(out), err, sizeof(err)) != 2,
		"gop rom --device [8086:a7a0] (lspci -nn) is accepted");
}

/* Help for one subcommand; colour only on a terminal or when asked. */
static void check_help_colour(void)
{
	static char a[65536], b[65536], err[8192];

	cli_check(cli_run("vm xml --help", a, sizeof(a), err, sizeof(err)) == 0 &&
			  strstr(a, "usage: vfctl vm xml") && !strstr(a, "vfctl vm check DOMAIN"),
		  "vm xml --help describes vm xml only");
	cli_check(cli_run("help vm check", b, sizeof(b), err, sizeof(err)) == 0 &&
			  strstr(b, "usage: vfctl vm check") && !strstr(b, "usage: vfctl vm xml"),
		  "vfctl help vm check describes vm check");
	cli_run("vm --help", a, sizeof(a), err, sizeof(err));
	cli_run("help vm", b, sizeof(b), err, sizeof(err));
	cli_check(a[0] && !strcmp(a, b) && strstr(a, "vfctl vm guest-files"),
		  "vfctl help vm is vfctl vm --help");
	cli_run("help doctor", b, sizeof(b), err, sizeof(err));
	cli_check(strstr(b, "usage: vfctl doctor") != NULL, "vfctl help doctor");
	cli_run("vm check tests/fixtures/vm/shm-small.xml --root tests/fixtures/vm/root", a,
		sizeof(a), err, sizeof(err));
	cli_check(!strchr(a, '\033'), "no colour into a pipe");
	cli_check(strstr(a, "failed (") && strstr(a, "shm-too-small"),
		  "the summary names the failed checks");
	cli_run("--color=always vm check tests/fixtures/vm/shm-small.xml --root tests/fixtures/vm/root",
		a, sizeof(a), err, sizeof(err));
	cli_check(strstr(a, "\033[1;31m") != NULL, "--color=always colours the failures");
	cli_check(cli_run("--color=sometimes doctor", a, sizeof(a), err, sizeof(err)) == 2 &&
			  strstr(err, "--color=auto"),
		  "--color takes never, always or auto");
}

int main(int argc, char **argv)
{
	static const unsigned int ctx7[] = { 0, 57344, 28672, 19072, 14336, 11392, 9472, 8192 };
	static const unsigned int pf_share[] = { 0, 32767, 22015, 16383, 13311, 11135, 9471, 8191 };
	char out[16384], args[96];
	struct json_object *o;
	unsigned int m, n;

	if (argc != 3) {
		fprintf(stderr, "usage: %s VFCTL RESULTS_DIR\n", argv[0]);
		return 2;
	}
	cli_check_start(argv[1], argv[2]);

	for (m = 1; m <= 7; m++)
		for (n = 1; n <= m; n++)
			check_plan(m, n);

	/* the exact tables the issue names */
	for (n = 1; n <= 7; n++) {
		snprintf(args, sizeof(args), "provision plan --max-vfs 7 --vfs %u --json", n);
		run(args, out, sizeof(out));
		o = json_tokener_parse(out);
		cli_check(o && get(json_object_array_get_idx(json_object_object_get(o, "vfs"), 0),
				   "contexts.count") == ctx7[n],
			  "max_vfs=7 N=%u gives %u contexts per VF", n, ctx7[n]);
		json_object_put(o);
	}
	for (m = 1; m <= 7; m++) {
		snprintf(args, sizeof(args), "provision plan --max-vfs %u --vfs 1 --json", m);
		run(args, out, sizeof(out));
		o = json_tokener_parse(out);
		cli_check(o && get(o, "pf.contexts.count") == pf_share[m],
			  "max_vfs=%u: PF keeps %u", m, pf_share[m]);
		json_object_put(o);
	}

	/* a busy PF and the error paths */
	run("provision plan --max-vfs 7 --vfs 1 --pf-ggtt 512M --json", out, sizeof(out));
	o = json_tokener_parse(out);
	cli_check(o && get(o, "pf.ggtt_used") == 512ll << 20 &&
			  get(json_object_array_get_idx(json_object_object_get(o, "vfs"), 0),
			      "ggtt.size") ==
				  0xfee00000ll - i915_ggtt_base() - (64ll << 20) - (512ll << 20),
		  "--pf-ggtt 512M shrinks the share by 512 MiB");
	json_object_put(o);
	cli_check(run("provision plan --max-vfs 7 --vfs 8", out, sizeof(out)) == 2,
		  "N > max_vfs: usage");
	cli_check(run("provision plan --max-vfs 8 --vfs 1", out, sizeof(out)) == 2,
		  "max_vfs 8: usage");
	cli_check(run("provision plan --platform tgl --max-vfs 7 --vfs 1", out, sizeof(out)) == 2,
		  "unknown platform: usage");
	cli_check(run("provision plan --vfs 1", out, sizeof(out)) == 2, "missing --max-vfs: usage");
	cli_check(run("provision plan --max-vfs 7 --vfs x", out, sizeof(out)) == 2,
		  "bad number: usage");
	cli_check(run("provision plan --max-vfs 7 --vfs 1 --ggtt-spare 1M", out, sizeof(out)) == 2,
		  "spare below 64M: usage");
	cli_check(run("provision plan --max-vfs 7 --vfs 7 --pf-ggtt 4013M", out, sizeof(out)) == 1,
		  "no room for 7 VFs: check failed");
	cli_check(run("provision plan --max-vfs 7 --vfs 3 --json --pf-ggtt 9G", out, sizeof(out)) ==
				  2 &&
			  strstr(out, "\"error\""),
		  "--json errors carry an error object");

	/* kvmfr size: LG B7's table (1080p 32, 1440p 64, 4K 128 MiB; twice with HDR) */
	{
		static const struct {
			const char *args;
			int64_t mib;
		} sizes[] = {
			{ "1920x1080", 32 },
			{ "1920x1080 --hdr", 64 },
			{ "2560x1440", 64 },
			{ "2560x1440 --hdr", 128 },
			{ "3840x2160", 128 },
			{ "3840x2160 --hdr", 256 },
			{ "1920x1080 3840x2160@144", 128 },
		};

		for (n = 0; n < sizeof(sizes) / sizeof(sizes[0]); n++) {
			snprintf(args, sizeof(args), "kvmfr size %s --json", sizes[n].args);
			o = run(args, out, sizeof(out)) == 0 ? json_tokener_parse(out) : NULL;
			cli_check(o && get(o, "static_size_mb") == sizes[n].mib,
				  "kvmfr size %s: %lld MiB", sizes[n].args,
				  (long long)sizes[n].mib);
			json_object_put(o);
		}
	}
	cli_check(run("kvmfr size 16384x16384 --hdr", out, sizeof(out)) == 1,
		  "kvmfr size beyond what kvmfr maps: check failed");
	cli_check(run("kvmfr size 1920x", out, sizeof(out)) == 2,
		  "kvmfr size of a bad mode: usage");
	cli_check(run("kvmfr size", out, sizeof(out)) == 2, "kvmfr size without a mode: usage");

	check_provision_live();
	check_json_errors();
	check_grammar();
	check_help_colour();

	return cli_check_finish("vfctl-cli");
}
