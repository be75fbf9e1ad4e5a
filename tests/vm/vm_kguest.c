// SPDX-License-Identifier: MIT
/* The module boot: initramfs with the .ko files, /init, console parsing. */
#include "tests/vm/vm_kguest.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/vm/qmp.h"
#include "tests/vm/vm_cpio.h"
#include "tests/vm/vm_image.h"
#include "tests/vm/vm_kbuild.h"
#include "tests/vm/vm_qemu.h"

#define BOOT_TIMEOUT_S 240 /* TCG, whole run including the program */
#define KVM_PROBE_S 20 /* KVM that has not reached /init by then */

/*
 * The guest's /init. Every fact the host checks is one "VMK <key> <value>"
 * line; "VMK section X" routes the KTAP lines that follow. The console log
 * level goes to 8 after boot, so that the module's pr_info KTAP and any
 * WARNING reach the console while the boot itself stays quiet.
 */
static const char init_script[] =
	"#!/bin/sh\n"
	"export PATH=/bin\n"
	"mount -t devtmpfs dev /dev\n"
	"mount -t proc proc /proc\n"
	"mount -t sysfs sys /sys\n"
	"echo \"VMK init $(uname -r)\"\n"
	"echo \"VMK taint_boot $(cat /proc/sys/kernel/tainted)\"\n"
	"echo 8 > /proc/sys/kernel/printk\n"
	"refs() { awk -v m=\"$1\" '$1 == m { print $3; f = 1 }"
	" END { if (!f) print -1 }' /proc/modules; }\n"
	"insmod /lib/modules/pf/i915_sriov_pf.ko; echo \"VMK insmod_core $?\"\n"
	"echo VMK section selftest\n"
	"insmod /lib/modules/pf/i915_sriov_pf_selftest.ko\n"
	"echo \"VMK insmod_selftest $?\"\n"
	"echo VMK section none\n"
	"echo \"VMK refs_loaded $(refs i915_sriov_pf)\"\n"
	"rmmod i915_sriov_pf_selftest; echo \"VMK rmmod_selftest $?\"\n"
	"echo \"VMK refs_unloaded $(refs i915_sriov_pf)\"\n"
	"rmmod i915_sriov_pf; echo \"VMK rmmod_core $?\"\n"
	"insmod /lib/modules/pf/i915_sriov_pf.ko && rmmod i915_sriov_pf\n"
	"echo \"VMK reload_core $?\"\n"
	"echo \"VMK left $(grep -c '^i915_sriov_pf' /proc/modules)\"\n"
	"echo \"VMK taint_end $(cat /proc/sys/kernel/tainted)\"\n"
	"if [ -e /etc/kg-modules ]; then\n"
	"  n=0; for m in $(cat /etc/kg-modules); do"
	" insmod \"$m\" || n=$((n + 1)); done\n"
	"  echo \"VMK extra_modules $n\"\n"
	"fi\n"
	"[ -e /etc/kg-ldpath ] && export LD_LIBRARY_PATH=$(cat /etc/kg-ldpath)\n"
	"if [ -e /etc/kg-program ]; then\n"
	"  echo VMK section program\n"
	"  $(cat /etc/kg-program)\n"
	"  echo \"VMK program_exit $?\"\n"
	"  echo VMK section none\n"
	"fi\n"
	"echo VMK done\n"
	"poweroff -f\n";

/* Console lines that mean the kernel complained. */
static const char *const splat_marks[] = {
	"Oops",
	"BUG:",
	"WARNING:",
	"Call Trace:",
	"Kernel panic",
	"general protection fault",
	"kernel BUG",
	"UBSAN:",
	"KASAN:",
	"refcount_t:",
	"list_add corruption",
	"list_del corruption",
	"INFO: task",
	"watchdog: BUG",
	"Modules linked in:",
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* busybox applets as symlinks, from the binary's own list */
static void add_applets(struct vm_cpio *c, const char *busybox)
{
	char cmd[600], name[128], path[160];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "'%s' --list", busybox);
	p = popen(cmd, "r");
	if (!p)
		return;
	while (fgets(name, sizeof(name), p)) {
		name[strcspn(name, "\n")] = '\0';
		if (!name[0] || !strcmp(name, "busybox"))
			continue;
		snprintf(path, sizeof(path), "bin/%s", name);
		vm_cpio_symlink(c, path, "busybox");
	}
	pclose(p);
}

/* "SRC:DEST" into SRC and DEST (without the leading '/'). */
static bool split_pair(const char *pair, char *src, size_t n, const char **dest)
{
	const char *colon = strchr(pair, ':');

	if (!colon)
		return false;
	snprintf(src, n, "%.*s", (int)(colon - pair), pair);
	*dest = colon + 1 + (colon[1] == '/');
	return true;
}

/* A dynamic executable and every library ldd resolves for it, at the
 * same paths; their directories are collected for LD_LIBRARY_PATH. */
static void add_dynamic(struct vm_cpio *c, const char *pair, char *ldpath, size_t n)
{
	char src[1024], cmd[1100], line[1024], lib[1024];
	const char *dest;
	FILE *p;

	if (!split_pair(pair, src, sizeof(src), &dest) || strchr(src, '\''))
		return;
	vm_cpio_file(c, dest, src, 0755);
	snprintf(cmd, sizeof(cmd), "ldd '%s'", src);
	p = popen(cmd, "r");
	if (!p)
		return;
	while (fgets(line, sizeof(line), p)) {
		char dir[1024], *slash;

		/* "libx.so => /path (0x...)" or "/lib64/ld-... (0x...)" */
		if (sscanf(line, " %*s => %1023s", lib) != 1 && sscanf(line, " %1023s", lib) != 1)
			continue;
		if (lib[0] != '/')
			continue;
		vm_cpio_file(c, lib + 1, lib, 0755);
		memcpy(dir, lib, sizeof(dir));
		slash = strrchr(dir, '/');
		*slash = '\0';
		if (!strstr(ldpath, dir) && strlen(ldpath) + strlen(dir) + 2 < n) {
			if (ldpath[0])
				strcat(ldpath, ":");
			strcat(ldpath, dir);
		}
	}
	pclose(p);
}

static int build_initramfs(const struct vm_kpkg *k, const char *kmod, const struct kg_extra *x,
			   const char *path)
{
	char busybox[512], src[1200], list[8192] = "", prog[1024];
	char ldpath[1024] = "";
	char(*mods)[512] = NULL;
	struct vm_cpio c;
	int ret, n = 0;

	if (vm_busybox_find(busybox, sizeof(busybox)))
		return -ENOENT;
	if (x && x->modules) {
		mods = calloc(64, sizeof(*mods));
		if (!mods)
			return -ENOMEM;
		n = vm_kernel_modules(k->version, x->modules, mods, 64);
		if (n < 0) {
			free(mods);
			return n;
		}
	}
	ret = vm_cpio_open(&c, path);
	if (ret) {
		free(mods);
		return ret;
	}
	vm_cpio_dir(&c, "dev");
	vm_cpio_dir(&c, "proc");
	vm_cpio_dir(&c, "sys");
	vm_cpio_dir(&c, "tmp");
	vm_cpio_file(&c, "bin/busybox", busybox, 0755);
	add_applets(&c, busybox);
	snprintf(src, sizeof(src), "%s/i915_sriov_pf.ko", kmod);
	vm_cpio_file(&c, "lib/modules/pf/i915_sriov_pf.ko", src, 0644);
	snprintf(src, sizeof(src), "%s/i915_sriov_pf_selftest.ko", kmod);
	vm_cpio_file(&c, "lib/modules/pf/i915_sriov_pf_selftest.ko", src, 0644);
	for (int i = 0; i < n; i++) {
		char name[600], *dot;

		/* stored decompressed, as <name>.ko */
		snprintf(name, sizeof(name), "lib/modules/extra/%02d-%s", i, base_name(mods[i]));
		dot = strstr(name, ".ko");
		if (dot)
			dot[3] = '\0';
		vm_cpio_file(&c, name, mods[i], 0644);
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "/%s\n", name);
	}
	if (n)
		vm_cpio_data(&c, "etc/kg-modules", 0644, list, strlen(list));
	for (int i = 0; x && x->files && x->files[i]; i++) {
		const char *dest;

		if (split_pair(x->files[i], src, sizeof(src), &dest))
			vm_cpio_file(&c, dest, src, 0755);
	}
	for (int i = 0; x && x->dynamic && x->dynamic[i]; i++)
		add_dynamic(&c, x->dynamic[i], ldpath, sizeof(ldpath));
	if (ldpath[0])
		vm_cpio_data(&c, "etc/kg-ldpath", 0644, ldpath, strlen(ldpath));
	if (x && x->program) {
		snprintf(src, sizeof(src), "bin/%s", base_name(x->program));
		vm_cpio_file(&c, src, x->program, 0755);
		snprintf(prog, sizeof(prog), "/bin/%s %s\n", base_name(x->program),
			 x->args ? x->args : "");
		vm_cpio_data(&c, "etc/kg-program", 0644, prog, strlen(prog));
	}
	if (x && x->init)
		vm_cpio_file(&c, "init", x->init, 0755);
	else
		vm_cpio_data(&c, "init", 0755, init_script, sizeof(init_script) - 1);
	free(mods);
	return vm_cpio_close(&c);
}

static void ktap_keep(struct kg_ktap *t, const char *line)
{
	ktap_line(&t->k, line);
	if (t->n < KG_MAX_LINES)
		snprintf(t->lines[t->n++], KG_LINE, "%s", line);
}

static void take_line(struct kg_outcome *o, const char *raw, int *section)
{
	const char *line = ktap_strip_timestamp(raw);
	char key[32], val[64];
	long v;

	if (sscanf(line, "VMK %31s %63s", key, val) == 2) {
		v = strtol(val, NULL, 0);
		if (!strcmp(key, "init"))
			o->booted = true;
		else if (!strcmp(key, "section"))
			*section = !strcmp(val, "selftest") ? 1 : !strcmp(val, "program") ? 2 : 0;
		else if (!strcmp(key, "taint_boot"))
			o->taint_boot = v;
		else if (!strcmp(key, "taint_end"))
			o->taint_end = v;
		else if (!strcmp(key, "insmod_core"))
			o->insmod_core = (int)v;
		else if (!strcmp(key, "insmod_selftest"))
			o->insmod_selftest = (int)v;
		else if (!strcmp(key, "rmmod_selftest"))
			o->rmmod_selftest = (int)v;
		else if (!strcmp(key, "rmmod_core"))
			o->rmmod_core = (int)v;
		else if (!strcmp(key, "reload_core"))
			o->reload_core = (int)v;
		else if (!strcmp(key, "refs_loaded"))
			o->refs_loaded = (int)v;
		else if (!strcmp(key, "refs_unloaded"))
			o->refs_unloaded = (int)v;
		else if (!strcmp(key, "left"))
			o->left = (int)v;
		else if (!strcmp(key, "extra_modules"))
			o->extra_modules = (int)v;
		else if (!strcmp(key, "program_exit"))
			o->program_exit = (int)v;
		return;
	}
	if (!strcmp(line, "VMK done")) {
		o->done = true;
		return;
	}
	if (!o->booted)
		return;
	for (size_t i = 0; i < sizeof(splat_marks) / sizeof(splat_marks[0]); i++) {
		if (!strstr(line, splat_marks[i]))
			continue;
		if (o->taint_end < 0 && !o->splats++)
			snprintf(o->first_splat, sizeof(o->first_splat), "%s", line);
		if (o->taint_end >= 0 && !o->late_splats++)
			snprintf(o->first_late_splat, sizeof(o->first_late_splat), "%s", line);
		break;
	}
	if (*section == 1)
		ktap_keep(&o->selftest, line);
	else if (*section == 2)
		ktap_keep(&o->program, line);
}

static void outcome_init(struct kg_outcome *o)
{
	memset(o, 0, sizeof(*o));
	o->insmod_core = o->insmod_selftest = o->rmmod_selftest = -1;
	o->rmmod_core = o->reload_core = o->extra_modules = -1;
	o->program_exit = o->refs_loaded = o->refs_unloaded = o->left = -1;
	o->taint_boot = o->taint_end = -1;
	ktap_init(&o->selftest.k);
	ktap_init(&o->program.k);
}

/* One boot; -EAGAIN when KVM could not run the guest. */
static int boot(const struct vm_kpkg *k, const char *kernel, const char *initrd,
		const char *workdir, const struct kg_extra *x, struct kg_outcome *o)
{
	char qmp_path[1024], log[1024], line[4096], append[1024];
	struct qmp qmp = { .fd = -1 };
	struct vm vm = { .pid = -1, .console_fd = -1 };
	struct vm_config c;
	uint64_t t0 = now_ms();
	int section = 0, ret;

	snprintf(qmp_path, sizeof(qmp_path), "%s/qmp-%d.sock", workdir, (int)getpid());
	snprintf(log, sizeof(log), "%s/console-%s.log", workdir, k->version);
	snprintf(append, sizeof(append), "%s", x && x->append ? x->append : "");
	c = (struct vm_config){ .vmlinux = kernel,
				.initrd = initrd,
				.append = append,
				.memory = "512M",
				.qmp_path = qmp_path,
				.console_log = log,
				.extra = x ? x->qemu_args : NULL };
	ret = vm_start(&vm, &c);
	if (ret)
		goto out;
	o->started = true;
	o->kvm = vm.kvm;
	qmp_connect(&qmp, qmp_path, 5000);
	while (now_ms() - t0 < BOOT_TIMEOUT_S * 1000ull) {
		ret = vm_console_line(&vm, line, sizeof(line), 200);
		if (ret > 0) {
			take_line(o, line, &section);
			continue;
		}
		if (ret < 0 || vm_exited(&vm))
			break;
		if (vm.kvm && !o->booted && now_ms() - t0 > KVM_PROBE_S * 1000ull)
			break;
	}
	if (vm.kvm && !o->booted) {
		ret = -EAGAIN;
		goto out;
	}
	/* /init powers off after "VMK done" */
	o->exited_clean = o->done && vm_wait(&vm, 10000) && WIFEXITED(vm.status) &&
			  !WEXITSTATUS(vm.status);
	while (vm_console_line(&vm, line, sizeof(line), 100) > 0)
		take_line(o, line, &section);
	ret = 0;
out:
	vm_destroy(&vm, &qmp);
	qmp_close(&qmp);
	unlink(qmp_path);
	return ret;
}

/* The end of a log, to stderr, so that CI shows why. */
static void print_tail(const char *dir, const char *name, int lines)
{
	char path[1200], *buf = NULL;
	unsigned char *data;
	size_t n, i;
	int seen = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (vm_read_file(path, &data, &n))
		return;
	buf = (char *)data;
	for (i = n; i > 0 && seen <= lines; i--)
		if (buf[i - 1] == '\n')
			seen++;
	fprintf(stderr, "%s", buf + i + (i > 0));
	free(buf);
}

int kg_run(const struct vm_kpkg *k, const char *ksrc, const char *workdir, const char *cache,
	   const struct kg_extra *x, struct kg_outcome *o)
{
	char kmod[1024], vmlinux[1024], initrd[1024], marker[1024];
	struct vm_kernel vk;
	const char *kernel = vmlinux;
	int ret;

	outcome_init(o);
	mkdir(workdir, 0755);
	snprintf(kmod, sizeof(kmod), "%s/kmod-%s", workdir, k->version);
	o->build_err = vm_kbuild(ksrc, k->headers, kmod);
	o->built = !o->build_err;
	if (!o->built) {
		fprintf(stderr,
			"vm: module build against %s failed; see "
			"%s/build.log\n",
			k->headers, kmod);
		print_tail(kmod, "build.log", 25);
		return 0;
	}
	if (!k->vmlinuz[0])
		return 0; /* headers only: build-tested, not booted */
	memset(&vk, 0, sizeof(vk));
	snprintf(vk.version, sizeof(vk.version), "%s", k->version);
	snprintf(vk.vmlinuz, sizeof(vk.vmlinuz), "%s", k->vmlinuz);
	/* PVH boot of the extracted vmlinux saves the XZ decompression
	 * under TCG; a kernel compressed otherwise boots as it is */
	mkdir(cache, 0755);
	ret = vm_kernel_vmlinux(&vk, cache, vmlinux, sizeof(vmlinux));
	if (ret == -ENOEXEC)
		kernel = k->vmlinuz;
	else if (ret)
		return ret;
	snprintf(initrd, sizeof(initrd), "%s/initrd-%d.img", workdir, (int)getpid());
	ret = build_initramfs(k, kmod, x, initrd);
	if (ret) {
		fprintf(stderr, "vm: initramfs: %s\n", strerror(-ret));
		unlink(initrd);
		return ret;
	}
	snprintf(marker, sizeof(marker), "%s/kvm-unusable", cache);
	if (!access(marker, F_OK))
		setenv("VM_ACCEL", "tcg", 1);
	ret = boot(k, kernel, initrd, workdir, x, o);
	if (ret == -EAGAIN) {
		FILE *f = fopen(marker, "w");

		if (f)
			fclose(f);
		fprintf(stderr, "vm: KVM could not run the guest; retrying "
				"under TCG\n");
		setenv("VM_ACCEL", "tcg", 1);
		outcome_init(o);
		o->built = true;
		ret = boot(k, kernel, initrd, workdir, x, o);
	}
	unlink(initrd);
	return ret;
}

int kg_image(const struct vm_kpkg *k, const char *ksrc, const char *workdir, const char *cache,
	     const struct kg_extra *x, const char *initrd, char *kernel, size_t n)
{
	char kmod[1024];
	struct vm_kernel vk;
	int ret;

	mkdir(workdir, 0755);
	snprintf(kmod, sizeof(kmod), "%s/kmod-%s", workdir, k->version);
	ret = vm_kbuild(ksrc, k->headers, kmod);
	if (ret) {
		fprintf(stderr, "vm: module build against %s failed; see %s/build.log\n",
			k->headers, kmod);
		print_tail(kmod, "build.log", 25);
		return ret;
	}
	memset(&vk, 0, sizeof(vk));
	snprintf(vk.version, sizeof(vk.version), "%s", k->version);
	snprintf(vk.vmlinuz, sizeof(vk.vmlinuz), "%s", k->vmlinuz);
	mkdir(cache, 0755);
	ret = vm_kernel_vmlinux(&vk, cache, kernel, n);
	if (ret == -ENOEXEC)
		snprintf(kernel, n, "%s", k->vmlinuz);
	else if (ret)
		return ret;
	ret = build_initramfs(k, kmod, x, initrd);
	if (ret)
		unlink(initrd);
	return ret;
}

/* Taint bits the modules may add: O (out-of-tree), E (unsigned). */
#define TAINT_OOT (1L << 12)
#define TAINT_UNSIGNED (1L << 13)

struct check {
	const char *name;
	bool ok;
	char diag[KG_LINE + 8];
};

static int make_checks(const struct kg_outcome *o, struct check *c)
{
	const struct ktap *t = &o->selftest.k;
	long added = (o->taint_end & ~o->taint_boot) & ~(TAINT_OOT | TAINT_UNSIGNED);
	int n = 0;

	c[n++] = (struct check){ "module_build", o->built };
	c[n++] = (struct check){ "guest_boot", o->booted };
	c[n++] = (struct check){ "insmod_core", !o->insmod_core };
	c[n++] = (struct check){ "insmod_selftest", !o->insmod_selftest };
	c[n] = (struct check){ "selftest_ktap_complete", t->version_seen && t->planned > 0 &&
								 ktap_complete(t) &&
								 !t->bad_order };
	snprintf(c[n++].diag, sizeof(c[0].diag), "plan %d, %d results", t->planned,
		 t->passed + t->failed + t->skipped);
	c[n] = (struct check){ "selftest_all_ok", t->passed > 0 && !t->failed };
	snprintf(c[n++].diag, sizeof(c[0].diag), "%d passed, %d failed", t->passed, t->failed);
	c[n] = (struct check){ "core_held_by_selftest", o->refs_loaded == 1 };
	snprintf(c[n++].diag, sizeof(c[0].diag), "refcount %d", o->refs_loaded);
	c[n++] = (struct check){ "rmmod_selftest", !o->rmmod_selftest };
	c[n] = (struct check){ "no_leaked_reference", o->refs_unloaded == 0 };
	snprintf(c[n++].diag, sizeof(c[0].diag), "refcount %d", o->refs_unloaded);
	c[n++] = (struct check){ "rmmod_core", !o->rmmod_core };
	c[n++] = (struct check){ "reload_and_unload_core", !o->reload_core && !o->left };
	c[n] = (struct check){ "no_oops_or_warning", o->booted && !o->splats };
	snprintf(c[n++].diag, sizeof(c[0].diag), "%s", o->first_splat);
	c[n] = (struct check){ "taint_only_out_of_tree",
			       o->taint_boot >= 0 && o->taint_end >= 0 && !added };
	snprintf(c[n++].diag, sizeof(c[0].diag), "taint %ld at boot, %ld after", o->taint_boot,
		 o->taint_end);
	c[n++] = (struct check){ "clean_shutdown", o->exited_clean };
	return n;
}

int kg_num_checks(void)
{
	struct kg_outcome *o = calloc(1, sizeof(*o));
	struct check c[32];
	int n = o ? make_checks(o, c) : 0;

	free(o);
	return n;
}

void kg_print_nested(const char *line, int indent)
{
	static const char *const ktap[] = { "KTAP version ", "1..", "ok ", "not ok ", "#" };

	for (size_t i = 0; i < sizeof(ktap) / sizeof(ktap[0]); i++) {
		if (!strncmp(line, ktap[i], strlen(ktap[i]))) {
			printf("%*s%s\n", indent, "", line);
			return;
		}
	}
	/* anything else the guest printed: a diagnostic */
	printf("%*s# %s\n", indent, "", line);
}

int kg_report(const struct kg_outcome *o, int indent, int first, int *passed, int *failed)
{
	struct check c[32];
	int n = make_checks(o, c);

	for (int i = 0; i < n; i++) {
		if (!strcmp(c[i].name, "selftest_ktap_complete")) {
			/* the module's own KTAP, nested */
			for (int j = 0; j < o->selftest.n; j++)
				kg_print_nested(o->selftest.lines[j], indent + 2);
		}
		printf("%*s%s %d %s", indent, "", c[i].ok ? "ok" : "not ok", first + i, c[i].name);
		if (c[i].diag[0])
			printf(" # %s", c[i].diag);
		printf("\n");
		(c[i].ok ? (*passed)++ : (*failed)++);
	}
	return n;
}
