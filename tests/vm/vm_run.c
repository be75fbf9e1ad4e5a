// SPDX-License-Identifier: MIT
/*
 * vm_run: boots a guest (Debian kernel + project initramfs) in QEMU with an
 * ivshmem BAR backed by a /dev/shm file (or /dev/kvmfr0), and acts as the
 * Looking Glass client on the host side of that memory.
 *
 *   vm_run smoke -w WORKDIR -g GUEST -r RESULTS   `make check`: asserts the
 *        protocol (boot, BAR mapped, frames moved, one QMP key round trip,
 *        clean shutdown), never timings; writes RESULTS/vm-smoke.counts
 *   vm_run vf --vf BDF [--shm PATH] ...          the CI's VM stage on the
 *        Raptor Lake runner: smoke with a real VF and /dev/kvmfr0
 *   vm_run bench -w WORKDIR -g GUEST -o BENCHDIR  `make bench`: input-to-
 *        frame latency at random times, guest frame throughput through the
 *        BAR, boot-to-first-frame; writes BENCHDIR/vm.json
 *
 * The VM is always torn down (QMP quit, then signals) and the run's files
 * (initramfs, QMP socket, shared-memory file) are removed; the extracted
 * vmlinux is cached in WORKDIR.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/report/bench_fragment.h"
#include "lgmp/kvmfr_client.h"
#include "lgmp/lgmp_shm.h"
#include "tests/vm/ktap.h"
#include "tests/vm/qmp.h"
#include "tests/vm/vm_image.h"
#include "tests/vm/vm_qemu.h"

#define MARKER 0x4c47464du
#define SHM_SIZE (32u << 20) /* LG's size for 1080p SDR */
#define MAX_SAMPLES 1024

struct scenario {
	unsigned frames, inputs, stream, width, height, timeout_s;
	bool random_gaps;
	const char *vf; /* a VF bound to vfio-pci, passed to the guest */
	const char *shm; /* the shared memory to use (default: kvmfr0 or /dev/shm) */
};

struct outcome {
	bool started, qmp, session, kvmfr_ok, exited_clean, guest_exit0;
	struct ktap ktap;
	unsigned frames, inputs_answered, stream_frames, torn, bad;
	double boot_to_first_frame_ms;
	double input_ms[MAX_SAMPLES];
	unsigned n_input;
	uint64_t stream_first_ns, stream_last_ns;
	bool kvm;
};

static struct lgmp_poll poll_cfg;

/* One frame: validate, copy, check the guest's marker. */
static int take_frame(struct lgmp_client_queue *q, uint8_t *buf, uint32_t marker[4],
		      struct outcome *o)
{
	struct lgmp_message m;
	struct kvmfr_frame_view v;
	int ret = lgmp_client_process(q, &m);

	if (ret)
		return ret;
	lgmp_poll_hit(&poll_cfg);
	ret = kvmfr_frame_validate(&m, &v);
	if (!ret && v.data_size > SHM_SIZE)
		ret = -EPROTO;
	if (!ret)
		ret = kvmfr_frame_copy(&v, buf, &poll_cfg, 2000000000ull);
	lgmp_client_message_done(q);
	if (ret == -ESTALE) {
		o->torn++;
		return -EAGAIN;
	}
	if (ret) {
		o->bad++;
		return -EAGAIN;
	}
	memcpy(marker, buf, 16);
	if (marker[3] != MARKER || marker[0] != v.hdr.frame_serial ||
	    buf[v.data_size - 1] != (uint8_t)(v.hdr.frame_serial & 0xff)) {
		o->bad++;
		return -EAGAIN;
	}
	return 0;
}

static uint32_t rnd(void)
{
	static uint32_t s = 88172645u;

	s ^= s << 13;
	s ^= s >> 17;
	s ^= s << 5;
	return s;
}

static int run_vm(const char *workdir, const char *guest, const struct scenario *sc,
		  struct outcome *o)
{
	char vmlinux[1024], initrd[1024], qmp_path[1024], shm_path[1024], log[1024], append[512],
		line[4096];
	struct vm_kernel k;
	struct lgmp_shm shm = { .fd = -1 };
	struct lgmp_client cl;
	struct lgmp_client_queue *q = NULL;
	struct qmp qmp = { .fd = -1 };
	struct vm vm = { .pid = -1, .console_fd = -1 };
	struct vm_config c;
	uint8_t *buf = malloc(SHM_SIZE);
	uint64_t t_start, deadline, t_input = 0, next_input = 0;
	bool device = sc->shm || !access("/dev/kvmfr0", R_OK | W_OK), console_open = true;
	char vfio_arg[128];
	const char *extra[3] = { NULL };
	bool saw_init = false, input_ready = false;
	uint32_t last_serial = UINT32_MAX; /* B7 numbers frames from 0 */
	unsigned sent = 0;
	int ret;

	memset(o, 0, sizeof(*o));
	ktap_init(&o->ktap);
	line[0] = '\0';
	if (!buf)
		return -ENOMEM;
	mkdir(workdir, 0755);
	ret = vm_kernel_find(&k);
	if (ret) {
		fprintf(stderr, "vm: no installed linux-image package\n");
		goto out;
	}
	ret = vm_kernel_vmlinux(&k, workdir, vmlinux, sizeof(vmlinux));
	if (ret) {
		fprintf(stderr, "vm: cannot extract vmlinux from %s: %s\n", k.vmlinuz,
			strerror(-ret));
		goto out;
	}
	snprintf(initrd, sizeof(initrd), "%s/initrd-%d.img", workdir, (int)getpid());
	snprintf(qmp_path, sizeof(qmp_path), "%s/qmp-%d.sock", workdir, (int)getpid());
	snprintf(log, sizeof(log), "%s/console.log", workdir);
	if (sc->shm)
		snprintf(shm_path, sizeof(shm_path), "%s", sc->shm);
	else if (device)
		snprintf(shm_path, sizeof(shm_path), "/dev/kvmfr0");
	else
		snprintf(shm_path, sizeof(shm_path), "/dev/shm/lg-vm-%d", (int)getpid());
	ret = vm_initramfs_build(&k, guest, initrd);
	if (ret) {
		fprintf(stderr, "vm: initramfs: %s\n", strerror(-ret));
		goto out;
	}
	/* a stale header from an earlier run would look like a live guest */
	if (!device)
		unlink(shm_path);
	ret = lgmp_shm_open(&shm, shm_path, device ? 0 : SHM_SIZE);
	if (ret)
		goto out;
	memset(shm.mem, 0, shm.size);
	lgmp_client_init(&cl, shm.mem, shm.size);

	snprintf(append, sizeof(append),
		 "lgguest.frames=%u lgguest.inputs=%u lgguest.stream=%u "
		 "lgguest.width=%u lgguest.height=%u lgguest.timeout=%u%s",
		 sc->frames, sc->inputs, sc->stream, sc->width, sc->height, sc->timeout_s,
		 sc->vf ? " lgguest.vf=1" : "");
	if (sc->vf) {
		/* the iGPU VF, as the VM of the guide gets it */
		snprintf(vfio_arg, sizeof(vfio_arg), "vfio-pci,host=%s", sc->vf);
		extra[0] = "-device";
		extra[1] = vfio_arg;
	}
	c = (struct vm_config){ .vmlinux = vmlinux,
				.initrd = initrd,
				.append = append,
				.shm_path = shm_path,
				.shm_size = shm.size,
				.qmp_path = qmp_path,
				.extra = extra,
				.console_log = log };
	t_start = lgmp_now_ns();
	deadline = t_start + (uint64_t)(sc->timeout_s + 15) * 1000000000ull;
	ret = vm_start(&vm, &c);
	if (ret)
		goto out;
	o->started = true;
	o->kvm = vm.kvm;
	o->qmp = !qmp_connect(&qmp, qmp_path, 5000);
	lgmp_poll_init_adaptive(&poll_cfg, 100000, 10000, 100000);

	while (lgmp_now_ns() < deadline) {
		uint32_t mk[4];

		while (console_open && (ret = vm_console_line(&vm, line, sizeof(line), 0))) {
			unsigned code;

			if (ret < 0) {
				console_open = false;
				break;
			}
			ktap_line(&o->ktap, line);
			if (sscanf(line, "LG-VM-EXIT %u", &code) == 1)
				o->guest_exit0 = code == 0;
			if (!strcmp(line, "LG-VM-INIT"))
				saw_init = true;
			if (vm.kvm && strstr(line, "KVM internal error"))
				break;
		}
		/* Nested or partial KVM may fail to run this guest (seen:
		 * emulation failures); then fall back to TCG once. */
		if (vm.kvm && !saw_init &&
		    (vm_exited(&vm) || strstr(line, "KVM internal error") ||
		     lgmp_now_ns() - t_start > 15000000000ull)) {
			ret = -EAGAIN;
			goto out;
		}
		if (vm_exited(&vm))
			break;
		if (!o->session) {
			const uint8_t *ud;
			uint32_t usz;
			struct kvmfr_info info;

			if (!lgmp_client_session_init(&cl, &ud, &usz)) {
				o->session = true;
				o->kvmfr_ok = !kvmfr_parse_udata(ud, usz, &info) &&
					      !strcmp(info.hostver, "lg-harness-guest");
			} else {
				usleep(1000);
				continue;
			}
		}
		if (!q && lgmp_client_subscribe(&cl, KVMFR_QUEUE_FRAME, &q)) {
			usleep(1000);
			continue;
		}
		ret = take_frame(q, buf, mk, o);
		if (ret == -EAGAIN || (ret && ret != -EAGAIN)) {
			if (ret != -EAGAIN && ret != -ETIMEDOUT)
				usleep(1000);
			if (ret == -ETIMEDOUT) { /* we were too slow: rejoin */
				lgmp_client_unsubscribe(q);
				q = NULL;
			}
			/* inject input at a random moment once frames moved */
			if (o->qmp && input_ready && sent < sc->inputs && !t_input &&
			    lgmp_now_ns() >= next_input) {
				t_input = lgmp_now_ns();
				if (qmp_send_key(&qmp, "a", true, 2000) ||
				    qmp_send_key(&qmp, "a", false, 2000))
					break;
				sent++;
			}
			lgmp_poll_idle(&poll_cfg);
			continue;
		}
		/* LG re-posts the last frame for new subscribers; like the LG
		 * client, a repeated serial is not a new frame */
		if (mk[0] == last_serial)
			continue;
		last_serial = mk[0];
		if (mk[2] == 2 && mk[1] == 0)
			input_ready = true;
		if (mk[2] == 1 && !o->frames++)
			o->boot_to_first_frame_ms = (double)(lgmp_now_ns() - t_start) / 1e6;
		if (mk[2] == 2 && t_input && mk[1] == sent) {
			if (o->n_input < MAX_SAMPLES)
				o->input_ms[o->n_input++] = (double)(lgmp_now_ns() - t_input) / 1e6;
			o->inputs_answered++;
			t_input = 0;
			next_input = lgmp_now_ns() +
				     (sc->random_gaps ? (20 + rnd() % 80) * 1000000ull : 0);
		}
		if (mk[2] == 3) {
			if (!o->stream_frames++)
				o->stream_first_ns = lgmp_now_ns();
			o->stream_last_ns = lgmp_now_ns();
		}
	}
	/* the guest powers itself off; give it a moment, then make sure */
	o->exited_clean = vm_wait(&vm, 5000) && WIFEXITED(vm.status) && WEXITSTATUS(vm.status) == 0;
	while (vm_console_line(&vm, line, sizeof(line), 100) > 0) {
		unsigned code;

		ktap_line(&o->ktap, line);
		if (sscanf(line, "LG-VM-EXIT %u", &code) == 1)
			o->guest_exit0 = code == 0;
	}
	ret = 0;
out:
	vm_destroy(&vm, &qmp);
	qmp_close(&qmp);
	if (q)
		lgmp_client_unsubscribe(q);
	lgmp_shm_close(&shm);
	if (!device && shm_path[0])
		unlink(shm_path);
	unlink(initrd);
	unlink(qmp_path);
	free(buf);
	return ret;
}

/* Run the scenario; if KVM cannot boot the guest, once more under TCG. */
static int run_vm_any(const char *workdir, const char *guest, const struct scenario *sc,
		      struct outcome *o)
{
	char marker[1024];
	int ret;

	/* remembered so later runs on this machine skip the failing probe */
	snprintf(marker, sizeof(marker), "%s/kvm-unusable", workdir);
	if (!access(marker, F_OK))
		setenv("VM_ACCEL", "tcg", 1);
	ret = run_vm(workdir, guest, sc, o);
	if (ret == -EAGAIN) {
		FILE *f = fopen(marker, "w");

		if (f)
			fclose(f);
		fprintf(stderr, "vm: KVM could not run the guest (see "
				"console.log); retrying under TCG\n");
		setenv("VM_ACCEL", "tcg", 1);
		ret = run_vm(workdir, guest, sc, o);
	}
	return ret;
}

static int check(bool ok, int n, const char *name, int *passed, int *failed)
{
	printf("%s %d %s\n", ok ? "ok" : "not ok", n, name);
	(ok ? (*passed)++ : (*failed)++);
	return n + 1;
}

static int smoke(const char *workdir, const char *guest, const char *results)
{
	const struct scenario sc = {
		.frames = 8, .inputs = 1, .stream = 4, .width = 640, .height = 480, .timeout_s = 40
	};
	struct outcome *o = calloc(1, sizeof(*o));
	int passed = 0, failed = 0, n = 1, ret;
	char path[1024];
	FILE *f;

	ret = run_vm_any(workdir, guest, &sc, o);
	printf("KTAP version 1\n1..8\n");
	printf("# accel %s; console log in %s/console.log\n", o->kvm ? "kvm" : "tcg", workdir);
	printf("# frames %u stream %u inputs %u/%u torn %u bad %u\n", o->frames, o->stream_frames,
	       o->inputs_answered, sc.inputs, o->torn, o->bad);
	n = check(!ret && o->started && o->qmp, n, "vm_started_qmp_connected", &passed, &failed);
	n = check(o->session && o->kvmfr_ok, n, "lgmp_session_kvmfr_v20", &passed, &failed);
	n = check(o->frames == sc.frames && !o->bad && !o->torn, n, "frames_moved_and_intact",
		  &passed, &failed);
	n = check(o->inputs_answered == sc.inputs, n, "qmp_input_round_trip", &passed, &failed);
	n = check(o->stream_frames == sc.stream, n, "stream_frames", &passed, &failed);
	n = check(o->ktap.planned > 0 && ktap_complete(&o->ktap) && !o->ktap.failed, n,
		  "guest_ktap_all_ok", &passed, &failed);
	n = check(o->guest_exit0, n, "guest_program_exit_0", &passed, &failed);
	check(o->exited_clean, n, "clean_shutdown", &passed, &failed);
	snprintf(path, sizeof(path), "%s/vm-smoke.counts", results);
	mkdir(results, 0755);
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "%d %d\n", passed, failed);
		fclose(f);
	}
	free(o);
	return failed ? 1 : 0;
}

static int bench(const char *workdir, const char *guest, const char *outdir)
{
	const struct scenario sc = { .frames = 4,
				     .inputs = 60,
				     .stream = 120,
				     .width = 1920,
				     .height = 1080,
				     .timeout_s = 120,
				     .random_gaps = true };
	struct outcome *o = calloc(1, sizeof(*o));
	struct bench_fragment frag;
	struct json_object *fig;
	char method[512];
	const char *accel;
	int ret;

	bench_progress("vm", "booting guest and measuring", 0, 0);
	ret = run_vm_any(workdir, guest, &sc, o);
	bench_progress_end();
	if (ret || !o->frames) {
		fprintf(stderr, "vm: scenario failed (%d); see %s/console.log\n", ret, workdir);
		free(o);
		return 1;
	}
	accel = o->kvm ? "KVM" :
			 "TCG (software emulation: functional and "
			 "regression signal, not a KVM budget)";
	if (bench_fragment_new(&frag, outdir, "vm"))
		return 1;
	snprintf(method, sizeof(method),
		 "host CLOCK_MONOTONIC from starting qemu-system-x86_64 (%s, "
		 "PVH vmlinux, initramfs) to the host consumer holding the "
		 "guest's first 1920x1080 BGRA frame read from the ivshmem "
		 "memory",
		 accel);
	bench_fragment_value(&frag, "boot_to_first_frame", "ms", o->boot_to_first_frame_ms, method);
	snprintf(method, sizeof(method),
		 "QMP input-send-event key press at random 20-100 ms gaps; the "
		 "guest reads it from evdev and writes a full 1920x1080 frame "
		 "into the BAR; from just before the QMP write to the host "
		 "holding that frame; %s",
		 accel);
	bench_fragment_dist(&frag, "input_to_frame", "ms", o->input_ms, o->n_input, method);
	snprintf(method, sizeof(method),
		 "the guest streams 1920x1080 BGRA frames into the BAR back "
		 "to back through the 2-buffer KVMFR queue; frames over the "
		 "host's first-to-last receive time; %s",
		 accel);
	fig = bench_fragment_value(
		&frag, "guest_frame_throughput", "frames/s",
		o->stream_frames > 1 ? (double)(o->stream_frames - 1) * 1e9 /
					       (double)(o->stream_last_ns - o->stream_first_ns) :
				       0,
		method);
	bench_figure_ref(fig, "60 Hz display refresh", 60.0);
	bench_fragment_value(&frag, "vm_frames_dropped", "frames", o->torn + o->bad,
			     "frames the host dropped as torn or invalid");
	ret = bench_fragment_write(&frag);
	printf("vm: %u inputs answered, %u stream frames; wrote %s/vm.json\n", o->inputs_answered,
	       o->stream_frames, outdir);
	free(o);
	return ret ? 1 : 0;
}

/* The VF must exist and be vfio-pci's before QEMU can take it. */
static int vf_ready(const char *bdf)
{
	char path[512], target[512];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", bdf);
	if (access(path, F_OK)) {
		fprintf(stderr, "vm: no PCI device %s (vfctl vfs enable N)\n", bdf);
		return 3;
	}
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver", bdf);
	n = readlink(path, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	if (n <= 0 ||
	    strcmp(strrchr(target, '/') ? strrchr(target, '/') + 1 : target, "vfio-pci")) {
		fprintf(stderr, "vm: %s is not bound to vfio-pci (vfctl vfio bind %s)\n", bdf, bdf);
		return 3;
	}
	return 0;
}

/*
 * The smoke scenario with a real VF in the guest and the host's shared
 * memory (/dev/kvmfr0 on the Raptor Lake runner): the guest also reports
 * the Intel display function it was given. Writes RESULTS/vm-vf.counts and
 * copies the console to RESULTS/console.log for the CI's KTAP.
 */
static int vf_run(const char *workdir, const char *guest, const char *results, const char *vf,
		  const char *shm)
{
	struct scenario sc = { .frames = 8,
			       .inputs = 1,
			       .stream = 4,
			       .width = 640,
			       .height = 480,
			       .timeout_s = 60,
			       .vf = vf,
			       .shm = shm };
	struct outcome *o;
	int passed = 0, failed = 0, n = 1, ret;
	char path[1024], cmd[2300];
	FILE *f;

	ret = vf_ready(vf);
	if (ret)
		return ret;
	o = calloc(1, sizeof(*o));
	if (!o)
		return 1;
	ret = run_vm(workdir, guest, &sc, o);
	printf("KTAP version 1\n1..7\n# VF %s, shared memory %s, accel %s\n", vf,
	       shm ? shm : "default", o->kvm ? "kvm" : "tcg");
	n = check(!ret && o->started && o->qmp, n, "vm_started_with_vf", &passed, &failed);
	n = check(o->session && o->kvmfr_ok, n, "lgmp_session_kvmfr_v20", &passed, &failed);
	n = check(o->frames == sc.frames && !o->bad && !o->torn, n, "frames_moved_and_intact",
		  &passed, &failed);
	n = check(o->inputs_answered == sc.inputs, n, "qmp_input_round_trip", &passed, &failed);
	n = check(o->ktap.planned > 0 && ktap_complete(&o->ktap) && !o->ktap.failed, n,
		  "guest_ktap_all_ok_vf_visible", &passed, &failed);
	n = check(o->guest_exit0, n, "guest_program_exit_0", &passed, &failed);
	check(o->exited_clean, n, "clean_shutdown", &passed, &failed);
	mkdir(results, 0755);
	snprintf(path, sizeof(path), "%s/vm-vf.counts", results);
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "%d %d\n", passed, failed);
		fclose(f);
	}
	snprintf(cmd, sizeof(cmd), "cp '%s/console.log' '%s/console.log' 2>/dev/null", workdir,
		 results);
	if (system(cmd))
		fprintf(stderr, "vm: no console log to keep\n");
	free(o);
	return failed ? 1 : 0;
}

static void usage(FILE *out)
{
	fprintf(out, "usage: vm_run smoke [-w WORKDIR] [-g GUEST] [-r RESULTS]\n"
		     "       vm_run bench [-w WORKDIR] [-g GUEST] [-o BENCHDIR]\n"
		     "       vm_run vf --vf BDF [--shm PATH] [-w WORKDIR] [-g GUEST] [-r RESULTS]\n"
		     "\n"
		     "smoke  boot, map the IVSHMEM BAR, move frames, one QMP key, clean shutdown\n"
		     "bench  input-to-frame latency, guest throughput, boot-to-first-frame\n"
		     "vf     smoke with a VF (bound to vfio-pci) passed to the guest, which must\n"
		     "       see it, over PATH as shared memory (e.g. /dev/kvmfr0)\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "vf", required_argument, NULL, 'V' },
		{ "shm", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *workdir = "out/vm", *guest = "out/vm/lg-guest";
	const char *results = "out/results", *outdir = "out/bench";
	const char *vf = NULL, *shm = NULL;
	int opt;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	optind = 2;
	while ((opt = getopt_long(argc, argv, "w:g:r:o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'w':
			workdir = optarg;
			break;
		case 'g':
			guest = optarg;
			break;
		case 'r':
			results = optarg;
			break;
		case 'o':
			outdir = optarg;
			break;
		case 'V':
			vf = optarg;
			break;
		case 'S':
			shm = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
	if (access("/usr/bin/qemu-system-x86_64", X_OK) &&
	    system("command -v qemu-system-x86_64 >/dev/null 2>&1")) {
		fprintf(stderr, "vm: qemu-system-x86_64 not found "
				"(apt-get install qemu-system-x86)\n");
		return 3;
	}
	if (!strcmp(argv[1], "smoke"))
		return smoke(workdir, guest, results);
	if (!strcmp(argv[1], "bench"))
		return bench(workdir, guest, outdir);
	if (!strcmp(argv[1], "vf")) {
		if (!vf) {
			usage(stderr);
			return 2;
		}
		return vf_run(workdir, guest, results, vf, shm);
	}
	usage(stderr);
	return 2;
}
