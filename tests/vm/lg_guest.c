// SPDX-License-Identifier: MIT
/*
 * lg-guest: the static guest program of the VM tests. Inside the guest it
 * does what Looking Glass's host application does: it finds the IVSHMEM
 * device (1af4:1110) in sysfs, maps BAR2 (resource2), runs the KVMFR/LGMP
 * producer on it and publishes frames; on each key press read from evdev it
 * publishes a changed frame (input-to-frame). Results are KTAP on the console.
 *
 * Options come from the kernel command line (lgguest.<key>=<value>):
 * frames (published after a client subscribes), inputs (key presses to
 * answer), stream (frames streamed back to back), width, height.
 *
 * The first 16 bytes of every frame's pixels are a marker the host checks:
 * u32 frame serial, u32 key presses seen, u32 phase (1 frames, 2 input:
 * the first one with 0 presses says the guest listens, 3 stream),
 * u32 0x4c47464d.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lgmp/kvmfr_host.h"
#include "lgmp/lgmp_shm.h"

#define MARKER 0x4c47464du
#define MAX_INPUT_FDS 8

struct opts {
	unsigned frames, inputs, stream, width, height, timeout_s, vf;
};

static int ktap_n;

static void ktap(bool ok, const char *name)
{
	printf("%s %d %s\n", ok ? "ok" : "not ok", ++ktap_n, name);
	fflush(stdout);
}

static void parse_cmdline(struct opts *o)
{
	char buf[4096], *tok, *save;
	FILE *f = fopen("/proc/cmdline", "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = '\0';
	for (tok = strtok_r(buf, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
		unsigned v;

		if (strncmp(tok, "lgguest.", 8))
			continue;
		if (sscanf(tok, "lgguest.frames=%u", &v) == 1)
			o->frames = v;
		else if (sscanf(tok, "lgguest.inputs=%u", &v) == 1)
			o->inputs = v;
		else if (sscanf(tok, "lgguest.stream=%u", &v) == 1)
			o->stream = v;
		else if (sscanf(tok, "lgguest.width=%u", &v) == 1)
			o->width = v;
		else if (sscanf(tok, "lgguest.height=%u", &v) == 1)
			o->height = v;
		else if (sscanf(tok, "lgguest.timeout=%u", &v) == 1)
			o->timeout_s = v;
		else if (sscanf(tok, "lgguest.vf=%u", &v) == 1)
			o->vf = v;
	}
}

static unsigned read_hex(const char *dir, const char *file)
{
	char path[512], buf[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return (unsigned)strtoul(buf, NULL, 16);
}

/* A passed-through iGPU VF: an Intel (8086) display controller (class 03). */
static bool find_intel_display(char *bdf, size_t n)
{
	const char *base = "/sys/bus/pci/devices";
	DIR *d = opendir(base);
	struct dirent *e;
	bool found = false;

	if (!d)
		return false;
	while (!found && (e = readdir(d))) {
		char dev[300];

		if (e->d_name[0] == '.')
			continue;
		snprintf(dev, sizeof(dev), "%s/%s", base, e->d_name);
		if (read_hex(dev, "vendor") == 0x8086 && (read_hex(dev, "class") >> 16) == 0x03) {
			snprintf(bdf, n, "%s", e->d_name);
			found = true;
		}
	}
	closedir(d);
	return found;
}

/* Find the ivshmem BAR by vendor/device, never by bus address. */
static int find_bar(char *path, size_t n)
{
	const char *base = "/sys/bus/pci/devices";
	DIR *d = opendir(base);
	struct dirent *e;
	int ret = -ENODEV;

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		char dev[300];
		int fd;

		if (e->d_name[0] == '.')
			continue;
		snprintf(dev, sizeof(dev), "%s/%s", base, e->d_name);
		if (read_hex(dev, "vendor") != 0x1af4 || read_hex(dev, "device") != 0x1110)
			continue;
		snprintf(path, n, "%s/enable", dev);
		fd = open(path, O_WRONLY);
		if (fd >= 0) {
			if (write(fd, "1", 1) < 0)
				perror("enable");
			close(fd);
		}
		snprintf(path, n, "%s/resource2", dev);
		ret = 0;
		break;
	}
	closedir(d);
	return ret;
}

static int open_inputs(int *fds)
{
	int n = 0;

	for (int i = 0; i < 16 && n < MAX_INPUT_FDS; i++) {
		char path[64];
		int fd;

		snprintf(path, sizeof(path), "/dev/input/event%d", i);
		fd = open(path, O_RDONLY | O_NONBLOCK);
		if (fd >= 0)
			fds[n++] = fd;
	}
	return n;
}

struct producer {
	struct kvmfr_host kh;
	void *mem;
	size_t size;
	struct kvmfr_frame_desc d;
	uint8_t *pixels;
	size_t bytes;
	uint64_t last_beat;
	uint32_t inputs_seen;
};

static const struct kvmfr_host_config guest_config = { .hostver = "lg-harness-guest" };

static void heartbeat(struct producer *p, bool force)
{
	uint64_t now = lgmp_now_ns();

	if (force || now - p->last_beat >= 10000000ull) {
		/* The shared header was wrecked: start a new session, as B7's
		 * host does; a client then subscribes again. */
		if (kvmfr_host_process(&p->kh) == -EBADMSG) {
			kvmfr_host_free(&p->kh);
			if (kvmfr_host_init(&p->kh, p->mem, p->size, &guest_config))
				exit(1);
		}
		p->last_beat = now;
	}
}

/* Publish one frame, waiting (with heartbeats) while both buffers pend. */
static int publish(struct producer *p, uint32_t phase, uint64_t deadline)
{
	uint32_t marker[4];
	uint8_t *px;
	int ret;

	while ((ret = kvmfr_host_frame_begin(&p->kh, &p->d, &px)) == -EAGAIN) {
		if (lgmp_now_ns() > deadline)
			return -ETIMEDOUT;
		heartbeat(p, false);
		usleep(50);
	}
	if (ret)
		return ret;
	marker[0] = p->kh.frame_serial;
	marker[1] = p->inputs_seen;
	marker[2] = phase;
	marker[3] = MARKER;
	memset(p->pixels + 16, (int)(p->kh.frame_serial & 0xff), p->bytes - 16);
	memcpy(p->pixels, marker, sizeof(marker));
	kvmfr_host_frame_write(&p->kh, p->pixels, p->bytes);
	heartbeat(p, false);
	return 0;
}

int main(void)
{
	struct opts o = { .frames = 8, .inputs = 1, .width = 640, .height = 480, .timeout_s = 30 };
	struct producer p = { 0 };
	struct lgmp_shm shm;
	char bar[512];
	int fds[MAX_INPUT_FDS], nfds, ret;
	uint64_t deadline;
	unsigned i;
	bool ok;

	parse_cmdline(&o);
	deadline = lgmp_now_ns() + (uint64_t)o.timeout_s * 1000000000ull;
	printf("KTAP version 1\n1..%d\n", o.vf ? 7 : 6);
	if (o.vf) {
		char vf[300] = "";
		bool seen = find_intel_display(vf, sizeof(vf));

		printf("# Intel display function in the guest: %s\n", seen ? vf : "none");
		ktap(seen, "vf_visible_in_guest");
	}
	ret = find_bar(bar, sizeof(bar));
	if (!ret)
		ret = lgmp_shm_open(&shm, bar, 0);
	printf("# bar %s size %zu ret %d\n", bar, ret ? 0 : shm.size, ret);
	ktap(!ret, "map_ivshmem_bar");
	if (ret)
		return 1;
	p.mem = shm.mem;
	p.size = shm.size;
	ret = kvmfr_host_init(&p.kh, p.mem, p.size, &guest_config);
	ktap(!ret, "kvmfr_init");
	if (ret)
		return 1;
	p.d = (struct kvmfr_frame_desc){ .type = KVMFR_FRAME_BGRA,
					 .width = o.width,
					 .height = o.height,
					 .pitch = o.width * 4,
					 .format_ver = 1 };
	p.bytes = (size_t)o.width * o.height * 4;
	p.pixels = malloc(p.bytes);
	if (!p.pixels || p.bytes > kvmfr_host_frame_capacity(&p.kh))
		return 1;

	/* A frame is only posted once someone is subscribed (as in LG). */
	while (!lgmp_host_queue_has_subs(p.kh.frame_q) && lgmp_now_ns() < deadline) {
		heartbeat(&p, true);
		usleep(1000);
	}
	for (i = 0, ret = 0; i < o.frames && !ret; i++)
		ret = publish(&p, 1, deadline);
	ktap(!ret && i == o.frames, "publish_frames");

	nfds = open_inputs(fds);
	printf("# input devices %d\n", nfds);
	ok = nfds > 0;
	/* tell the host we listen now (phase 2, no key seen yet); keys sent
	 * before this would be lost */
	if (ok && publish(&p, 2, deadline))
		ok = false;
	while (ok && p.inputs_seen < o.inputs && lgmp_now_ns() < deadline) {
		struct pollfd pfd[MAX_INPUT_FDS];
		struct input_event ev;

		for (int j = 0; j < nfds; j++)
			pfd[j] = (struct pollfd){ .fd = fds[j], .events = POLLIN };
		/* wake at the heartbeat period even without input */
		if (poll(pfd, (nfds_t)nfds, 10) < 0 && errno != EINTR)
			break;
		heartbeat(&p, false);
		for (int j = 0; j < nfds; j++) {
			while (read(fds[j], &ev, sizeof(ev)) == sizeof(ev)) {
				if (ev.type != EV_KEY || ev.value != 1)
					continue;
				p.inputs_seen++;
				if (publish(&p, 2, deadline))
					ok = false;
			}
		}
	}
	ktap(ok && p.inputs_seen >= o.inputs, "input_to_frame");

	for (i = 0, ret = 0; i < o.stream && !ret; i++)
		ret = publish(&p, 3, deadline);
	ktap(!ret, "stream_frames");
	/* let the host drain the last frames before the VM goes away */
	for (i = 0; i < 50 && lgmp_host_queue_pending(p.kh.frame_q); i++) {
		heartbeat(&p, true);
		usleep(10000);
	}
	ktap(true, "done");
	kvmfr_host_free(&p.kh);
	return 0;
}
