// SPDX-License-Identifier: MIT
/*
 * bench_gop - `vfctl gop extract` against UEFIExtract on three layouts.
 *
 * usage: bench_gop VFCTL OVMF_CODE OUT.json [RUNS]
 *
 * Layouts, all made of Debian's OVMF bytes in a scratch directory:
 *   ovmf        OVMF_CODE_4M.fd as shipped (the DXE volume inside LZMA);
 *   capsule_fv  an EFI capsule around the decoded DXE volume (uncompressed);
 *   spi_lzma    a flash-descriptor (full SPI) image whose BIOS region is
 *               the OVMF image (an LZMA volume behind a descriptor).
 * On each, both tools extract the QemuVideoDxe PE32 body as fresh
 * processes (vfctl by text, UEFIExtract by file GUID: it has no text
 * search in extraction mode); the bodies must be byte-identical. Figures
 * are medians of RUNS alternating runs: wall time, CPU time (user+sys) and
 * peak RSS (wait4). Speed-ups are UEFIExtract / vfctl against the goal of
 * 5x, judged on CPU time (the machine is shared; wall time is reported
 * too). Three more figures explain vfctl's time: its start-up alone
 * (`vfctl --help`, mostly the dynamic loader), the library's search of the
 * same bytes in this process, and liblzma's decode of the file's LZMA
 * sections: the floor for any tool that decodes them. And where the GOP's
 * file ends in the decoded bytes of its LZMA section, with liblzma's time
 * to decode that far: the floor of a tool that stops decoding there.
 */
#include <errno.h>
#include <json-c/json.h>
#include <lzma.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/common_file.h"
#include "uefi/uefi_decompress.h"
#include "uefi/uefi_gop.h"
#include "uefi/uefi_le.h"
#include "uefi/uefi_text.h"

#define TARGET_GUID "E3752948-B9A1-4770-90C4-DF41C38986BE"
#define MATCH "QEMU Video Driver"
#define GOAL 5.0
#define MAX_RUNS 64

struct sample {
	double wall_ms, cpu_ms, mib;
};

struct layout {
	const char *name;
	const char *what;
	uint8_t *p;
	size_t len;
};

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/*
 * Runs are started by a launcher process forked at start-up, while the
 * benchmark is small: a child's peak RSS (ru_maxrss) starts at its parent's
 * high-water mark, so forking the runs from the benchmark, which holds the
 * images and has decoded them, would report its size, not the tool's.
 */
#define MAX_ARGS 16

struct run_reply {
	int status;
	double wall_ms;
	struct rusage ru;
};

static int launcher_in = -1, launcher_out = -1;

static bool io_full(int fd, void *p, size_t n, bool wr)
{
	uint8_t *b = p;

	while (n) {
		ssize_t k = wr ? write(fd, b, n) : read(fd, b, n);

		if (k <= 0)
			return false;
		b += k;
		n -= (size_t)k;
	}
	return true;
}

/* One request: a u32 length, then the arguments, each NUL-ended. */
static void launcher_loop(int in, int out)
{
	char buf[8192], *argv[MAX_ARGS + 1];
	uint32_t n;

	while (io_full(in, &n, sizeof(n), false) && n < sizeof(buf) && io_full(in, buf, n, false)) {
		struct run_reply r = { 0 };
		size_t off = 0;
		int argc = 0;
		double t0;
		pid_t pid;

		while (off < n && argc < MAX_ARGS) {
			argv[argc++] = buf + off;
			off += strlen(buf + off) + 1;
		}
		argv[argc] = NULL;
		t0 = now_ms();
		pid = fork();
		if (!pid) {
			if (!freopen("/dev/null", "w", stdout) ||
			    !freopen("/dev/null", "w", stderr))
				_exit(127);
			execvp(argv[0], argv);
			_exit(127);
		}
		if (pid < 0 || wait4(pid, &r.status, 0, &r.ru) != pid)
			r.status = -1;
		r.wall_ms = now_ms() - t0;
		if (!io_full(out, &r, sizeof(r), true))
			break;
	}
	_exit(0);
}

static int launcher_start(void)
{
	int req[2], resp[2];
	pid_t pid;

	if (pipe(req) || pipe(resp))
		return -errno;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		close(req[1]);
		close(resp[0]);
		launcher_loop(req[0], resp[1]);
	}
	close(req[0]);
	close(resp[1]);
	launcher_in = req[1];
	launcher_out = resp[0];
	return 0;
}

static int run(char *const argv[], struct sample *s)
{
	char buf[8192];
	struct run_reply r;
	uint32_t n = 0;
	int i;

	for (i = 0; argv[i]; i++) {
		size_t k = strlen(argv[i]) + 1;

		if (i >= MAX_ARGS || n + k > sizeof(buf))
			return -E2BIG;
		memcpy(buf + n, argv[i], k);
		n += (uint32_t)k;
	}
	if (!io_full(launcher_in, &n, sizeof(n), true) || !io_full(launcher_in, buf, n, true) ||
	    !io_full(launcher_out, &r, sizeof(r), false))
		return -EPIPE;
	s->wall_ms = r.wall_ms;
	s->cpu_ms = (r.ru.ru_utime.tv_sec + r.ru.ru_stime.tv_sec) * 1e3 +
		    (r.ru.ru_utime.tv_usec + r.ru.ru_stime.tv_usec) / 1e3;
	s->mib = r.ru.ru_maxrss / 1024.0;
	return r.status >= 0 && WIFEXITED(r.status) ? WEXITSTATUS(r.status) : -1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static struct sample median_sample(const struct sample *s, int n)
{
	double w[MAX_RUNS], c[MAX_RUNS], m[MAX_RUNS];
	struct sample r;
	int i;

	for (i = 0; i < n; i++) {
		w[i] = s[i].wall_ms;
		c[i] = s[i].cpu_ms;
		m[i] = s[i].mib;
	}
	r.wall_ms = median(w, n);
	r.cpu_ms = median(c, n);
	r.mib = median(m, n);
	return r;
}

/* A firmware image or what vfctl extracted from it (flash chips: 64 MiB at most). */
#define IMAGE_MAX (64u << 20)

static int write_all(const char *path, const uint8_t *p, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (!f)
		return -errno;
	ok = fwrite(p, 1, len, f) == len;
	return fclose(f) == 0 && ok ? 0 : -EIO;
}

static int same_file(const char *a, const char *b)
{
	char *x, *y;
	size_t xl, yl;
	int same;

	if (common_read_file(a, IMAGE_MAX, 0, &x, &xl))
		return 0;
	if (common_read_file(b, IMAGE_MAX, 0, &y, &yl)) {
		free(x);
		return 0;
	}
	same = xl == yl && !memcmp(x, y, xl);
	free(x);
	free(y);
	return same;
}

/* The smallest decoded volume that holds the match text: the DXE volume. */
struct fv_pick {
	const uint8_t *needle;
	size_t needle_len;
	uint8_t *copy;
	size_t len;
};

static int pick_enter(const struct uefi_node *n, void *ctx)
{
	struct fv_pick *f = ctx;

	if (n->kind != UEFI_NODE_VOLUME || n->offset != UEFI_OFFSET_NONE || n->fv.truncated ||
	    (f->copy && n->len >= f->len) ||
	    !uefi_utf16_find(n->data, n->len, f->needle, f->needle_len, false))
		return UEFI_WALK_CONTINUE;
	free(f->copy);
	f->copy = malloc(n->len);
	if (!f->copy)
		return -ENOMEM;
	memcpy(f->copy, n->data, n->len);
	f->len = n->len;
	return UEFI_WALK_CONTINUE;
}

static int build_capsule_fv(const uint8_t *ovmf, size_t len, struct layout *l)
{
	static const struct uefi_walk_ops ops = { .enter = pick_enter };
	struct fv_pick f = { 0 };
	uint8_t *needle;
	const size_t hdr = 0x50;

	if (uefi_utf16_encode(MATCH, &needle, &f.needle_len))
		return -EINVAL;
	f.needle = needle;
	uefi_walk_image(ovmf, len, NULL, &ops, &f, NULL);
	free(needle);
	if (!f.copy)
		return -ENOENT;
	l->len = hdr + f.len;
	l->p = calloc(1, l->len);
	if (!l->p)
		return -ENOMEM;
	memcpy(l->p, uefi_guid_capsule_efi.b, 16);
	uefi_put32(l->p + 0x10, (uint32_t)hdr);
	uefi_put32(l->p + 0x18, (uint32_t)l->len);
	memcpy(l->p + hdr, f.copy, f.len);
	free(f.copy);
	return 0;
}

/* Descriptor with FLREG1 (BIOS) = the OVMF image at 0x1000 (research notes
 * 7 (b)); the other regions unused. */
static int build_spi_lzma(const uint8_t *ovmf, size_t len, struct layout *l)
{
	uint8_t *d;
	int i;

	l->len = 0x1000 + len;
	l->p = malloc(l->len);
	if (!l->p)
		return -ENOMEM;
	d = l->p;
	memset(d, 0xFF, 0x1000);
	uefi_put32(d + 0x10, 0x0FF0A55A);
	uefi_put32(d + 0x14, 0x00040003);
	uefi_put32(d + 0x18, 0x00100006);
	uefi_put32(d + 0x30, 1u << 17);
	uefi_put32(d + 0x40, 0);
	uefi_put32(d + 0x44, 1 | (uint32_t)(len / 0x1000) << 16);
	for (i = 2; i < 16; i++)
		uefi_put32(d + 0x40 + 4 * i, 0x00007FFF);
	memcpy(d + 0x1000, ovmf, len);
	return 0;
}

static struct json_object *figure(const char *name, const char *unit, double value,
				  const char *reference, double ref_value, const char *method)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "unit", json_object_new_string(unit));
	json_object_object_add(o, "value", json_object_new_double(value));
	if (reference) {
		json_object_object_add(o, "ratio", json_object_new_double(value / ref_value));
		json_object_object_add(o, "reference", json_object_new_string(reference));
		json_object_object_add(o, "reference_value", json_object_new_double(ref_value));
	}
	json_object_object_add(o, "method", json_object_new_string(method));
	return o;
}

static void add(struct json_object *arr, const char *layout, const char *what, const char *unit,
		double value, const char *reference, double ref_value, const char *method)
{
	char name[160];

	snprintf(name, sizeof(name), "gop %s: %s", layout, what);
	json_object_array_add(arr, figure(name, unit, value, reference, ref_value, method));
}

/* In-process search of the same bytes (CPU time): the library's share of
 * vfctl's time. */
static double walk_ms(const struct layout *l, int runs)
{
	double t[MAX_RUNS];
	int i;

	for (i = 0; i < runs; i++) {
		struct uefi_gop_result res;
		double t0 = cpu_ms();

		uefi_gop_find(l->p, l->len, MATCH, NULL, &res);
		t[i] = cpu_ms() - t0;
		uefi_gop_result_free(&res);
	}
	return median(t, runs);
}

/* LZMA sections stored in the file itself (not nested in decoded data). */
struct lzma_list {
	const uint8_t *body[16];
	size_t len[16];
	int n;
};

static int lzma_enter(const struct uefi_node *n, void *ctx)
{
	struct lzma_list *l = ctx;

	if (n->kind == UEFI_NODE_SECTION && n->offset != UEFI_OFFSET_NONE &&
	    n->sec.type == UEFI_SEC_GUID_DEFINED && uefi_guid_eq(&uefi_guid_lzma, n->sec.guid) &&
	    l->n < 16) {
		l->body[l->n] = n->sec.body;
		l->len[l->n++] = n->sec.body_len;
	}
	return UEFI_WALK_CONTINUE;
}

/*
 * CPU time liblzma needs to decode the file's LZMA sections once, in this
 * process: no tool that decodes them can be faster than this plus its
 * start-up, which bounds the reachable speed-up.
 */
static double lzma_floor_ms(const struct layout *l, int runs)
{
	static const struct uefi_walk_ops ops = { .enter = lzma_enter };
	struct lzma_list list = { .n = 0 };
	double t[MAX_RUNS];
	int i, k;

	uefi_walk_image(l->p, l->len, NULL, &ops, &list, NULL);
	if (!list.n)
		return 0;
	for (i = 0; i < runs; i++) {
		double t0 = cpu_ms();

		for (k = 0; k < list.n; k++) {
			uint8_t *out;
			size_t out_len;

			if (!uefi_lzma_decompress(list.body[k], list.len[k], false,
						  UEFI_WALK_MAX_OUTPUT, &out, &out_len))
				free(out);
		}
		t[i] = cpu_ms() - t0;
	}
	return median(t, runs);
}

/* Where the target's FFS file ends inside the decoded bytes of an LZMA
 * section (found by walking the decoded data on its own). */
struct file_end {
	const uint8_t *base;
	size_t end;
};

static int end_enter(const struct uefi_node *n, void *ctx)
{
	struct file_end *e = ctx;
	char guid[UEFI_GUID_STRLEN];

	if (n->kind == UEFI_NODE_FILE && !strcmp(uefi_guid_format(n->file.name, guid), TARGET_GUID))
		e->end = (size_t)(n->data + n->len - e->base);
	return UEFI_WALK_CONTINUE;
}

struct stop_point {
	double out_pct; /* the file's end, % of the decoded bytes */
	double in_pct; /* % of the compressed bytes read by then */
	double ms; /* CPU time of liblzma to decode that far */
};

/* Decode @body as a stream (lzma_code in 64 KiB output steps, as a
 * streaming tool would) into @out until @end bytes are out; CPU ms. */
static double decode_to(const uint8_t *body, size_t len, uint8_t *out, size_t size, size_t end,
			double *in_pct)
{
	lzma_stream s = LZMA_STREAM_INIT;
	double t0 = cpu_ms(), t;

	if (lzma_alone_decoder(&s, UINT64_MAX) != LZMA_OK)
		return -1;
	s.next_in = body;
	s.avail_in = len;
	while (s.total_out < end) {
		size_t room = size - s.total_out;

		s.next_out = out + s.total_out;
		s.avail_out = room < 65536 ? room : 65536;
		if (lzma_code(&s, LZMA_RUN) != LZMA_OK)
			break;
	}
	t = cpu_ms() - t0;
	*in_pct = 100.0 * (double)s.total_in / (double)len;
	lzma_end(&s);
	return s.total_out >= end ? t : -1;
}

/*
 * The floor of any tool that stops decoding once the target file is
 * complete: liblzma's CPU time to decode from the start of the LZMA
 * section that holds it to the file's end. Returns 0 when no LZMA section
 * of the file holds the target.
 */
static int stop_floor(const struct layout *l, int runs, struct stop_point *sp)
{
	static const struct uefi_walk_ops lops = { .enter = lzma_enter };
	static const struct uefi_walk_ops eops = { .enter = end_enter };
	struct lzma_list list = { .n = 0 };
	double t[MAX_RUNS];
	int i, k;

	uefi_walk_image(l->p, l->len, NULL, &lops, &list, NULL);
	for (k = 0; k < list.n; k++) {
		struct file_end e = { 0 };
		uint8_t *out;
		size_t out_len;

		if (uefi_lzma_decompress(list.body[k], list.len[k], false, UEFI_WALK_MAX_OUTPUT,
					 &out, &out_len))
			continue;
		e.base = out;
		uefi_walk_image(out, out_len, NULL, &eops, &e, NULL);
		for (i = 0; e.end && i < runs; i++) {
			t[i] = decode_to(list.body[k], list.len[k], out, out_len, e.end,
					 &sp->in_pct);
			if (t[i] < 0)
				e.end = 0;
		}
		free(out);
		if (!e.end)
			continue;
		sp->out_pct = 100.0 * (double)e.end / (double)out_len;
		sp->ms = median(t, runs);
		return 1;
	}
	return 0;
}

static int bench_layout(const char *vfctl, const char *dir, const struct layout *l, int runs,
			struct json_object *arr, double startup_ms, int *missed)
{
	static const char method[] =
		"median of alternating runs, each tool a fresh process on the same file in a scratch directory: "
		"vfctl gop extract --match 'QEMU Video Driver' vs UEFIExtract IMAGE " TARGET_GUID
		" -m body -t 10; wall time (CLOCK_MONOTONIC around fork/wait), CPU time and peak RSS "
		"(wait4 rusage); both outputs byte-identical; speed-up = UEFIExtract / vfctl, goal 5x";
	char img[4200], ours[4200], peer[4200], body[4300], cmd[8800];
	struct sample os[MAX_RUNS], ps[MAX_RUNS], o, p;
	struct stop_point sp;
	double walk, floor;
	int i, stops;

	snprintf(img, sizeof(img), "%s/%s.bin", dir, l->name);
	snprintf(ours, sizeof(ours), "%s/%s.efi", dir, l->name);
	snprintf(peer, sizeof(peer), "%s/%s.peer", dir, l->name);
	snprintf(body, sizeof(body), "%s/body.bin", peer);
	if (write_all(img, l->p, l->len))
		return 3;
	for (i = 0; i < runs; i++) {
		char *ov[] = { (char *)vfctl, "gop", "extract", img, "--match",
			       MATCH,	      "-o",  ours,	NULL };
		char *pv[] = { "UEFIExtract", img,    TARGET_GUID, "-o", peer,
			       "-m",	      "body", "-t",	   "10", NULL };

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", peer);
		if (system(cmd))
			return 3;
		if (run(ov, &os[i])) {
			fprintf(stderr, "bench_gop: vfctl failed on %s\n", l->name);
			return 1;
		}
		if (run(pv, &ps[i])) {
			fprintf(stderr,
				"bench_gop: UEFIExtract failed on %s (install uefitool-cli)\n",
				l->name);
			return 3;
		}
	}
	if (!same_file(ours, body)) {
		fprintf(stderr, "bench_gop: outputs differ on %s\n", l->name);
		return 1;
	}
	o = median_sample(os, runs);
	p = median_sample(ps, runs);
	walk = walk_ms(l, runs);
	floor = lzma_floor_ms(l, runs);
	stops = stop_floor(l, runs, &sp);
	add(arr, l->name, "vfctl wall time", "ms", o.wall_ms, "UEFIExtract", p.wall_ms, method);
	add(arr, l->name, "vfctl CPU time", "ms", o.cpu_ms, "UEFIExtract", p.cpu_ms, method);
	add(arr, l->name, "vfctl peak memory", "MiB", o.mib, "UEFIExtract", p.mib, method);
	add(arr, l->name, "speed-up over UEFIExtract (wall)", "x", p.wall_ms / o.wall_ms, "goal",
	    GOAL, method);
	add(arr, l->name, "speed-up over UEFIExtract (CPU)", "x", p.cpu_ms / o.cpu_ms, "goal", GOAL,
	    method);
	add(arr, l->name, "memory ratio UEFIExtract / vfctl", "x", p.mib / o.mib, NULL, 0, method);
	add(arr, l->name, "library search in process (CPU)", "ms", walk, "vfctl CPU time", o.cpu_ms,
	    "median CPU time of uefi_gop_find() over the same bytes in the benchmark process (no start-up, no file I/O)");
	if (floor > 0) {
		add(arr, l->name, "liblzma decode of its LZMA sections (CPU)", "ms", floor,
		    "vfctl CPU time", o.cpu_ms,
		    "median CPU time of one uefi_lzma_decompress() of each LZMA section stored in the file, in process: the floor of any tool that decodes them whole (vfctl stops after the last file they hold)");
		add(arr, l->name, "best reachable speed-up (CPU)", "x",
		    p.cpu_ms / (startup_ms + floor), "goal", GOAL,
		    "UEFIExtract CPU time / (vfctl start-up CPU time + the liblzma decode of the LZMA sections whole)");
	}
	if (stops) {
		add(arr, l->name, "GOP file end in its LZMA section's decoded bytes", "%",
		    sp.out_pct, NULL, 0,
		    "offset of the end of the target FFS file in the decoded bytes of the LZMA section that holds it, as a share of those bytes");
		add(arr, l->name, "LZMA input read by the GOP file end", "%", sp.in_pct, NULL, 0,
		    "share of that LZMA section's compressed bytes liblzma has read when the target file's last byte is out");
		add(arr, l->name, "liblzma decode up to the GOP file end (CPU)", "ms", sp.ms,
		    "vfctl CPU time", o.cpu_ms,
		    "median CPU time of liblzma (lzma_code in 64 KiB output steps) from the start of that LZMA section to the target file's last byte: the floor of any tool that stops decoding there");
		add(arr, l->name, "best reachable speed-up with an early stop (CPU)", "x",
		    p.cpu_ms / (startup_ms + sp.ms), "goal", GOAL,
		    "UEFIExtract CPU time / (vfctl start-up CPU time + liblzma's decode up to the GOP file end)");
	}
	printf("%-10s %s\n  vfctl %.1f ms wall, %.1f ms CPU, %.1f MiB | UEFIExtract %.1f ms wall, %.1f ms CPU, %.1f MiB\n"
	       "  speed-up %.1fx wall, %.1fx CPU (goal %.0fx: %s); memory %.1fx less; "
	       "in-process search %.1f ms CPU, start-up %.1f ms CPU",
	       l->name, l->what, o.wall_ms, o.cpu_ms, o.mib, p.wall_ms, p.cpu_ms, p.mib,
	       p.wall_ms / o.wall_ms, p.cpu_ms / o.cpu_ms, GOAL,
	       p.cpu_ms / o.cpu_ms >= GOAL ? "met" : "MISSED", p.mib / o.mib, walk, startup_ms);
	if (floor > 0)
		printf(", liblzma floor %.1f ms CPU (best reachable %.1fx)", floor,
		       p.cpu_ms / (startup_ms + floor));
	if (stops)
		printf("\n  GOP file ends at %.1f%% of the decoded LZMA bytes (%.1f%% of its input): decoding that far costs %.1f ms CPU; with an early stop at best %.1fx",
		       sp.out_pct, sp.in_pct, sp.ms, p.cpu_ms / (startup_ms + sp.ms));
	if (stops && p.cpu_ms / (startup_ms + sp.ms) < GOAL)
		printf("\n  5x is out of reach here with liblzma: no tool can find the file without decoding up to its end (%.1f ms), and %.1f ms + start-up %.1f ms is more than a fifth of UEFIExtract's %.1f ms",
		       sp.ms, sp.ms, startup_ms, p.cpu_ms);
	putchar('\n');
	*missed += p.cpu_ms / o.cpu_ms < GOAL;
	return 0;
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/bench_gop.XXXXXX", cmd[4200], *image;
	struct layout l[3] = {
		{ "ovmf", "OVMF_CODE_4M.fd (DXE volume in an LZMA section)" },
		{ "capsule_fv", "EFI capsule around the uncompressed DXE volume" },
		{ "spi_lzma", "flash descriptor image, BIOS region = OVMF (LZMA volume)" },
	};
	int runs = argc > 4 ? atoi(argv[4]) : 7, i, rc = 0, missed = 0;
	struct sample st[MAX_RUNS];
	struct json_object *arr;
	double startup;
	FILE *f;

	if (argc < 4 || runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: bench_gop VFCTL OVMF_CODE OUT.json [RUNS<=%d]\n", MAX_RUNS);
		return 2;
	}
	if (launcher_start()) {
		fprintf(stderr, "bench_gop: cannot start the launcher\n");
		return 3;
	}
	if (common_read_file(argv[2], IMAGE_MAX, 0, &image, &l[0].len)) {
		fprintf(stderr, "bench_gop: cannot read %s (install ovmf)\n", argv[2]);
		return 3;
	}
	l[0].p = (uint8_t *)image;
	if (build_capsule_fv(l[0].p, l[0].len, &l[1]) || build_spi_lzma(l[0].p, l[0].len, &l[2])) {
		fprintf(stderr, "bench_gop: cannot build the layouts from %s\n", argv[2]);
		return 1;
	}
	if (!mkdtemp(dir))
		return 3;
	for (i = 0; i < runs; i++) {
		char *hv[] = { argv[1], "--help", NULL };

		run(hv, &st[i]);
	}
	startup = median_sample(st, runs).cpu_ms;
	arr = json_object_new_array();
	json_object_array_add(
		arr,
		figure("gop: vfctl start-up (vfctl --help, CPU)", "ms", startup, NULL, 0,
		       "median CPU time of `vfctl --help` as a fresh process: the part of every vfctl run that is loading its shared libraries"));
	for (i = 0; i < 3 && !rc; i++)
		rc = bench_layout(argv[1], dir, &l[i], runs, arr, startup, &missed);
	if (!rc) {
		f = fopen(argv[3], "w");
		if (!f) {
			fprintf(stderr, "bench_gop: cannot write %s\n", argv[3]);
			rc = 1;
		} else {
			fputs(json_object_to_json_string_ext(
				      arr,
				      JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE),
			      f);
			fputc('\n', f);
			fclose(f);
		}
		if (missed)
			printf("bench gop: the 5x goal is missed on %d of 3 layouts (see walk and start-up)\n",
			       missed);
	}
	json_object_put(arr);
	close(launcher_in); /* the launcher exits at end of input */
	wait(NULL);
	for (i = 0; i < 3; i++)
		free(l[i].p);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		rc = rc ? rc : 1;
	return rc;
}
