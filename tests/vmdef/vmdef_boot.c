// SPDX-License-Identifier: MIT
/*
 * vm-def boot test: the domain `vfctl vm xml` writes defines and boots under
 * a real libvirt daemon, and the command line `vfctl vm qemu-args` writes
 * boots in QEMU itself.
 *
 * libvirt: a libvirtd owned by this test, in session mode (as "nobody" when
 * run as root) with HOME and the XDG directories in a temporary directory,
 * so that nothing of the machine's libvirt state is read or touched. The
 * domain is the generated one with the options a machine without a VF or
 * KVM needs (--no-vf --accel tcg --network none), IVSHMEM on a /dev/shm
 * file, COM1 to a log file, and Debian's kernel booted directly by OVMF
 * with an initramfs (tests/vm) whose /init reports, from the guest's own
 * PCI enumeration, the IVSHMEM device 1af4:1110 and the size of its BAR2.
 * `vfctl vm define --connect` defines it through the daemon, the test
 * starts it, waits for the guest's report, then reads query-pci through
 * the daemon's QEMU monitor. Then the QEMU command line, run directly: the
 * guest reports and powers off, and QEMU must exit 0. Everything is destroyed, undefined, stopped and removed
 * on every path, the /dev/shm files included.
 *
 * usage: vmdef_boot VFCTL RESULTS_DIR
 * Writes RESULTS_DIR/vm-def-boot.counts ("passed failed").
 */
#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <libvirt/libvirt-qemu.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/vm/vm_image.h"
#include "tests/vmdef/vmdef_proc.h"

#define BOOT_TIMEOUT_MS 90000 /* TCG boots in about 10 s; leave room for a loaded machine */
#define DAEMON_TIMEOUT_MS 30000
#define IVSHMEM_VENDOR 0x1af4
#define IVSHMEM_DEVICE 0x1110
/* The kvmfr formula (Looking Glass docs), not vfctl's word for it. */
#define LIBVIRT_RES "2560x1440"
#define LIBVIRT_SHM_MIB 64
#define QEMU_RES "1920x1080"
#define QEMU_SHM_MIB 32
#define CMDLINE "console=ttyS0 quiet"
#define CMDLINE_HOLD CMDLINE " vmdef.hold=1"

/*
 * The guest's report: busybox sh reads sysfs; BAR2 is line 3 of
 * "resource" (start end flags). With vmdef.hold=1 on its command line the
 * guest stays up afterwards, for the monitor; otherwise /init powers off.
 */
static const char probe_sh[] =
	"#!/bin/sh\n"
	"echo VMDEF-GUEST-UP\n"
	"for d in /sys/bus/pci/devices/*; do\n"
	"	read v < $d/vendor; read p < $d/device\n"
	"	[ \"$v:$p\" = 0x1af4:0x1110 ] || continue\n"
	"	n=0\n"
	"	while read s e f; do\n"
	"		[ $n = 2 ] && echo \"VMDEF-IVSHMEM ${d##*/} bar2=$((e - s + 1))\"\n"
	"		n=$((n + 1))\n"
	"	done < $d/resource\n"
	"done\n"
	"echo VMDEF-GUEST-DONE\n"
	"read c < /proc/cmdline\n"
	"case \" $c \" in *\" vmdef.hold=1 \"*) exec /bin/busybox sleep 600;; esac\n";

struct ctx {
	const char *vfctl;
	char tmp[80]; /* the daemon's socket is under it: sun_path holds 108 bytes */
	char kernel[512];
	char initrd[PATH_MAX];
	struct vmdef_cred cred;
	bool drop; /* the daemon runs as cred */
	/* libvirt */
	char name[64];
	char shm_lv[128];
	char serial_lv[PATH_MAX];
	char sock[PATH_MAX];
	char uri[PATH_MAX + 64];
	pid_t daemon;
	virConnectPtr conn;
	virDomainPtr dom;
	/* QEMU */
	char shm_q[128];
	char serial_q[PATH_MAX];
	char nvram[PATH_MAX];
	pid_t qemu;
};

static unsigned int passed, failed;

static bool check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool check(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s ", ok ? "ok  " : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (ok)
		passed++;
	else
		failed++;
	return ok;
}

static void quiet(void *opaque, virErrorPtr err)
{
	(void)opaque;
	(void)err;
}

static const char *lv_error(void)
{
	const char *m = virGetLastErrorMessage();

	return m ? m : "unknown libvirt error";
}

static void show_file(const char *what, const char *path)
{
	char *text = vmdef_read_file(path, NULL);

	fprintf(stderr, "---- %s (%s)\n%s\n----\n", what, path, text ? text : "(absent)");
	free(text);
}

/* ------------------------------------------------------------------------
 * The guest: kernel and initramfs
 */

static int make_guest(struct ctx *c)
{
	struct vm_kernel k;
	char probe[PATH_MAX + 16];
	int ret;

	ret = vm_kernel_find(&k);
	if (ret) {
		fprintf(stderr, "no linux-image-*-amd64 package installed\n");
		return ret;
	}
	snprintf(c->kernel, sizeof(c->kernel), "%s", k.vmlinuz);
	snprintf(probe, sizeof(probe), "%s/probe.sh", c->tmp);
	snprintf(c->initrd, sizeof(c->initrd), "%s/initrd.cpio", c->tmp);
	ret = vmdef_write_file(probe, probe_sh, 0755);
	if (!ret)
		ret = vm_initramfs_build(&k, probe, c->initrd);
	if (!ret && chmod(c->initrd, 0644))
		ret = -errno;
	return ret;
}

/* The guest's report in a serial log, once VMDEF-GUEST-DONE is there. */
struct report {
	bool up;
	bool done;
	unsigned int n_ivshmem;
	uint64_t bar2;
};

static void parse_report(const char *log, struct report *r)
{
	const char *p;

	memset(r, 0, sizeof(*r));
	if (!log)
		return;
	r->up = strstr(log, "VMDEF-GUEST-UP") != NULL;
	r->done = strstr(log, "VMDEF-GUEST-DONE") != NULL;
	for (p = log; (p = strstr(p, "VMDEF-IVSHMEM ")); p++) {
		const char *b = strstr(p, " bar2=");

		if (!b)
			break;
		r->n_ivshmem++;
		r->bar2 = strtoull(b + 6, NULL, 10);
	}
}

/* Whether a child has exited, leaving it to be reaped. */
static bool exited(pid_t pid)
{
	siginfo_t si = { 0 };

	return !waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) && si.si_pid == pid;
}

/* Wait for the report; @qemu (if > 0) ending also ends the wait. */
static bool wait_report(const char *serial, pid_t qemu, struct report *r, long long *ms)
{
	long long t0 = vmdef_now_ms();

	for (;;) {
		/* read after the exit test: what QEMU wrote last is in the file */
		bool gone = qemu > 0 && exited(qemu);
		char *log = vmdef_read_file(serial, NULL);

		parse_report(log, r);
		free(log);
		*ms = vmdef_now_ms() - t0;
		if (r->done)
			return true;
		if (gone || *ms > BOOT_TIMEOUT_MS || !vmdef_sleep_ms(200))
			return false;
	}
}

/* ------------------------------------------------------------------------
 * vfctl
 */

/* `vfctl vm SUB` for the emulated test VM, plus @extra; JSON parsed. */
static struct json_object *vfctl_vm(const struct ctx *c, const char *sub, const char *res,
				    const char *shm_name, const char *serial, const char *cmdline,
				    const char *const *extra)
{
	const char *argv[48] = {
		c->vfctl,  "vm",       sub,	  "--json",	"--name",  c->name,
		"--no-vf", "--accel",  "tcg",	  "--network",	"none",	   "--display",
		"none",	   "--memory", "512",	  "--vcpus",	"1",	   "--resolution",
		res,	   "--shm",    "shm",	  "--shm-name", shm_name,  "--serial",
		serial,	   "--kernel", c->kernel, "--initrd",	c->initrd, "--cmdline",
		cmdline,
	};
	struct json_object *j = NULL;
	size_t n = 0;
	char *out;
	int rc;

	while (argv[n])
		n++;
	for (; extra && *extra && n < 47; extra++)
		argv[n++] = *extra;
	argv[n] = NULL;
	rc = vmdef_run((char *const *)argv, &out);
	if (rc == 0 && out)
		j = json_tokener_parse(out);
	if (!j)
		fprintf(stderr, "vfctl vm %s: exit %d, output: %s\n", sub, rc, out ? out : "");
	free(out);
	return j;
}

static const char *jstr(struct json_object *j, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(j, key, &v) ? json_object_get_string(v) : NULL;
}

/* ------------------------------------------------------------------------
 * The private libvirt daemon
 */

static int mkdir_owned(const struct ctx *c, const char *path, mode_t mode)
{
	if (mkdir(path, mode) && errno != EEXIST)
		return -errno;
	if (c->drop && chown(path, c->cred.uid, c->cred.gid))
		return -errno;
	return 0;
}

static int start_daemon(struct ctx *c)
{
	char home[PATH_MAX + 8], cfg[PATH_MAX + 32], run[PATH_MAX + 32], cache[PATH_MAX + 32],
		data[PATH_MAX + 32], dir[PATH_MAX + 64], conf[PATH_MAX + 80], log[PATH_MAX + 16];
	char *envp[] = {
		home,	    cfg,
		run,	    cache,
		data,	    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"LC_ALL=C", NULL
	};
	char *argv[] = { "libvirtd", NULL };
	long long deadline;
	int ret;

	snprintf(home, sizeof(home), "HOME=%s", c->tmp);
	snprintf(cfg, sizeof(cfg), "XDG_CONFIG_HOME=%s/config", c->tmp);
	snprintf(run, sizeof(run), "XDG_RUNTIME_DIR=%s/run", c->tmp);
	snprintf(cache, sizeof(cache), "XDG_CACHE_HOME=%s/cache", c->tmp);
	snprintf(data, sizeof(data), "XDG_DATA_HOME=%s/data", c->tmp);
	ret = mkdir_owned(c, strchr(cfg, '=') + 1, 0700);
	snprintf(dir, sizeof(dir), "%s/config/libvirt", c->tmp);
	ret = ret ?: mkdir_owned(c, dir, 0700);
	ret = ret ?: mkdir_owned(c, strchr(run, '=') + 1, 0700);
	/*
	 * QEMU's output to files, not through virtlogd, which libvirt would
	 * otherwise spawn and leave behind for its idle timeout.
	 */
	snprintf(conf, sizeof(conf), "%s/qemu.conf", dir);
	ret = ret ?: vmdef_write_file(conf, "stdio_handler = \"file\"\n", 0644);
	if (!ret && c->drop && chown(conf, c->cred.uid, c->cred.gid))
		ret = -errno;
	if (ret)
		return ret;
	snprintf(c->sock, sizeof(c->sock), "%s/run/libvirt/libvirt-sock", c->tmp);
	snprintf(c->uri, sizeof(c->uri), "qemu:///session?socket=%s", c->sock);
	snprintf(log, sizeof(log), "%s/libvirtd.log", c->tmp);
	c->daemon = vmdef_spawn(argv, envp, c->drop ? &c->cred : NULL, log);
	if (c->daemon < 0)
		return (int)c->daemon;
	deadline = vmdef_now_ms() + DAEMON_TIMEOUT_MS;
	while (access(c->sock, F_OK)) {
		if (waitpid(c->daemon, NULL, WNOHANG) == c->daemon) {
			c->daemon = 0;
			show_file("libvirtd log", log);
			return -ECHILD;
		}
		if (vmdef_now_ms() > deadline || !vmdef_sleep_ms(100)) {
			show_file("libvirtd log", log);
			return -ETIMEDOUT;
		}
	}
	return 0;
}

/* QEMU of a domain the daemon could not destroy: its pid file. */
static void kill_domain_qemu(const struct ctx *c)
{
	char path[PATH_MAX + 128], *pid;
	long v;

	snprintf(path, sizeof(path), "%s/run/libvirt/qemu/run/%s.pid", c->tmp, c->name);
	pid = vmdef_read_file(path, NULL);
	if (!pid)
		return;
	v = strtol(pid, NULL, 10);
	if (v > 1) {
		fprintf(stderr, "killing leftover QEMU %ld\n", v);
		kill((pid_t)v, SIGKILL);
	}
	free(pid);
	unlink(path); /* once: the pid may be reused */
}

static void stop_libvirt(struct ctx *c)
{
	int st;

	if (c->dom) {
		if (virDomainIsActive(c->dom) == 1 && virDomainDestroy(c->dom) < 0)
			fprintf(stderr, "destroy: %s\n", lv_error());
		if (virDomainUndefineFlags(c->dom, VIR_DOMAIN_UNDEFINE_NVRAM) < 0)
			fprintf(stderr, "undefine: %s\n", lv_error());
		virDomainFree(c->dom);
		c->dom = NULL;
	}
	if (c->conn) {
		virConnectClose(c->conn);
		c->conn = NULL;
	}
	kill_domain_qemu(c);
	if (c->daemon > 0) {
		kill(c->daemon, SIGTERM);
		if (!vmdef_reap(c->daemon, 15000, &st))
			fprintf(stderr, "libvirtd did not stop on SIGTERM: killed\n");
		c->daemon = 0;
	}
}

/* ------------------------------------------------------------------------
 * query-pci through the daemon's monitor
 */

/* Every 1af4:1110 device on a bus and behind its bridges; the last BAR2 size. */
static unsigned int find_ivshmem(struct json_object *devices, uint64_t *bar2)
{
	unsigned int n = 0;
	size_t i, k;

	for (i = 0; i < json_object_array_length(devices); i++) {
		struct json_object *d = json_object_array_get_idx(devices, i), *id, *v, *regs, *br,
				   *sub;

		if (json_object_object_get_ex(d, "pci_bridge", &br) &&
		    json_object_object_get_ex(br, "devices", &sub))
			n += find_ivshmem(sub, bar2);
		if (!json_object_object_get_ex(d, "id", &id) ||
		    !json_object_object_get_ex(id, "vendor", &v) ||
		    json_object_get_int(v) != IVSHMEM_VENDOR ||
		    !json_object_object_get_ex(id, "device", &v) ||
		    json_object_get_int(v) != IVSHMEM_DEVICE)
			continue;
		n++;
		*bar2 = 0;
		if (!json_object_object_get_ex(d, "regions", &regs))
			continue;
		for (k = 0; k < json_object_array_length(regs); k++) {
			struct json_object *r = json_object_array_get_idx(regs, k), *bar, *size;

			if (json_object_object_get_ex(r, "bar", &bar) &&
			    json_object_get_int(bar) == 2 &&
			    json_object_object_get_ex(r, "size", &size))
				*bar2 = (uint64_t)json_object_get_int64(size);
		}
	}
	return n;
}

static int query_pci(virDomainPtr dom, uint64_t *bar2)
{
	struct json_object *j, *ret;
	char *out = NULL;
	unsigned int n = 0;
	size_t i;

	*bar2 = 0;
	if (virDomainQemuMonitorCommand(dom, "{\"execute\":\"query-pci\"}", &out, 0) < 0) {
		fprintf(stderr, "qemu-monitor-command: %s\n", lv_error());
		return -1;
	}
	j = json_tokener_parse(out);
	free(out);
	if (!j || !json_object_object_get_ex(j, "return", &ret)) {
		json_object_put(j);
		return -1;
	}
	for (i = 0; i < json_object_array_length(ret); i++) {
		struct json_object *bus = json_object_array_get_idx(ret, i), *devs;

		if (json_object_object_get_ex(bus, "devices", &devs))
			n += find_ivshmem(devs, bar2);
	}
	json_object_put(j);
	return (int)n;
}

/* ------------------------------------------------------------------------
 * The two boots
 */

static uint64_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : (uint64_t)st.st_size;
}

static void boot_libvirt(struct ctx *c)
{
	const uint64_t want = (uint64_t)LIBVIRT_SHM_MIB << 20;
	const char *define_extra[] = { "--connect", c->uri, NULL };
	char log[PATH_MAX + 16];
	struct json_object *j;
	struct report r;
	uint64_t bar2;
	long long ms;
	int ret, n;

	j = vfctl_vm(c, "xml", LIBVIRT_RES, c->shm_lv + strlen("/dev/shm/"), c->serial_lv,
		     CMDLINE_HOLD, NULL);
	check(j && json_object_get_int(json_object_object_get(j, "shm_mib")) == LIBVIRT_SHM_MIB,
	      "vfctl vm xml: IVSHMEM of %d MiB for " LIBVIRT_RES, LIBVIRT_SHM_MIB);
	json_object_put(j);

	ret = start_daemon(c);
	if (!check(!ret, "a private libvirtd (session mode%s) is listening",
		   c->drop ? ", as nobody" : "")) {
		fprintf(stderr, "libvirtd: %s\n", strerror(-ret));
		return;
	}
	j = vfctl_vm(c, "define", LIBVIRT_RES, c->shm_lv + strlen("/dev/shm/"), c->serial_lv,
		     CMDLINE_HOLD, define_extra);
	ret = j && json_object_get_boolean(json_object_object_get(j, "kept")) &&
	      !strcmp(jstr(j, "name") ?: "", c->name);
	json_object_put(j);
	if (!check(ret, "vfctl vm define --connect: the daemon defined '%s'", c->name))
		return;

	c->conn = virConnectOpen(c->uri);
	c->dom = c->conn ? virDomainLookupByName(c->conn, c->name) : NULL;
	if (!check(c->dom, "the domain is on the daemon")) {
		fprintf(stderr, "libvirt: %s\n", lv_error());
		return;
	}
	ret = virDomainCreate(c->dom);
	if (!check(ret == 0, "the daemon starts it (TCG)")) {
		fprintf(stderr, "start: %s\n", lv_error());
		snprintf(log, sizeof(log), "%s/libvirtd.log", c->tmp);
		show_file("libvirtd log", log);
		return;
	}
	check(file_size(c->shm_lv) == want, "%s is %" PRIu64 " bytes (want %" PRIu64 ")", c->shm_lv,
	      file_size(c->shm_lv), want);
	ret = wait_report(c->serial_lv, 0, &r, &ms);
	check(r.up, "libvirt guest came up (OVMF, Debian's kernel, /init) in %lld ms", ms);
	check(ret && r.n_ivshmem == 1 && r.bar2 == want,
	      "libvirt guest sees %u IVSHMEM device(s), BAR2 %" PRIu64 " bytes (want 1, %" PRIu64
	      ")",
	      r.n_ivshmem, r.bar2, want);
	/*
	 * Now that the firmware numbered the buses behind the bridges (before,
	 * query-pci does not descend into them), QEMU's own view of the device.
	 */
	n = query_pci(c->dom, &bar2);
	check(n == 1 && bar2 == want,
	      "query-pci through the daemon: %d IVSHMEM device(s), BAR2 %" PRIu64
	      " bytes (want 1, %" PRIu64 ")",
	      n, bar2, want);
	if (!ret)
		show_file("serial log", c->serial_lv);
}

/* The teardown is part of what is tested: it must leave nothing behind. */
static void teardown_libvirt(struct ctx *c)
{
	virDomainPtr gone;
	bool ok;

	if (c->dom) {
		ok = (virDomainIsActive(c->dom) != 1 || virDomainDestroy(c->dom) == 0) &&
		     virDomainUndefineFlags(c->dom, VIR_DOMAIN_UNDEFINE_NVRAM) == 0;
		if (!ok)
			fprintf(stderr, "teardown: %s\n", lv_error());
		gone = virDomainLookupByName(c->conn, c->name);
		check(ok && !gone, "destroyed and undefined");
		if (gone)
			virDomainFree(gone);
		virDomainFree(c->dom);
		c->dom = NULL;
	}
	if (c->daemon > 0) {
		int st = 0;
		bool own;

		if (c->conn) {
			virConnectClose(c->conn);
			c->conn = NULL;
		}
		kill(c->daemon, SIGTERM);
		own = vmdef_reap(c->daemon, 15000, &st);
		c->daemon = 0;
		if (!vmdef_stop) /* an interrupted wait kills it: no verdict then */
			check(own && WIFEXITED(st), "libvirtd stopped on SIGTERM");
	}
	stop_libvirt(c);
}

static void boot_qemu(struct ctx *c)
{
	const uint64_t want = (uint64_t)QEMU_SHM_MIB << 20;
	const char *extra[] = { "--nvram", c->nvram, NULL };
	struct json_object *j, *argv_j;
	const char *tmpl, *argv[128];
	char log[PATH_MAX + 16], *vars;
	struct report r;
	size_t i, n, len;
	bool tcg = false;
	long long ms;
	int ret, st = 0;

	j = vfctl_vm(c, "qemu-args", QEMU_RES, c->shm_q + strlen("/dev/shm/"), c->serial_q, CMDLINE,
		     extra);
	if (!check(j && json_object_object_get_ex(j, "argv", &argv_j), "vfctl vm qemu-args --json"))
		goto out;
	n = json_object_array_length(argv_j);
	for (i = 0; i < n && i < 127; i++) {
		argv[i] = json_object_get_string(json_object_array_get_idx(argv_j, i));
		tcg |= !strcmp(argv[i], "q35,accel=tcg,vmport=off");
	}
	argv[i] = NULL;
	check(tcg, "the command line asks for q35 under TCG");
	/* the VM's own copy of the VARS template, as the output tells users */
	tmpl = jstr(j, "nvram_template");
	vars = tmpl ? vmdef_read_file(tmpl, &len) : NULL;
	ret = vars && len ? 0 : -ENOENT;
	if (!ret) {
		FILE *f = fopen(c->nvram, "wb");

		ret = f && fwrite(vars, 1, len, f) == len ? 0 : -EIO;
		if (f && fclose(f))
			ret = -EIO;
	}
	free(vars);
	if (!check(!ret, "NVRAM copied from %s", tmpl ?: "(none)"))
		goto out;
	snprintf(log, sizeof(log), "%s/qemu.log", c->tmp);
	c->qemu = vmdef_spawn((char *const *)argv, NULL, NULL, log);
	if (!check(c->qemu > 0, "QEMU started from the generated command line"))
		goto out;
	ret = wait_report(c->serial_q, c->qemu, &r, &ms);
	check(r.up, "QEMU guest came up (OVMF, Debian's kernel, /init) in %lld ms", ms);
	check(ret && r.n_ivshmem == 1 && r.bar2 == want,
	      "QEMU guest sees %u IVSHMEM device(s), BAR2 %" PRIu64 " bytes (want 1, %" PRIu64 ")",
	      r.n_ivshmem, r.bar2, want);
	if (!ret) {
		show_file("QEMU output", log);
		show_file("serial log", c->serial_q);
	}
	/* /init powers off: QEMU ends by itself */
	ret = vmdef_reap(c->qemu, ret ? 30000 : 0, &st);
	c->qemu = 0;
	check(ret && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "QEMU exited 0 after the guest's poweroff");
out:
	json_object_put(j);
}

/* ------------------------------------------------------------------------ */

static int setup(struct ctx *c)
{
	const char *tmpdir = getenv("TMPDIR");
	struct passwd *pw;

	if ((size_t)snprintf(c->tmp, sizeof(c->tmp), "%s/vmdef-boot.XXXXXX",
			     tmpdir && *tmpdir ? tmpdir : "/tmp") >= sizeof(c->tmp)) {
		fprintf(stderr, "TMPDIR is too long for a unix socket path below it\n");
		c->tmp[0] = '\0';
		return -ENAMETOOLONG;
	}
	if (!mkdtemp(c->tmp)) {
		c->tmp[0] = '\0';
		return -errno;
	}
	/* root: the daemon and its QEMU run as nobody, in a directory it owns */
	if (geteuid() == 0) {
		pw = getpwnam("nobody");
		if (!pw) {
			fprintf(stderr, "no user 'nobody' to run libvirtd in session mode\n");
			return -ENOENT;
		}
		c->cred.uid = pw->pw_uid;
		c->cred.gid = pw->pw_gid;
		c->drop = true;
		if (chown(c->tmp, c->cred.uid, c->cred.gid) || chmod(c->tmp, 0755))
			return -errno;
	}
	snprintf(c->name, sizeof(c->name), "vmdef-boot-%ld", (long)getpid());
	snprintf(c->shm_lv, sizeof(c->shm_lv), "/dev/shm/%s-lv", c->name);
	snprintf(c->shm_q, sizeof(c->shm_q), "/dev/shm/%s-q", c->name);
	snprintf(c->serial_lv, sizeof(c->serial_lv), "%s/serial-libvirt.log", c->tmp);
	snprintf(c->serial_q, sizeof(c->serial_q), "%s/serial-qemu.log", c->tmp);
	snprintf(c->nvram, sizeof(c->nvram), "%s/VARS.fd", c->tmp);
	return make_guest(c);
}

static void cleanup(struct ctx *c)
{
	stop_libvirt(c);
	if (c->qemu > 0)
		vmdef_reap(c->qemu, 0, NULL);
	unlink(c->shm_lv);
	unlink(c->shm_q);
	if (c->tmp[0] && vmdef_rm_rf(c->tmp))
		fprintf(stderr, "cannot remove %s\n", c->tmp);
}

int main(int argc, char **argv)
{
	struct ctx c = { 0 };
	char counts[PATH_MAX];
	long long t0 = vmdef_now_ms();
	FILE *f;
	int ret;

	if (argc != 3) {
		fprintf(stderr, "usage: vmdef_boot VFCTL RESULTS_DIR\n");
		return 2;
	}
	c.vfctl = argv[1];
	vmdef_signals();
	virSetErrorFunc(NULL, quiet);
	ret = setup(&c);
	if (check(!ret, "guest image: Debian's kernel and a tests/vm initramfs")) {
		boot_libvirt(&c);
		teardown_libvirt(&c);
		if (!vmdef_stop)
			boot_qemu(&c);
	} else {
		fprintf(stderr, "setup: %s\n", strerror(-ret));
	}
	cleanup(&c);
	check(access(c.shm_lv, F_OK) && access(c.shm_q, F_OK) && access(c.tmp, F_OK),
	      "nothing left in /dev/shm or the temporary directory");
	if (vmdef_stop)
		check(false, "interrupted");
	printf("vm-def-boot: %u passed, %u failed (%lld s)\n", passed, failed,
	       (vmdef_now_ms() - t0) / 1000);
	snprintf(counts, sizeof(counts), "%s/vm-def-boot.counts", argv[2]);
	mkdir(argv[2], 0755);
	f = fopen(counts, "w");
	if (!f || fprintf(f, "%u %u\n", passed, failed) < 0 || fclose(f)) {
		fprintf(stderr, "cannot write %s\n", counts);
		return 1;
	}
	return failed ? 1 : 0;
}
