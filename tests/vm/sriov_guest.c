// SPDX-License-Identifier: MIT
/*
 * sriov-guest: runs inside the VM against a real SR-IOV PF (QEMU's igb,
 * VFs bound by igbvf) and drives the real `vfctl` binary over it, as a
 * kselftest-style program (KTAP on stdout, kselftest exit codes).
 *
 *   sriov-guest [VFCTL]        (default /bin/vfctl)
 *
 * What it pins down: status and doctor write nothing; enable N makes N VFs
 * appear (virtfn links, VF driver bound) and M after N goes through 0; a
 * request beyond sriov_totalvfs is refused with its cause and changes
 * nothing; vfio bind hands a VF to vfio-pci (IOMMU group node present);
 * disable is refused while a process holds the VF's group and names it;
 * unbind gives the VF back; disable removes every VF; persist writes and
 * removes the boot-time setting.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/vm/ksft.h"

#define SYS_PCI "/sys/bus/pci/devices"
#define PERSIST_CONF "/etc/tmpfiles.d/i915-sriov-numvfs.conf"
#define OUT_MAX 65536

static const char *vfctl = "/bin/vfctl";
static char pf[NAME_MAX + 1];

struct run {
	int code; /* exit code, -1 if it did not exit */
	char out[OUT_MAX];
	struct json_object *json; /* parsed stdout or NULL */
};

/* vfctl ARGS... --pf PF [--json]: exit code, stdout, JSON. */
static void vfctl_run(struct run *r, const char *const *args, bool json)
{
	const char *argv[16];
	int pfd[2], n = 0, status;
	size_t len = 0;
	ssize_t got;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	r->code = -1;
	argv[n++] = vfctl;
	for (int i = 0; args[i] && n < 12; i++)
		argv[n++] = args[i];
	argv[n++] = "--pf";
	argv[n++] = pf;
	if (json)
		argv[n++] = "--json";
	argv[n] = NULL;
	if (pipe(pfd))
		return;
	pid = fork();
	if (pid == 0) {
		dup2(pfd[1], STDOUT_FILENO);
		close(pfd[0]);
		alarm(60);
		execv(vfctl, (char *const *)argv);
		_exit(127);
	}
	close(pfd[1]);
	while (pid > 0 && len < OUT_MAX - 1 &&
	       (got = read(pfd[0], r->out + len, OUT_MAX - 1 - len)) > 0)
		len += (size_t)got;
	r->out[len] = '\0';
	close(pfd[0]);
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status))
		r->code = WEXITSTATUS(status);
	if (json)
		r->json = json_tokener_parse(r->out);
	ksft_print_msg("vfctl %s%s%s --pf %s: exit %d", args[0], args[1] ? " " : "",
		       args[1] ? args[1] : "", pf, r->code);
}

static void run_free(struct run *r)
{
	if (r->json)
		json_object_put(r->json);
	r->json = NULL;
}

static long json_int(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
		return -1;
	return (long)json_object_get_int64(v);
}

static const char *json_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return "";
	return json_object_get_string(v);
}

static long read_long(const char *dev, const char *attr)
{
	char path[PATH_MAX], buf[64] = "";
	FILE *f;

	snprintf(path, sizeof(path), SYS_PCI "/%s/%s", dev, attr);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return buf[0] ? strtol(buf, NULL, 0) : -1;
}

/* Basename of a sysfs link (driver, iommu_group, virtfnN), or "". */
static void link_name(const char *dev, const char *attr, char *out, size_t n)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t len;
	const char *s;

	snprintf(path, sizeof(path), SYS_PCI "/%s/%s", dev, attr);
	len = readlink(path, target, sizeof(target) - 1);
	out[0] = '\0';
	if (len <= 0)
		return;
	target[len] = '\0';
	s = strrchr(target, '/');
	s = s ? s + 1 : target;
	len = (ssize_t)strnlen(s, n - 1);
	memcpy(out, s, (size_t)len);
	out[len] = '\0';
}

static int count_virtfn(void)
{
	char path[PATH_MAX];
	int n = 0;

	for (;; n++) {
		snprintf(path, sizeof(path), SYS_PCI "/%s/virtfn%d", pf, n);
		if (access(path, F_OK))
			return n;
	}
}

/* Wait until every VF has @driver bound (probing may trail the write). */
static bool vfs_bound_to(const char *driver, int n)
{
	for (int t = 0; t < 100; t++) {
		int ok = 0;

		for (int i = 0; i < n; i++) {
			char attr[32], vf[64], drv[64];

			snprintf(attr, sizeof(attr), "virtfn%d", i);
			link_name(pf, attr, vf, sizeof(vf));
			link_name(vf, "driver", drv, sizeof(drv));
			ok += !strcmp(drv, driver);
		}
		if (ok == n)
			return true;
		usleep(50000);
	}
	return false;
}

/* The first PCI function that offers VFs. */
static bool find_pf(long *total)
{
	DIR *d = opendir(SYS_PCI);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		*total = read_long(e->d_name, "sriov_totalvfs");
		if (*total > 0) {
			snprintf(pf, sizeof(pf), "%s", e->d_name);
			break;
		}
	}
	if (d)
		closedir(d);
	return pf[0];
}

/*
 * Everything status and doctor could change: VF count, every function's
 * driver and driver_override, and /etc. Appended to @buf.
 */
static void snapshot(char *buf, size_t n)
{
	DIR *d = opendir(SYS_PCI);
	struct dirent *e;
	struct stat st;
	size_t len = 0;

	buf[0] = '\0';
	len += (size_t)snprintf(buf + len, n - len, "numvfs %ld\n", read_long(pf, "sriov_numvfs"));
	while (d && (e = readdir(d)) && len < n - 256) {
		char drv[64], ovr[PATH_MAX], line[128] = "";
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		link_name(e->d_name, "driver", drv, sizeof(drv));
		snprintf(ovr, sizeof(ovr), SYS_PCI "/%s/driver_override", e->d_name);
		f = fopen(ovr, "r");
		if (f) {
			if (!fgets(line, sizeof(line), f))
				line[0] = '\0';
			fclose(f);
		}
		line[strcspn(line, "\n")] = '\0';
		len += (size_t)snprintf(buf + len, n - len, "%s %s %s\n", e->d_name, drv, line);
	}
	if (d)
		closedir(d);
	/* /etc: what persist would write, and anything else */
	d = opendir("/etc/tmpfiles.d");
	while (d && (e = readdir(d)) && len < n - 256)
		len += (size_t)snprintf(buf + len, n - len, "etc %s\n", e->d_name);
	if (d)
		closedir(d);
	if (!stat("/etc", &st))
		snprintf(buf + len, n - len, "/etc mtime %ld\n", (long)st.st_mtime);
}

static void test_status_idle(long total, char *drv)
{
	struct run r;
	const char *args[] = { "vfs", "status", NULL };
	struct json_object *vfs = NULL;

	vfctl_run(&r, args, true);
	json_object_object_get_ex(r.json, "vfs", &vfs);
	ksft_test_result(r.code == 0 && json_int(r.json, "totalvfs") == total &&
				 json_int(r.json, "numvfs") == 0 &&
				 !strcmp(json_str(r.json, "pf_driver"), drv) && vfs &&
				 json_object_array_length(vfs) == 0,
			 "status_idle_matches_sysfs");
	run_free(&r);
}

static bool enable(int n)
{
	char num[16];
	const char *args[] = { "vfs", "enable", num, NULL };
	struct run r;

	snprintf(num, sizeof(num), "%d", n);
	vfctl_run(&r, args, false);
	return r.code == 0;
}

static void test_enable(int n, const char *name)
{
	bool ok = enable(n);
	long num = read_long(pf, "sriov_numvfs");
	int links = count_virtfn();

	ksft_print_msg("sriov_numvfs %ld, %d virtfn links", num, links);
	ksft_test_result(ok && num == n && links == n && vfs_bound_to("igbvf", n), "%s", name);
}

static void test_status_lists(int n)
{
	const char *args[] = { "vfs", "status", NULL };
	struct json_object *vfs = NULL;
	struct run r;
	int good = 0;

	vfctl_run(&r, args, true);
	json_object_object_get_ex(r.json, "vfs", &vfs);
	for (int i = 0; vfs && i < (int)json_object_array_length(vfs); i++) {
		struct json_object *v = json_object_array_get_idx(vfs, (size_t)i);
		char attr[32], bdf[64], grp[32];

		snprintf(attr, sizeof(attr), "virtfn%d", i);
		link_name(pf, attr, bdf, sizeof(bdf));
		link_name(bdf, "iommu_group", grp, sizeof(grp));
		good += !strcmp(json_str(v, "bdf"), bdf) &&
			!strcmp(json_str(v, "driver"), "igbvf") &&
			json_int(v, "iommu_group") == strtol(grp, NULL, 10) &&
			json_int(v, "vf") == i + 1;
	}
	ksft_test_result(r.code == 0 && json_int(r.json, "numvfs") == n && vfs &&
				 (int)json_object_array_length(vfs) == n && good == n,
			 "status_lists_each_vf");
	run_free(&r);
}

static void test_over_total(long total)
{
	char num[24];
	const char *args[] = { "vfs", "enable", num, NULL };
	long before = read_long(pf, "sriov_numvfs");
	struct run r;

	snprintf(num, sizeof(num), "%ld", total + 1);
	vfctl_run(&r, args, true);
	ksft_print_msg("error: %s", json_str(r.json, "error"));
	ksft_test_result(r.code == 2 && strstr(json_str(r.json, "error"), "sriov_totalvfs") &&
				 json_str(r.json, "hint")[0] &&
				 read_long(pf, "sriov_numvfs") == before,
			 "enable_beyond_totalvfs_refused_with_cause");
	run_free(&r);
}

/* A process holding the VF's VFIO group, as QEMU would. */
static pid_t hold_group(const char *grp)
{
	char path[64];
	int p[2];
	pid_t pid;
	char c;

	snprintf(path, sizeof(path), "/dev/vfio/%s", grp);
	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		int fd = open(path, O_RDWR);

		c = fd >= 0 ? '1' : '0';
		if (write(p[1], &c, 1) != 1 || fd < 0)
			_exit(1);
		pause();
		_exit(0);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &c, 1) != 1 || c != '1') {
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		pid = -1;
	}
	close(p[0]);
	return pid;
}

static void test_vfio(void)
{
	char vf[64], drv[64], grp[32], node[64];
	const char *bind[] = { "vfio", "bind", vf, NULL };
	const char *unbind[] = { "vfio", "unbind", vf, NULL };
	const char *disable[] = { "vfs", "disable", NULL };
	const char *status[] = { "vfs", "status", NULL };
	struct json_object *vfs = NULL;
	long before;
	struct run r;
	pid_t holder;

	link_name(pf, "virtfn0", vf, sizeof(vf));
	link_name(vf, "iommu_group", grp, sizeof(grp));
	snprintf(node, sizeof(node), "/dev/vfio/%s", grp);
	vfctl_run(&r, bind, false);
	link_name(vf, "driver", drv, sizeof(drv));
	ksft_print_msg("VF %s group %s driver %s", vf, grp, drv);
	ksft_test_result(r.code == 0 && !strcmp(drv, "vfio-pci") && grp[0] && !access(node, F_OK),
			 "vfio_bind_hands_vf_to_vfio_pci");

	holder = hold_group(grp);
	before = read_long(pf, "sriov_numvfs");
	vfctl_run(&r, disable, true);
	ksft_print_msg("error: %s", json_str(r.json, "error"));
	ksft_test_result(holder > 0 && r.code == 1 && strstr(json_str(r.json, "error"), vf) &&
				 read_long(pf, "sriov_numvfs") == before,
			 "disable_refused_while_vf_held");
	run_free(&r);
	vfctl_run(&r, status, true);
	json_object_object_get_ex(r.json, "vfs", &vfs);
	ksft_test_result(holder > 0 && vfs &&
				 json_int(json_object_array_get_idx(vfs, 0), "in_use_by") == holder,
			 "status_names_the_holder");
	run_free(&r);
	if (holder > 0) {
		kill(holder, SIGKILL);
		waitpid(holder, NULL, 0);
	}

	vfctl_run(&r, unbind, false);
	ksft_test_result(r.code == 0 && vfs_bound_to("igbvf", (int)before),
			 "vfio_unbind_gives_vf_back");
}

static void test_status_doctor_write_nothing(void)
{
	static char before[16384], after[16384];
	const char *status[] = { "vfs", "status", NULL };
	const char *doctor[] = { "doctor", NULL };
	struct json_object *findings = NULL, *summary = NULL;
	struct run r, d;
	int described = 0, failing = 0, igpu_cause = 0;

	snapshot(before, sizeof(before));
	vfctl_run(&r, status, false);
	vfctl_run(&d, doctor, true);
	snapshot(after, sizeof(after));
	ksft_test_result(r.code == 0 && !strcmp(before, after), "status_and_doctor_write_nothing");
	json_object_object_get_ex(d.json, "findings", &findings);
	json_object_object_get_ex(d.json, "summary", &summary);
	for (int i = 0; findings && i < (int)json_object_array_length(findings); i++) {
		struct json_object *f = json_object_array_get_idx(findings, (size_t)i);
		const char *st = json_str(f, "status");

		described += json_str(f, "message")[0] != '\0';
		if (strcmp(st, "fail"))
			continue;
		failing++;
		ksft_print_msg("doctor: %s: %s (fix: %s)", json_str(f, "id"),
			       json_str(f, "message"), json_str(f, "hint"));
		/* the cause: this PF is no Intel iGPU, said with its address */
		igpu_cause += !strcmp(json_str(f, "id"), "platform.igpu") &&
			      strstr(json_str(f, "message"), pf);
	}
	/* a VM with an igb is no supported iGPU host: exit 3 (environment
	 * missing), and the failing finding names the PF that is not one */
	ksft_test_result(d.code == 3 && summary && findings && failing > 0 &&
				 described == (int)json_object_array_length(findings) &&
				 igpu_cause == 1,
			 "doctor_names_the_cause");
	run_free(&d);
}

static void test_persist(void)
{
	const char *on[] = { "vfs", "persist", "2", NULL };
	const char *off[] = { "vfs", "persist", "0", NULL };
	const char *status[] = { "vfs", "status", NULL };
	char conf[512] = "", want[NAME_MAX + 32];
	struct run r, s;
	FILE *f;

	vfctl_run(&r, on, false);
	f = fopen(PERSIST_CONF, "r");
	if (f) {
		size_t n = fread(conf, 1, sizeof(conf) - 1, f);

		conf[n] = '\0';
		fclose(f);
	}
	snprintf(want, sizeof(want), "%s/sriov_numvfs", pf);
	vfctl_run(&s, status, true);
	ksft_test_result(r.code == 0 && strstr(conf, want) && json_int(s.json, "persisted") == 2,
			 "persist_writes_boot_setting");
	run_free(&s);
	vfctl_run(&r, off, false);
	ksft_test_result(r.code == 0 && access(PERSIST_CONF, F_OK), "persist_0_removes_it");
}

int main(int argc, char **argv)
{
	const char *disable[] = { "vfs", "disable", NULL };
	char drv[64];
	long total = 0;
	struct run r;

	if (argc > 1)
		vfctl = argv[1];
	ksft_print_header();
	ksft_set_plan(15);
	if (!find_pf(&total) || total < 3) {
		ksft_print_msg("no PCI function with sriov_totalvfs >= 3");
		ksft_test_result(false, "sriov_pf_present");
		ksft_finished();
	}
	link_name(pf, "driver", drv, sizeof(drv));
	ksft_print_msg("PF %s driver %s sriov_totalvfs %ld", pf, drv, total);
	ksft_test_result(!strcmp(drv, "igb") && read_long(pf, "sriov_numvfs") == 0,
			 "sriov_pf_present");
	test_status_idle(total, drv);
	test_enable(2, "enable_2_vfs_appear");
	test_status_lists(2);
	test_enable(3, "enable_3_after_2_through_0");
	test_over_total(total);
	test_status_doctor_write_nothing();
	test_vfio();
	vfctl_run(&r, disable, false);
	ksft_test_result(r.code == 0 && read_long(pf, "sriov_numvfs") == 0 && count_virtfn() == 0,
			 "disable_removes_every_vf");
	test_persist();
	ksft_finished();
}
