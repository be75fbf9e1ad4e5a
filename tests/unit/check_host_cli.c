// SPDX-License-Identifier: MIT
/*
 * vfctl doctor, vfs and vfio end to end: exit codes, the JSON contract,
 * and the lifecycle writing into a composed fixture tree; plus one real
 * run of `vfctl doctor` on this machine (any result, but a clear one).
 *
 * usage: check_host_cli VFCTL RESULTS_DIR
 * Prints one line per check and writes RESULTS_DIR/host-cli.counts.
 */
#include <json-c/json.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_check.h"
#include "host_fixture.h"

static char out[1 << 18];

/* Run vfctl with @args, capture stdout; returns the exit code. */
__attribute__((format(printf, 1, 2))) static int run(const char *fmt, ...)
{
	char args[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	return cli_run(args, out, sizeof(out), NULL, 0);
}

static const char *str(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string) ?
		       json_object_get_string(v) :
		       NULL;
}

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v;
}

/* The doctor's JSON contract; returns the status of @id, or NULL. */
static const char *doctor_json(const char *name, const char *id, int *supported)
{
	static char status[8];
	struct json_object *o = json_tokener_parse(out), *f, *sum;
	size_t i, n, total = 0;
	int ok = 1;

	status[0] = '\0';
	if (!o) {
		cli_check(0, "%s: doctor --json prints JSON", name);
		return NULL;
	}
	f = get(o, "findings");
	sum = get(o, "summary");
	ok = f && json_object_is_type(f, json_type_array) && sum && str(o, "root") &&
	     get(o, "supported");
	n = ok ? json_object_array_length(f) : 0;
	for (i = 0; i < n && ok; i++) {
		struct json_object *x = json_object_array_get_idx(f, i);
		const char *s = str(x, "status");

		ok = str(x, "id") && s && str(x, "message") && str(x, "evidence") &&
		     str(x, "hint") &&
		     (!strcmp(s, "pass") || !strcmp(s, "warn") || !strcmp(s, "fail") ||
		      !strcmp(s, "skip"));
		if (ok && !strcmp(str(x, "id"), id))
			snprintf(status, sizeof(status), "%s", s);
	}
	if (ok)
		total = (size_t)json_object_get_int(get(sum, "pass")) +
			(size_t)json_object_get_int(get(sum, "warn")) +
			(size_t)json_object_get_int(get(sum, "fail")) +
			(size_t)json_object_get_int(get(sum, "skip"));
	cli_check(ok && total == n,
		  "%s: JSON has root, supported, summary (adds up to %zu) and "
		  "findings {id, status, message, evidence, hint}",
		  name, n);
	*supported = ok ? json_object_get_boolean(get(o, "supported")) : -1;
	json_object_put(o);
	return status;
}

static void doctor(void)
{
	struct host_fixture fx;
	const char *s;
	int rc, sup;

	if (host_fixture_make("base", &fx)) {
		cli_check(0, "compose base");
		return;
	}
	rc = run("doctor --root '%s' --json", fx.root);
	s = doctor_json("base", "platform.igpu", &sup);
	cli_check(rc == (fx.nodes ? 0 : 1), "base: doctor exits %d (healthy host)", rc);
	cli_check(s && !strcmp(s, "pass") && sup == 1, "base: platform.igpu pass, supported");
	rc = run("doctor --root '%s'", fx.root);
	cli_check(strstr(out, "[pass] platform.igpu") &&
			  strstr(out, "Raptor Lake-S GT1 [UHD Graphics "
				      "770] (rev 04)"),
		  "base: the table names the iGPU as lspci does");
	rc = run("doctor --root '%s' --resolution 3840x2160 --json", fx.root);
	s = doctor_json("base-4k", "kvmfr.size", &sup);
	cli_check(rc == 1 && s && !strcmp(s, "fail"), "base: 32 MiB fails for 4K (exit %d)", rc);
	/* repeated --resolution: the largest must fit, in any order, @HZ allowed (issue 16) */
	rc = run("doctor --root '%s' --resolution 3840x2160@60 --resolution 1920x1080 --json",
		 fx.root);
	s = doctor_json("base-4k-first", "kvmfr.size", &sup);
	cli_check(rc == 1 && s && !strcmp(s, "fail"),
		  "base: 4K@60 then 1080p still fails for 4K (exit %d)", rc);
	rc = run("doctor --root '%s' --dmesg '%s/dmesg-stock.txt' --json", fx.root,
		 host_fixture_dir());
	s = doctor_json("base-dmesg", "driver.loaded", &sup);
	cli_check(rc == 1 && s && !strcmp(s, "fail"), "--dmesg FILE replaces /dev/kmsg (exit %d)",
		  rc);
	cli_check(run("doctor --root '%s' --dmesg /nonexistent/dmesg", fx.root) == 3,
		  "unreadable --dmesg exits 3");
	host_fixture_free(&fx);

	if (!host_fixture_make("stock-i915", &fx)) {
		rc = run("doctor --root '%s' --json", fx.root);
		s = doctor_json("stock-i915", "driver.loaded", &sup);
		cli_check(rc == 1 && s && !strcmp(s, "fail"),
			  "stock-i915: exit 1, driver.loaded fail");
		host_fixture_free(&fx);
	}
	if (!host_fixture_make("not-intel", &fx)) {
		rc = run("doctor --root '%s' --json", fx.root);
		s = doctor_json("not-intel", "platform.igpu", &sup);
		cli_check(rc == 3 && sup == 0 && s && !strcmp(s, "fail"),
			  "not-intel: exit 3, supported false, platform.igpu fail");
		host_fixture_free(&fx);
	}
	cli_check(run("doctor --root /nonexistent-root") == 3, "missing --root exits 3");
	cli_check(run("doctor --bogus") == 2, "unknown option exits 2");
	cli_check(run("doctor --resolution 0x0") == 2, "bad resolution exits 2");
	cli_check(run("doctor --pf 00:02") == 2, "bad --pf exits 2");
	/* lspci's short form is an address like any other (issue 16) */
	cli_check(run("doctor --pf 00:02.0 --root /nonexistent-root") == 3,
		  "--pf 00:02.0 accepted");
	cli_check(run("doctor extra") == 2, "extra argument exits 2");
	cli_check(run("doctor --help") == 0 && strstr(out, "usage: vfctl doctor"),
		  "--help exits 0");

	/* This machine, for real: whatever it is, a clear answer and no crash. */
	rc = run("doctor --json");
	s = doctor_json("this machine", "platform.igpu", &sup);
	cli_check((rc == 0 || rc == 1 || rc == 3) && s && (sup == 1 || !strcmp(s, "fail")) &&
			  (rc == 3) == (sup == 0),
		  "this machine: exit %d, platform.igpu %s", rc, s ? s : "?");
}

static void vfs(void)
{
	struct host_fixture fx;
	struct json_object *o, *a;
	char path[600], buf[32] = "";
	FILE *f;
	int rc;

	if (host_fixture_make("base", &fx)) {
		cli_check(0, "compose base");
		return;
	}
	rc = run("vfs status --root '%s' --json", fx.root);
	o = json_tokener_parse(out);
	a = o ? get(o, "vfs") : NULL;
	cli_check(rc == 0 && o && json_object_get_int(get(o, "numvfs")) == 7 &&
			  json_object_get_int(get(o, "totalvfs")) == 7 && a &&
			  json_object_array_length(a) == 7 &&
			  !strcmp(str(json_object_array_get_idx(a, 0), "driver"), "vfio-pci") &&
			  json_object_get_int(get(o, "persisted")) == 7 &&
			  json_object_get_boolean(get(o, "dkms")),
		  "vfs status --json: 7 of 7, VF1 on vfio-pci, persisted 7, DKMS");
	json_object_put(o);

	rc = run("vfs enable 3 --root '%s'", fx.root);
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/0000:00:02.0/sriov_numvfs", fx.root);
	f = fopen(path, "r");
	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
	}
	cli_check(rc == 0 && !strcmp(buf, "3"),
		  "vfs enable 3 (from 7) exits 0, sriov_numvfs reads 3");
	cli_check(run("vfs enable 9 --root '%s'", fx.root) == 2,
		  "vfs enable 9 exits 2 (above total)");
	cli_check(run("vfs enable --root '%s'", fx.root) == 2, "vfs enable without N exits 2");
	cli_check(run("vfs enable x7 --root '%s'", fx.root) == 2, "vfs enable x7 exits 2");
	rc = run("vfs persist 4 --root '%s' --json", fx.root);
	o = json_tokener_parse(out);
	cli_check(rc == 0 && o && json_object_get_boolean(get(o, "ok")) && str(o, "done"),
		  "vfs persist 4 exits 0 with {\"ok\": true, \"done\"}");
	json_object_put(o);
	snprintf(path, sizeof(path), "%s/etc/tmpfiles.d/i915-sriov-numvfs.conf", fx.root);
	f = fopen(path, "r");
	cli_check(f != NULL, "vfs persist wrote the tmpfiles.d file");
	if (f)
		fclose(f);
	cli_check(run("vfio bind 0000:00:02.0 --root '%s'", fx.root) == 2,
		  "vfio bind of the PF exits 2");
	cli_check(run("vfio bind 0000:00:03.0 --root '%s'", fx.root) == 3,
		  "vfio bind of a missing device exits 3");
	cli_check(run("vfs frobnicate --root '%s'", fx.root) == 2,
		  "unknown vfs subcommand exits 2");
	cli_check(run("vfio --help") == 0, "vfio --help exits 0");
	host_fixture_free(&fx);

	if (!host_fixture_make("stock-i915", &fx)) {
		rc = run("vfs enable 2 --root '%s' --json", fx.root);
		o = json_tokener_parse(out);
		cli_check(
			rc == 3 && o && str(o, "error") && strstr(str(o, "error"), "stock"),
			"stock-i915: vfs enable exits 3 with a JSON error naming the stock driver");
		json_object_put(o);
		host_fixture_free(&fx);
	}
	if (!host_fixture_make("vf-in-use", &fx)) {
		cli_check(run("vfs disable --root '%s'", fx.root) == 1,
			  "vf-in-use: vfs disable exits 1 (a VM holds VF1)");
		host_fixture_free(&fx);
	}
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: check_host_cli VFCTL RESULTS_DIR\n");
		return 2;
	}
	cli_check_start(argv[1], argv[2]);
	doctor();
	vfs();
	return cli_check_finish("host-cli");
}
