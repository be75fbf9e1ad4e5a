// SPDX-License-Identifier: MIT
/*
 * vm check of a QEMU command line (vm_native_qemu.h). The word splitter is
 * held against bash itself: each case is run by a real bash whose QEMU is
 * a function printing its arguments, and the guide author's start script
 * against the argv bash gave for it (the .cmdline fixture). Then the
 * verdicts on real command lines from tests/fixtures/vm/qemu (each with a
 * .description of its source), on what vfctl's own vm_qemu_args() writes,
 * and on a real process's /proc/PID/cmdline.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/common_file.h"
#include "tests/unit/test_uefi_util.h"
#include "tests/unit/vm_def_util.h"
#include "vm/vm_check.h"
#include "vm/vm_native_qemu.h"
#include "vm/vm_qemu_args.h"

#define FIX "tests/fixtures/vm/qemu/"
#define GUIDE_SH FIX "real-guide-author-start-qemu-win10.sh"

static char *root;

static void put(const char *rel, const void *buf, size_t len)
{
	char path[1024], *slash;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	t_vm_write(path, buf, len);
}

static void put_str(const char *rel, const char *s)
{
	put(rel, s, strlen(s));
}

static int setup(void **state)
{
	(void)state;
	root = t_mkdtemp();
	/* the guide author's host: kvmfr loaded with 128 MiB, an i5-13600K */
	put_str("/etc/modprobe.d/kvmfr.conf", "options kvmfr static_size_mb=128\n");
	put_str("/proc/cpuinfo",
		"processor\t: 0\naddress sizes\t: 46 bits physical, 48 bits virtual\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	t_rm_rf(root);
	free(root);
	return 0;
}

/* --- the splitter against bash --- */

/* What bash makes of "qemu-system-x86_64 ARGS" (set -f: no globbing). */
static struct vm_argv bash_words(const char *script)
{
	char path[1200], cmd[1400];
	struct vm_argv a = { 0 };
	char buf[8192];
	size_t len = 0, n;
	const char *p;
	FILE *f;

	snprintf(path, sizeof(path), "%s/case.sh", root);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f,
		"set -f\nqemu-system-x86_64() { printf '%%s\\0' qemu-system-x86_64 \"$@\"; }\n%s\n",
		script);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "bash --norc --noprofile '%s'", path);
	f = popen(cmd, "r");
	assert_non_null(f);
	while ((n = fread(buf + len, 1, sizeof(buf) - len, f)) > 0)
		len += n;
	assert_int_equal(pclose(f), 0);
	for (p = buf; p < buf + len; p += strlen(p) + 1) {
		char **v = realloc(a.v, (a.n + 2) * sizeof(*v));

		assert_non_null(v);
		a.v = v;
		a.v[a.n++] = strdup(p);
		a.v[a.n] = NULL;
	}
	return a;
}

static void same_as_bash(const char *script)
{
	struct vm_argv want = bash_words(script), got;
	char err[VM_NATIVE_ERR_SIZE];
	size_t i;

	assert_int_equal(vm_qemu_words_split(script, strlen(script), &got, err, sizeof(err)), 0);
	if (got.n != want.n)
		fail_msg("%s: %zu words, bash has %zu", script, got.n, want.n);
	for (i = 0; i < got.n; i++)
		if (strcmp(got.v[i], want.v[i]))
			fail_msg("%s: word %zu is '%s', bash has '%s'", script, i, got.v[i],
				 want.v[i]);
	vm_argv_free(&got);
	vm_argv_free(&want);
}

static void test_split_like_bash(void **state)
{
	static const char *const cases[] = {
		"qemu-system-x86_64 -a 'b c' \"d e\" f\\ g",
		"qemu-system-x86_64 \\\n  -m 1G \\\n  -cpu host # a comment\n",
		"X=\"a b\"; qemu-system-x86_64 $X \"$X\" ${X} x${X}y",
		"qemu-system-x86_64 \"it's\" 'say \"hi\"' \"a\\\"b\\\\c\\$d\\e\" 'x'\\''y'",
		"qemu-system-x86_64 a#b #c d",
		"qemu-system-x86_64 \"\" '' x\"\"y",
		"E=\nqemu-system-x86_64 $E \"$E\" x$E",
		"qemu-system-x86_64 -x \"two\nlines\" \"cont\\\ninued\"",
		"A=1 B=\"2  3\"\nC=\"$A-$B\"\nqemu-system-x86_64 $A$B \"$C\" $C",
		"V=' lead trail '\nqemu-system-x86_64 [$V] \"[$V]\"",
		"export P=\"-device vfio-pci,host=0000:00:02.1\"\nqemu-system-x86_64 $P",
		"qemu-system-x86_64 $ 'a$b' \"c$\"",
		"X=x\nX=\"${X}y\"\nqemu-system-x86_64 $X",
		"true && qemu-system-x86_64 -m 1G",
		"qemu-system-x86_64 -a \\\n  `# a comment` \\\n  -b `#` \"`# x`\"",
		"N=$((1 + 2))\nqemu-system-x86_64 -smp 4",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		same_as_bash(cases[i]);
}

/* The guide author's script gives the argv bash gave for it. */
static void test_split_guide_script_like_bash(void **state)
{
	struct tbuf sh = t_read(GUIDE_SH),
		    nul = t_read(FIX "real-guide-author-start-qemu-win10.cmdline");
	struct vm_argv a, b;
	char err[VM_NATIVE_ERR_SIZE];
	size_t i;

	(void)state;
	assert_int_equal(vm_native_qemu_input((const char *)sh.p, sh.len, &a, err, sizeof(err)), 0);
	assert_int_equal(vm_native_qemu_input((const char *)nul.p, nul.len, &b, err, sizeof(err)),
			 0);
	assert_int_equal(a.n, b.n);
	for (i = 0; i < a.n; i++)
		assert_string_equal(a.v[i], b.v[i]);
	assert_string_equal(a.v[0], "qemu-system-x86_64");
	vm_argv_free(&a);
	vm_argv_free(&b);
	t_free(&sh);
	t_free(&nul);
}

static void expect_error(const char *script, const char *names)
{
	char err[VM_NATIVE_ERR_SIZE];
	struct vm_argv a;

	if (vm_native_qemu_input(script, strlen(script), &a, err, sizeof(err)) != -EINVAL)
		fail_msg("%s: not refused", script);
	if (!strstr(err, names))
		fail_msg("%s: error '%s' does not name '%s'", script, err, names);
	assert_int_equal(a.n, 0);
}

/* What needs the running shell is an error naming it, never a guess. */
static void test_split_refuses_to_guess(void **state)
{
	(void)state;
	expect_error("qemu-system-x86_64 -drive file=$HOME/w.qcow2", "$HOME");
	expect_error("qemu-system-x86_64 -drive file=\"${DISK}\"", "${DISK}");
	expect_error("qemu-system-x86_64 -name $(hostname)", "$(hostname)");
	expect_error("qemu-system-x86_64 -name `hostname`", "`hostname`");
	/* QEMU run through a bash array or a variable: the name is unknown */
	expect_error("Q=(qemu-system-x86_64\n  -m 1G # memory\n)\n\"${Q[@]}\"\n", "${Q[@]}");
	expect_error("#!/bin/sh\nQEMU=qemu-system-x86_64\nexec $QEMU -m ${MEM}\n", "${MEM}");
	/* a function body runs maybe: what it sets is unknown */
	expect_error("f() {\n  M=2G\n}\nqemu-system-x86_64 -m $M\n", "$M");
	expect_error("qemu-system-x86_64 -drive file=~/w.qcow2 ~/x", "~");
	expect_error("qemu-system-x86_64 -m $1", "$1");
	expect_error("qemu-system-x86_64 -m ${MEM:-4G}", "${MEM:-4G}");
	expect_error("D=$(mktemp -d)\nqemu-system-x86_64 -chardev socket,path=$D/s", "$D");
	/* set only when a condition holds: the value depends on the run */
	expect_error("S=\nif [ -n \"$X\" ]; then\n  S=sudo\nfi\n$S qemu-system-x86_64 -m 1G", "$S");
	expect_error("[ -f x ] && M=2G\nqemu-system-x86_64 -m $M", "$M");
	expect_error("qemu-system-x86_64 -name 'open", "single quote");
	expect_error("qemu-system-x86_64 -name \"open", "double quote");
	expect_error("#!/bin/sh\n# starts qemu-system-x86_64 later\necho hi\n", "no QEMU command");
}

static int input(const char *s, struct vm_argv *a)
{
	char err[VM_NATIVE_ERR_SIZE];

	return vm_native_qemu_input(s, strlen(s), a, err, sizeof(err));
}

/* Detected by content; a domain XML or a Proxmox config is left alone. */
static void test_input_detection(void **state)
{
	static const char nul[] = "qemu-system-x86_64\0-machine\0q35\0";
	char err[VM_NATIVE_ERR_SIZE];
	struct vm_argv a;

	(void)state;
	assert_int_equal(input("<domain type='kvm'><name>x</name></domain>", &a), 1);
	assert_int_equal(input("  \n<?xml version='1.0'?>\n<domain/>", &a), 1);
	assert_int_equal(
		input("boot: order=scsi0\nargs: -cpu host,hv_vendor_id=x\nname: it's\n", &a), 1);
	assert_int_equal(input("", &a), 1);
	assert_int_equal(vm_native_qemu_input(nul, sizeof(nul) - 1, &a, err, sizeof(err)), 0);
	assert_int_equal(a.n, 3);
	assert_string_equal(a.v[2], "q35");
	vm_argv_free(&a);
	assert_int_equal(vm_native_qemu_input("bash\0-c\0x\0", 10, &a, err, sizeof(err)), 1);
	/* starting with options: QEMU's arguments without the binary */
	assert_int_equal(input("# QEMU options\n-machine q35\n-enable-kvm\n", &a), 0);
	assert_int_equal(a.n, 3);
	assert_string_equal(a.v[0], "-machine");
	vm_argv_free(&a);
	/* taskset and exec in front of QEMU */
	assert_int_equal(input("exec taskset 0xFFF0 /usr/bin/qemu-system-x86_64 -M q35\n", &a), 0);
	assert_string_equal(a.v[0], "/usr/bin/qemu-system-x86_64");
	vm_argv_free(&a);
}

/* --- the document --- */

static xmlDocPtr convert(const char *const *argv, size_t n, const char *cwd)
{
	struct vm_native_qemu_opts o = { .cwd = cwd, .root = root };
	struct vm_native_qemu_doc d;
	xmlDocPtr doc;

	assert_int_equal(vm_native_qemu_convert(argv, n, &o, &d), 0);
	doc = t_vm_parse(d.xml);
	vm_native_qemu_doc_free(&d);
	return doc;
}

#define CONVERT(cwd, ...)                             \
	convert((const char *const[]){ __VA_ARGS__ }, \
		sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *), cwd)

static void expect_str(xmlDocPtr doc, const char *xpath, const char *want)
{
	char *s = t_vm_str(doc, xpath);

	if (strcmp(s, want))
		fail_msg("%s is '%s', want '%s'", xpath, s, want);
	free(s);
}

static void test_convert_options(void **state)
{
	xmlDocPtr doc;

	(void)state;
	doc = CONVERT("/vm", "qemu-system-x86_64", "-machine", "pc-q35-8.1,usb=off", "-machine",
		      "memory-backend=mem1", "-enable-kvm", "-cpu",
		      "host,-vmx,hv_evmcs,host-phys-bits-limit=39", "-drive",
		      "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.ms.fd",
		      "-drive", "if=pflash,format=raw,file=vars.fd", "-device",
		      "vfio-pci,host=0000:00:02.1,romfile=gop,,x.efi", "-vga", "qxl", "-spice",
		      "port=5930,addr=127.0.0.1");
	expect_str(doc, "string(/domain/@type)", "kvm");
	expect_str(doc, "string(/domain/os/type/@machine)", "pc-q35-8.1");
	expect_str(doc, "string(/domain/os/loader)", "/usr/share/OVMF/OVMF_CODE_4M.ms.fd");
	expect_str(doc, "string(/domain/cpu/@mode)", "host-passthrough");
	expect_str(doc, "string(/domain/cpu/maxphysaddr/@limit)", "39");
	expect_str(doc, "string(/domain/cpu/feature[@name='vmx']/@policy)", "disable");
	expect_str(doc, "string(/domain/features/hyperv/evmcs/@state)", "on");
	expect_str(doc, "string(/domain/devices/video/model/@type)", "qxl");
	expect_str(doc, "string(/domain/devices/graphics[@type='spice']/@port)", "5930");
	/* the comma of the file name stays escaped; the path is QEMU's */
	expect_str(doc, "string(/domain/qemu:commandline/qemu:arg[2]/@value)",
		   "vfio-pci,host=0000:00:02.1,romfile=/vm/gop,,x.efi");
	xmlFreeDoc(doc);

	/* libvirt's own QEMU: firmware through -blockdev, -accel, JSON -device */
	doc = CONVERT(
		NULL, "/usr/bin/qemu-system-x86_64", "-name", "guest=win,debug-threads=on",
		"-blockdev",
		"{\"driver\":\"file\",\"filename\":\"/usr/share/OVMF/OVMF_CODE_4M.fd\",\"node-name\":\"libvirt-pflash0-storage\"}",
		"-blockdev",
		"{\"node-name\":\"libvirt-pflash0-format\",\"read-only\":true,\"driver\":\"raw\",\"file\":\"libvirt-pflash0-storage\"}",
		"-machine", "pc-q35-9.2,pflash0=libvirt-pflash0-format", "-accel", "kvm", "-cpu",
		"Skylake-Client-v3,phys-bits=39", "-device",
		"{\"driver\":\"vfio-pci\",\"host\":\"0000:00:02.2\",\"id\":\"hostdev0\"}");
	expect_str(doc, "string(/domain/@type)", "kvm");
	expect_str(doc, "string(/domain/os/loader)", "/usr/share/OVMF/OVMF_CODE_4M.fd");
	expect_str(doc, "string(/domain/cpu/@mode)", "Skylake-Client-v3");
	expect_str(doc, "string(/domain/cpu/maxphysaddr/@bits)", "39");
	expect_str(doc, "string(/domain/qemu:commandline/qemu:arg[2]/@value)",
		   "vfio-pci,host=0000:00:02.2");
	/* QEMU's default VGA without -nodefaults */
	expect_str(doc, "string(/domain/devices/video/model/@type)", "vga");
	xmlFreeDoc(doc);

	/*
	 * The guest's width as QEMU 10 under KVM gives it (its phys-bits
	 * property read back over QMP, on a 46-bit host): the host model
	 * ignores phys-bits while host-phys-bits is on, its default there; a
	 * -global on the host CPU's type limits it, unless -cpu sets the limit
	 * itself (either order); the last -global wins, 0 is no limit; -cpu
	 * max (host-phys-bits on too) is not a host-x86_64-cpu.
	 */
	doc = CONVERT(NULL, "qemu-system-x86_64", "-accel", "kvm", "-cpu", "host,phys-bits=39");
	assert_int_equal(t_vm_count(doc, "/domain/cpu/maxphysaddr"), 0); /* 46 */
	xmlFreeDoc(doc);
	doc = CONVERT(NULL, "qemu-system-x86_64", "-accel", "kvm", "-cpu",
		      "host,host-phys-bits=off,phys-bits=39"); /* 39 */
	expect_str(doc, "string(/domain/cpu/maxphysaddr/@limit)", "39");
	xmlFreeDoc(doc);
	doc = CONVERT(NULL, "qemu-system-x86_64", "-accel", "kvm", "-cpu",
		      "host,migratable=on,phys-bits=39", "-global",
		      "host-x86_64-cpu.host-phys-bits-limit=39"); /* 39 */
	expect_str(doc, "string(/domain/cpu/maxphysaddr/@limit)", "39");
	/* folded into the CPU: vm check must not count it a second time */
	assert_int_equal(t_vm_count(doc, "/domain/qemu:commandline"), 0);
	xmlFreeDoc(doc);
	doc = CONVERT(NULL, "qemu-system-x86_64", "-accel", "kvm", "-global",
		      "host-x86_64-cpu.host-phys-bits-limit=39", "-cpu",
		      "host,host-phys-bits-limit=40"); /* 40 */
	expect_str(doc, "string(/domain/cpu/maxphysaddr/@limit)", "40");
	xmlFreeDoc(doc);
	doc = CONVERT(NULL, "qemu-system-x86_64", "-accel", "kvm", "-cpu", "host", "-global",
		      "host-x86_64-cpu.host-phys-bits-limit=39", "-global",
		      "driver=x86_64-cpu,property=host-phys-bits-limit,value=0"); /* 46 */
	assert_int_equal(t_vm_count(doc, "/domain/cpu/maxphysaddr"), 0);
	xmlFreeDoc(doc);
	doc = CONVERT(NULL, "qemu-system-x86_64", "-accel", "kvm", "-cpu", "max", "-global",
		      "host-x86_64-cpu.host-phys-bits-limit=39"); /* 46 */
	expect_str(doc, "string(/domain/cpu/@mode)", "host-passthrough");
	assert_int_equal(t_vm_count(doc, "/domain/cpu/maxphysaddr"), 0);
	assert_int_equal(t_vm_count(doc, "/domain/qemu:commandline"), 0);
	xmlFreeDoc(doc);
	doc = CONVERT(NULL, "qemu-system-x86_64", "-accel", "kvm", "-cpu", "max", "-global",
		      "max-x86_64-cpu.host-phys-bits-limit=39", "-global",
		      "ICH9-LPC.disable_s3=1"); /* 39 */
	expect_str(doc, "string(/domain/cpu/maxphysaddr/@limit)", "39");
	/* another device's -global stays for the checks that read it */
	expect_str(doc, "string(/domain/qemu:commandline/qemu:arg[2]/@value)",
		   "ICH9-LPC.disable_s3=1");
	xmlFreeDoc(doc);

	/* no KVM, SeaBIOS by -bios, no -cpu */
	doc = CONVERT(NULL, "qemu-system-x86_64", "-bios", "/usr/share/seabios/bios-256k.bin",
		      "-nodefaults", "-device",
		      "vfio-pci,sysfsdev=/sys/bus/pci/devices/0000:00:02.3");
	expect_str(doc, "string(/domain/@type)", "qemu");
	expect_str(doc, "string(/domain/os/loader)", "");
	assert_int_equal(t_vm_count(doc, "/domain/cpu"), 0);
	assert_int_equal(t_vm_count(doc, "/domain/devices/video"), 0);
	expect_str(doc, "string(/domain/qemu:commandline/qemu:arg[2]/@value)",
		   "vfio-pci,host=0000:00:02.3");
	xmlFreeDoc(doc);
}

/* --- verdicts --- */

/* The findings (errors and warnings) must be exactly @want. */
static void expect_report(const char *what, const struct vm_check_report *r,
			  const char *const *want)
{
	size_t i, n = 0;

	for (; want[n]; n++)
		if (!vm_check_find(r, want[n]))
			fail_msg("%s: finding '%s' missing", what, want[n]);
	for (i = 0; i < r->n; i++) {
		size_t j;
		bool listed = r->f[i].severity == VM_SEV_INFO;

		for (j = 0; j < n && !listed; j++)
			listed = !strcmp(want[j], r->f[i].id);
		if (!listed)
			fail_msg("%s: unexpected finding '%s': %s", what, r->f[i].id,
				 r->f[i].message);
		assert_true(strlen(r->f[i].message) > 20);
		assert_true(strlen(r->f[i].hint) > 20);
		/* a QEMU started by hand gets no libvirt XML as a fix */
		if (r->f[i].severity != VM_SEV_INFO && strchr(r->f[i].hint, '<'))
			fail_msg("%s: %s's fix is libvirt XML: %s", what, r->f[i].id, r->f[i].hint);
	}
}

/* A fixture as the CLI reads it, from the directory @dir of the root. */
static void check_fixture(const char *name, const char *dir, struct vm_check_report *r)
{
	struct vm_check_opts o = { .root = root, .libvirt = true };
	char src[512], rel[512], path[1200], err[VM_NATIVE_ERR_SIZE];
	struct tbuf b;

	snprintf(src, sizeof(src), FIX "%s", name);
	b = t_read(src);
	snprintf(rel, sizeof(rel), "%s/%s", dir, name);
	put(rel, b.p, b.len);
	snprintf(path, sizeof(path), "%s%s", root, rel);
	if (vm_native_qemu_check_file((const char *)b.p, b.len, path, &o, r, err, sizeof(err)))
		fail_msg("%s: %s", name, err);
	t_free(&b);
}

#define WANT(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define WANT_NONE ((const char *const[]){ NULL })

static bool skipped(const struct vm_check_report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->f[i].id, "libvirt-only") && strstr(r->f[i].message, id))
			return true;
	return false;
}

/*
 * The guide author's script: host-phys-bits-limit=37 under the host's 46
 * bits is right; romfile=./IntelGopDriver.efi is opened from the directory
 * QEMU starts in (the script's, here), so with the GOP there the VF is
 * fine but the relative path is a warning; the guest sees VMX.
 */
static void test_guide_author_script(void **state)
{
	struct vm_check_report r;
	const struct vm_finding *f;

	(void)state;
	put("/home/user/vm/IntelGopDriver.efi", t_qemu_video()->p, t_qemu_video()->len);
	check_fixture("real-guide-author-start-qemu-win10.sh", "/home/user/vm", &r);
	expect_report("guide author", &r, WANT("nested-virt-exposed", "romfile-relative"));
	f = vm_check_find(&r, "romfile-relative");
	assert_non_null(strstr(f->message, "/home/user/vm/IntelGopDriver.efi"));
	assert_null(vm_check_find(&r, "phys-bits-unlimited"));
	/* libvirt-only findings are skipped, each with its reason */
	assert_true(skipped(&r, "vf-outside-libvirt"));
	assert_true(skipped(&r, "ivshmem-legacy-syntax"));
	assert_true(skipped(&r, "libvirt-missing"));
	assert_true(skipped(&r, "libvirt's own validation"));
	assert_int_equal(r.shm_bytes, 128u << 20);
	vm_check_report_free(&r);

	/* ... and run from a directory without the GOP, QEMU cannot start */
	check_fixture("real-guide-author-start-qemu-win10.sh", "/home/user", &r);
	expect_report("guide author elsewhere", &r,
		      WANT("nested-virt-exposed", "romfile-relative", "romfile-unreadable"));
	vm_check_report_free(&r);
}

/* What vfctl writes for the guide's VM checks clean (round trip). */
static void test_round_trip_qemu_args(void **state)
{
	struct vm_check_opts o = { .root = root, .libvirt = true };
	struct vm_check_report r;
	struct vm_domain d;
	struct vm_argv a;

	(void)state;
	t_vm_domain(&d);
	d.nvram = "/var/lib/libvirt/qemu/nvram/win_VARS.fd";
	/* as vfctl sets it from this host's 46 bits (vm_host.h) */
	d.phys_bits = 39;
	put(d.romfile, t_qemu_video()->p, t_qemu_video()->len);
	put_str("/etc/modprobe.d/kvmfr.conf", "options kvmfr static_size_mb=32\n");
	assert_int_equal(vm_qemu_args(&d, NULL, &a), 0);
	assert_int_equal(vm_native_qemu_check((const char *const *)a.v, a.n, NULL, &o, &r), 0);
	expect_report("vm_qemu_args", &r, WANT_NONE);
	vm_check_report_free(&r);
	vm_argv_free(&a);
	put_str("/etc/modprobe.d/kvmfr.conf", "options kvmfr static_size_mb=128\n");
}

/* Looking Glass's documented QEMU arguments: its memory is fine, the rest of a VM missing. */
static void test_looking_glass_docs(void **state)
{
	struct vm_check_report r;

	(void)state;
	check_fixture("real-looking-glass-ivshmem-shm.txt", "/lg", &r);
	expect_report("LG ivshmem_shm", &r,
		      WANT("machine-not-q35", "no-uefi", "no-vf", "kvm-off", "cpu-not-host"));
	assert_int_equal(r.shm_bytes, 32u << 20);
	vm_check_report_free(&r);
	/* kvmfr: 32 MiB against the module's 128 */
	check_fixture("real-looking-glass-kvmfr.txt", "/lg", &r);
	expect_report("LG kvmfr", &r,
		      WANT("machine-not-q35", "no-uefi", "no-vf", "kvm-off", "cpu-not-host",
			   "kvmfr-size-mismatch"));
	vm_check_report_free(&r);
}

/*
 * -set device.ID.KEY= applies to the -device with that id, before or after
 * it: the romfile, the IGD quirks and the bus are judged as if written on
 * the -device; bus=pcie.0 needs a q35 machine (QEMU's default is i440fx).
 */
static void test_set_of_a_vf(void **state)
{
	static const char *const argv[] = {
		"qemu-system-x86_64",
		"-set",
		"device.vf.romfile=/vm/none.efi",
		"-enable-kvm",
		"-device",
		"vfio-pci,host=0000:00:02.1,id=vf,romfile=/vm/gop.efi,bus=pcie.0",
		"-set",
		"device.vf.x-igd-opregion=on",
		"-set",
		"device.other.x-vga=on",
	};
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;
	xmlDocPtr doc;

	(void)state;
	doc = CONVERT(NULL, "qemu-system-x86_64", "-device", "vfio-pci,host=0000:00:02.1,id=vf",
		      "-set", "device.vf.romfile=/vm/gop.efi", "-set", "device.vf.x-vga=on");
	expect_str(doc, "string(/domain/qemu:commandline/qemu:arg[2]/@value)",
		   "vfio-pci,host=0000:00:02.1,romfile=/vm/gop.efi,x-vga=on");
	xmlFreeDoc(doc);
	assert_int_equal(vm_native_qemu_check(argv, sizeof(argv) / sizeof(argv[0]), NULL, &o, &r),
			 0);
	assert_non_null(vm_check_find(&r, "vf-igd-opregion"));
	assert_non_null(vm_check_find(&r, "vf-bus-pcie0-i440fx"));
	assert_null(vm_check_find(&r, "vf-x-vga"));
	/* the -set romfile, given first, still wins: QEMU applies -set last */
	assert_non_null(strstr(vm_check_find(&r, "romfile-unreadable")->message, "/vm/none.efi"));
	vm_check_report_free(&r);
}

/*
 * i915-sriov-dkms#205: Proxmox's -device line copied to a plain QEMU keeps
 * bus=ich9-pcie-port-1, a root port only Proxmox's -readconfig defines.
 */
static void test_real_205_proxmox_bus(void **state)
{
	static const char *const defined[] = {
		"qemu-system-x86_64",
		"-machine",
		"q35",
		"-device",
		"vfio-pci,host=0000:00:02.1,bus=port1,romfile=/vm/gop.efi",
		"-device",
		"pcie-root-port,id=port1,chassis=1",
	};
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;

	(void)state;
	check_fixture("real-205-pasbec-options.txt", "/205", &r);
	expect_report("#205", &r,
		      WANT("vfio-bus-undefined", "no-uefi", "romfile-missing", "no-ivshmem",
			   "kvm-off", "nested-virt-exposed"));
	assert_non_null(
		strstr(vm_check_find(&r, "vfio-bus-undefined")->message, "ich9-pcie-port-1"));
	vm_check_report_free(&r);
	/* a root port of the command line's own is a bus */
	assert_int_equal(vm_native_qemu_check(defined, sizeof(defined) / sizeof(defined[0]), NULL,
					      &o, &r),
			 0);
	assert_null(vm_check_find(&r, "vfio-bus-undefined"));
	vm_check_report_free(&r);
}

/*
 * bus=pci.0 on q35 (Debian's QEMU 10.0: "Bus 'pci.0' not found"), unless
 * the command line defines it: qm showcmd's -readconfig pve-q35-4.0.cfg
 * (qemu-server's src/usr/pve-q35-4.0.cfg has the pci-bridge "pci.0").
 */
static void test_pci0_on_q35(void **state)
{
	static const char *const plain[] = {
		"qemu-system-x86_64",
		"-machine",
		"q35",
		"-device",
		"vfio-pci,host=0000:00:02.1,bus=pci.0,addr=0x10,romfile=/vm/gop.efi",
	};
	static const char *const pve[] = {
		"/usr/bin/kvm",
		"-readconfig",
		"/usr/share/qemu-server/pve-q35-4.0.cfg",
		"-machine",
		"type=pc-q35-8.1+pve0",
		"-device",
		"vfio-pci,host=0000:00:02.1,id=hostpci0,bus=pci.0,addr=0x10",
	};
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;

	(void)state;
	assert_int_equal(
		vm_native_qemu_check(plain, sizeof(plain) / sizeof(plain[0]), NULL, &o, &r), 0);
	assert_non_null(vm_check_find(&r, "vf-bus-pci0-q35"));
	assert_non_null(strstr(vm_check_find(&r, "vf-bus-pci0-q35")->hint, "-device vfio-pci"));
	vm_check_report_free(&r);
	assert_int_equal(vm_native_qemu_check(pve, sizeof(pve) / sizeof(pve[0]), NULL, &o, &r), 0);
	assert_null(vm_check_find(&r, "vf-bus-pci0-q35"));
	vm_check_report_free(&r);
}

/* Proxmox's qm showcmd form: /usr/bin/kvm is KVM; kvm64; no VF, no IVSHMEM. */
static void test_proxmox_showcmd(void **state)
{
	struct vm_check_report r;

	(void)state;
	check_fixture("real-proxmox-q35-win10-hostpci.showcmd", "/pve", &r);
	expect_report("proxmox", &r, WANT("cpu-not-host", "no-vf", "no-ivshmem"));
	assert_non_null(strstr(vm_check_find(&r, "cpu-not-host")->message, "kvm64"));
	assert_non_null(vm_check_find(&r, "qemu-readconfig"));
	vm_check_report_free(&r);
}

/* A GVT-d script passing the PF: every VF would disappear. */
static void test_gvtd_script(void **state)
{
	struct vm_check_report r;

	(void)state;
	check_fixture("real-eltimablo-gvtd-qemu.sh", "/gvtd", &r);
	expect_report("gvt-d", &r,
		      WANT("machine-not-q35", "pf-passed", "no-vf", "no-ivshmem",
			   "nested-virt-exposed", "phys-bits-unlimited"));
	vm_check_report_free(&r);
}

/*
 * A dGPU VM whose script runs QEMU from a bash array: refused, naming it;
 * its argv as bash runs it: the dGPU is no VF, the guest RAM's
 * memory-backend-file is no IVSHMEM, the kvmfr memory is right.
 */
static void test_script_with_array(void **state)
{
	struct tbuf sh = t_read(FIX "real-wxianxin-vm.sh");
	struct vm_check_report r;
	char err[VM_NATIVE_ERR_SIZE];
	struct vm_argv a;

	(void)state;
	assert_int_equal(vm_native_qemu_input((const char *)sh.p, sh.len, &a, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "${QEMU_CMD[@]}"));
	t_free(&sh);
	put_str("/etc/modprobe.d/kvmfr.conf", "options kvmfr static_size_mb=256\n");
	check_fixture("real-wxianxin-vm.cmdline", "/wx", &r);
	expect_report("wxianxin", &r, WANT("no-vf", "nested-virt-exposed", "phys-bits-unlimited"));
	assert_int_equal(r.shm_bytes, 256u << 20);
	vm_check_report_free(&r);
	put_str("/etc/modprobe.d/kvmfr.conf", "options kvmfr static_size_mb=128\n");
}

/* A real process's /proc/PID/cmdline, its relative romfile from /proc/PID/cwd. */
static void test_proc_cmdline(void **state)
{
	struct vm_check_opts o = { .root = root };
	char path[64], cwd[1200], err[VM_NATIVE_ERR_SIZE];
	struct vm_check_report r;
	const struct vm_finding *f;
	char *buf = NULL;
	size_t len = 0;
	pid_t pid;
	int st, i;

	(void)state;
	snprintf(cwd, sizeof(cwd), "%s/run", root);
	mkdir(cwd, 0755);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		/* sh ignores the words after its -c script: QEMU's options */
		char *argv[] = { "qemu-system-x86_64",
				 "-c",
				 "sleep 20",
				 "-enable-kvm",
				 "-machine",
				 "q35",
				 "-device",
				 "vfio-pci,host=0000:00:02.1,romfile=gop.efi",
				 NULL };

		if (chdir(cwd))
			_exit(1);
		execv("/bin/sh", argv);
		_exit(1);
	}
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	for (i = 0; i < 200; i++) {
		free(buf);
		buf = NULL;
		/* as vfctl reads it */
		assert_int_equal(common_read_file(path, 1 << 20, 0, &buf, &len), 0);
		if (len > 20 && !strncmp(buf, "qemu-system-x86_64", 18) &&
		    memmem(buf, len, "romfile", 7))
			break;
		usleep(10000);
	}
	assert_int_equal(vm_native_qemu_check_file(buf, len, path, &o, &r, err, sizeof(err)), 0);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	free(buf);
	/* gop.efi is read from the process's working directory: missing there */
	f = vm_check_find(&r, "romfile-unreadable");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "/run/gop.efi"));
	assert_non_null(vm_check_find(&r, "romfile-relative"));
	assert_null(vm_check_find(&r, "kvm-off"));
	vm_check_report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_like_bash),
		cmocka_unit_test(test_split_guide_script_like_bash),
		cmocka_unit_test(test_split_refuses_to_guess),
		cmocka_unit_test(test_input_detection),
		cmocka_unit_test(test_convert_options),
		cmocka_unit_test(test_guide_author_script),
		cmocka_unit_test(test_round_trip_qemu_args),
		cmocka_unit_test(test_looking_glass_docs),
		cmocka_unit_test(test_pci0_on_q35),
		cmocka_unit_test(test_proxmox_showcmd),
		cmocka_unit_test(test_set_of_a_vf),
		cmocka_unit_test(test_real_205_proxmox_bus),
		cmocka_unit_test(test_gvtd_script),
		cmocka_unit_test(test_script_with_array),
		cmocka_unit_test(test_proc_cmdline),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
