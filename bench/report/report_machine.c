// SPDX-License-Identifier: MIT
/*
 * The machine section of the report: see report_machine.h. What the VM
 * figures ran under is read from the vm benchmark's own method sentences (it
 * names KVM or TCG), and why from the same facts the VM runner acts on: the
 * VM_ACCEL override, /dev/kvm, and the marker it leaves after KVM failed to
 * run the guest. A KVM guest without vmx is the usual cause here (nested KVM
 * that cannot run the guest), so the section says whether this machine is
 * itself a virtual machine.
 */
#include "bench/report/report_machine.h"

#include <fcntl.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "bench/report/report_plot.h"
#include "bench/report/report_util.h"

static void proc_field(const char *path, const char *key, char *out, size_t n)
{
	char line[4096];
	FILE *f = fopen(path, "r");

	snprintf(out, n, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!colon || strncmp(line, key, strlen(key)))
			continue;
		colon++;
		while (*colon == ' ' || *colon == '\t')
			colon++;
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(out, n, "%s", colon);
		break;
	}
	fclose(f);
}

static bool cpu_flag(const char *flags, const char *flag)
{
	size_t n = strlen(flag);

	for (const char *p = flags; (p = strstr(p, flag)); p += n)
		if ((p == flags || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
	return false;
}

/* the hypervisor's CPUID vendor (leaf 0x40000000), "" on bare metal */
static void hypervisor_vendor(char *out, size_t n)
{
	snprintf(out, n, "%s", "");
#if defined(__x86_64__) || defined(__i386__)
	unsigned int a, b, c, d;
	char v[13];

	__cpuid(1, a, b, c, d);
	if (!(c & (1u << 31)))
		return;
	__cpuid(0x40000000, a, b, c, d);
	memcpy(v, &b, 4);
	memcpy(v + 4, &c, 4);
	memcpy(v + 8, &d, 4);
	v[12] = '\0';
	snprintf(out, n, "%s", !strcmp(v, "KVMKVMKVM") ? "KVM" : v[0] ? v : "unnamed");
#endif
}

/* "KVM", "TCG", "unknown" or "not run", from the vm figures' methods */
static const char *vm_accel(struct json_object *figures)
{
	size_t n = figures ? json_object_array_length(figures) : 0;
	bool any = false;

	for (size_t i = 0; i < n; i++) {
		struct json_object *fig = json_object_array_get_idx(figures, i);
		const char *bench = report_str(fig, "bench"), *method = report_str(fig, "method");

		if (!bench || strcmp(bench, "vm"))
			continue;
		any = true;
		if (method && strstr(method, "TCG"))
			return "TCG";
		if (method && strstr(method, "KVM"))
			return "KVM";
	}
	return any ? "unknown" : "not run";
}

static void accel_why(const char *accel, const char *vm_dir, const char *hv, bool virt_ext,
		      char *out, size_t n)
{
	const char *env = getenv("VM_ACCEL");
	char marker[4096];
	int fd;

	if (!strcmp(accel, "KVM")) {
		snprintf(out, n, "/dev/kvm ran the guest (hardware virtualization)");
		return;
	}
	if (strcmp(accel, "TCG")) {
		snprintf(out, n, "%s",
			 !strcmp(accel, "not run") ? "the VM benchmark did not run" :
						     "the VM benchmark does not say");
		return;
	}
	snprintf(marker, sizeof(marker), "%s/kvm-unusable", vm_dir ? vm_dir : "");
	if (env && !strcmp(env, "tcg")) {
		snprintf(out, n, "VM_ACCEL=tcg asked for TCG");
	} else if (access("/dev/kvm", F_OK)) {
		snprintf(out, n, "this machine has no /dev/kvm");
	} else if ((fd = open("/dev/kvm", O_RDWR | O_CLOEXEC)) < 0) {
		snprintf(out, n, "/dev/kvm exists but cannot be opened read-write (permissions)");
	} else {
		close(fd);
		if (vm_dir && !access(marker, F_OK))
			snprintf(
				out, n,
				"/dev/kvm opens, but KVM could not run the guest: the first boot "
				"under KVM failed and the VM runner went on under TCG (it remembers "
				"this in %s; delete it to try KVM again)%s%s%s",
				marker, hv[0] ? "; this machine is itself a virtual machine (" : "",
				hv,
				hv[0] ? (virt_ext ? ")" :
						    ") whose CPU shows no vmx/svm flag, so "
						    "nested KVM is partial") :
					"");
		else
			snprintf(out, n,
				 "/dev/kvm opens; the VM runner fell back to TCG for a reason "
				 "this report cannot see (see the VM console log)");
	}
}

static void add_noise(struct json_object *m, const char *bench_dir)
{
	struct json_object *noise;
	char path[4096];
	double spread, v;

	snprintf(path, sizeof(path), "%s/host/noise.json", bench_dir);
	noise = json_object_from_file(path);
	if (!noise || !report_num(noise, "spread", &spread) || spread < 0) {
		json_object_object_add(
			m, "noise",
			json_object_new_string("not measured (bench-noise did not run)"));
		json_object_put(noise);
		return;
	}
	json_object_object_add(m, "noise_spread", json_object_new_double(spread));
	json_object_object_add(m, "noise_warning",
			       json_object_new_boolean(spread > REPORT_NOISE_WARN));
	if (report_num(noise, "runs", &v))
		json_object_object_add(m, "noise_runs", json_object_new_int((int)v));
	if (report_num(noise, "rate_p50", &v))
		json_object_object_add(m, "noise_memcpy_median", json_object_new_double(v));
	if (report_str(noise, "method"))
		json_object_object_add(m, "noise_method",
				       json_object_new_string(report_str(noise, "method")));
	if (report_str(noise, "samples") && !strchr(report_str(noise, "samples"), '/'))
		json_object_object_add(m, "noise_samples",
				       json_object_new_string(report_str(noise, "samples")));
	json_object_put(noise);
}

struct json_object *report_machine(const char *bench_dir, const char *vm_dir,
				   struct json_object *figures)
{
	struct json_object *m = json_object_new_object();
	char buf[4096], hv[32], why[6000];
	const char *accel = vm_accel(figures), *kvm;
	bool virt_ext;
	struct utsname u;
	time_t now = time(NULL);
	int fd;

	proc_field("/proc/cpuinfo", "model name", buf, sizeof(buf));
	json_object_object_add(m, "cpu", json_object_new_string(buf));
	json_object_object_add(m, "cpus", json_object_new_int((int)sysconf(_SC_NPROCESSORS_ONLN)));
	proc_field("/proc/meminfo", "MemTotal", buf, sizeof(buf));
	json_object_object_add(m, "memory", json_object_new_string(buf));
	if (!uname(&u)) {
		snprintf(buf, sizeof(buf), "%s %s %s", u.sysname, u.release, u.machine);
		json_object_object_add(m, "kernel", json_object_new_string(buf));
	}
	proc_field("/proc/cpuinfo", "flags", buf, sizeof(buf));
	virt_ext = cpu_flag(buf, "vmx") || cpu_flag(buf, "svm");
	hypervisor_vendor(hv, sizeof(hv));
	json_object_object_add(m, "hypervisor", json_object_new_string(hv[0] ? hv : "none"));
	json_object_object_add(m, "cpu_virtualization", json_object_new_boolean(virt_ext));
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	kvm = fd >= 0		       ? "opens read-write" :
	      access("/dev/kvm", F_OK) ? "absent" :
					 "present, not usable";
	if (fd >= 0)
		close(fd);
	json_object_object_add(m, "kvm_device", json_object_new_string(kvm));
	json_object_object_add(m, "vm_accel", json_object_new_string(accel));
	accel_why(accel, vm_dir, hv, virt_ext, why, sizeof(why));
	json_object_object_add(m, "vm_accel_why", json_object_new_string(why));
	json_object_object_add(m, "kvmfr", json_object_new_boolean(!access("/dev/kvmfr0", F_OK)));
	add_noise(m, bench_dir);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	json_object_object_add(m, "date", json_object_new_string(buf));
	return m;
}

static void row(FILE *f, const char *label, const char *text)
{
	fputs("<tr><th>", f);
	report_escape(f, label);
	fputs("</th><td>", f);
	report_escape(f, text);
	fputs("</td></tr>\n", f);
}

void report_machine_html(FILE *f, struct json_object *m, const char *plots, const char *bench_dir)
{
	const char *hv = report_str(m, "hypervisor"), *accel = report_str(m, "vm_accel");
	struct json_object *v;
	char buf[1024];
	double spread, med, runs;

	fputs("<section id=machine>\n<h2>Machine</h2>\n<table class=kv>\n", f);
	row(f, "CPU", report_str(m, "cpu"));
	snprintf(buf, sizeof(buf), "%d online",
		 json_object_object_get_ex(m, "cpus", &v) ? json_object_get_int(v) : 0);
	row(f, "cores", buf);
	row(f, "memory", report_str(m, "memory"));
	row(f, "kernel", report_str(m, "kernel"));
	if (hv && strcmp(hv, "none"))
		snprintf(buf, sizeof(buf),
			 "a virtual machine (hypervisor %s); CPU virtualization %s", hv,
			 json_object_object_get_ex(m, "cpu_virtualization", &v) &&
					 json_object_get_boolean(v) ?
				 "exposed (vmx/svm)" :
				 "not exposed");
	else
		snprintf(buf, sizeof(buf), "bare metal (no hypervisor)");
	row(f, "this machine", buf);
	row(f, "/dev/kvm", report_str(m, "kvm_device"));
	fputs("<tr><th>VM figures ran under</th><td><b>", f);
	report_escape(f, accel);
	fputs("</b>: ", f);
	report_escape(f, report_str(m, "vm_accel_why"));
	if (accel && !strcmp(accel, "TCG"))
		fputs(". TCG emulates the guest CPU: its VM figures are a functional and regression "
		      "signal, not a KVM budget",
		      f);
	fputs("</td></tr>\n", f);
	row(f, "/dev/kvmfr0",
	    json_object_object_get_ex(m, "kvmfr", &v) && json_object_get_boolean(v) ?
		    "present (frames through the kvmfr device)" :
		    "absent (frames through a /dev/shm file)");
	if (report_num(m, "noise_spread", &spread)) {
		if (!report_num(m, "noise_memcpy_median", &med))
			med = 0;
		if (!report_num(m, "noise_runs", &runs))
			runs = 0;
		snprintf(
			buf, sizeof(buf),
			"%.1f %% spread of %.0f repeated memcpy runs around their median of %.0f MiB/s "
			"((p90 - p10) / median): a figure can move this much between two identical runs",
			spread * 100, runs, med);
		row(f, "noise", buf);
	} else {
		row(f, "noise", report_str(m, "noise"));
	}
	row(f, "date", report_str(m, "date"));
	fputs("</table>\n", f);
	if (report_num(m, "noise_spread", &spread) && spread > REPORT_NOISE_WARN)
		fprintf(f,
			"<p class=warn>Warning: this machine was too noisy for the figures to mean much "
			"(memcpy spread %.1f %%, above %.0f %%): other work shared its CPUs during the run. "
			"Run again on a quiet machine before drawing conclusions.</p>\n",
			spread * 100, REPORT_NOISE_WARN * 100);
	if (plots && report_str(m, "noise_samples")) {
		struct report_series s = { buf, "memcpy rate of one run" };
		char *svg;

		snprintf(buf, sizeof(buf), "%s/host/%s", bench_dir, report_str(m, "noise_samples"));
		if (!report_num(m, "noise_memcpy_median", &med))
			med = 0;
		svg = report_plot_runs(plots, "machine-noise",
				       "Machine noise: the same memcpy of 16 MiB, run after run",
				       "memcpy rate (MiB/s)", &s, med);
		if (svg) {
			fputs("<figure class=plot id=plot-machine-noise>", f);
			fputs(svg, f);
			fputs("<figcaption>Each point is one run of the same copies; the spread of the "
			      "points is the noise figure above.</figcaption></figure>\n",
			      f);
			free(svg);
		}
	}
	fputs("</section>\n", f);
}
