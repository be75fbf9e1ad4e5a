// SPDX-License-Identifier: MIT
/*
 * bench_gop - our GOP extraction against UEFIExtract on the same image.
 *
 * usage: bench_gop VFCTL IMAGE OUT.json [RUNS]
 *
 * Both tools run as separate processes on the same file, extracting the same
 * PE32 body (QemuVideoDxe from OVMF; by text for vfctl, by GUID for
 * UEFIExtract, which has no text search in extraction mode). Wall time and
 * peak RSS (wait4's ru_maxrss) are the medians of RUNS alternating runs;
 * both outputs must be byte-identical or the benchmark fails.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TARGET_GUID "E3752948-B9A1-4770-90C4-DF41C38986BE"
#define MATCH "QEMU Video Driver"

struct sample {
	double ms;
	double mib;
};

static int run(char *const argv[], struct sample *s)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status;
	pid_t pid;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid)
		return -errno;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s->ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	s->mib = ru.ru_maxrss / 1024.0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int same_file(const char *a, const char *b)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "cmp -s '%s' '%s'", a, b);
	return system(cmd) == 0;
}

static struct json_object *figure(const char *name, const char *unit, double value, double ratio,
				  const char *method)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "unit", json_object_new_string(unit));
	json_object_object_add(o, "value", json_object_new_double(value));
	if (ratio > 0) {
		json_object_object_add(o, "ratio", json_object_new_double(ratio));
		json_object_object_add(o, "reference", json_object_new_string("UEFIExtract"));
	}
	json_object_object_add(o, "method", json_object_new_string(method));
	return o;
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/bench_gop.XXXXXX", img[64], ours[64], peer[64], peerbody[80], cmd[8192];
	double ot[64], om[64], pt[64], pm[64];
	int runs = argc > 4 ? atoi(argv[4]) : 7, i;
	struct json_object *arr;
	FILE *f;
	const char *method;

	if (argc < 4 || runs < 1 || runs > 64) {
		fprintf(stderr, "usage: bench_gop VFCTL IMAGE OUT.json [RUNS<=64]\n");
		return 2;
	}
	if (!mkdtemp(dir))
		return 3;
	/* UEFIExtract writes next to its input: both read the same copy. */
	snprintf(img, sizeof(img), "%s/image.fd", dir);
	snprintf(ours, sizeof(ours), "%s/ours.efi", dir);
	snprintf(peer, sizeof(peer), "%s/peer", dir);
	snprintf(peerbody, sizeof(peerbody), "%s/body.bin", peer);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", argv[2], img);
	if (system(cmd)) {
		fprintf(stderr, "bench_gop: cannot copy %s\n", argv[2]);
		return 3;
	}
	for (i = 0; i < runs; i++) {
		char *o[] = { argv[1], "gop", "extract", img, "--match", MATCH, "-o", ours, NULL };
		char *p[] = { "UEFIExtract", img,    TARGET_GUID, "-o", peer,
			      "-m",	     "body", "-t",	  "10", NULL };
		struct sample s;

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", peer);
		if (system(cmd))
			return 3;
		if (run(o, &s)) {
			fprintf(stderr, "bench_gop: vfctl failed\n");
			return 1;
		}
		ot[i] = s.ms;
		om[i] = s.mib;
		if (run(p, &s)) {
			fprintf(stderr, "bench_gop: UEFIExtract failed (install uefitool-cli)\n");
			return 3;
		}
		pt[i] = s.ms;
		pm[i] = s.mib;
	}
	if (!same_file(ours, peerbody)) {
		fprintf(stderr, "bench_gop: outputs differ\n");
		return 1;
	}
	method =
		"median of alternating runs, each tool a fresh process on the same OVMF_CODE_4M.fd copy: "
		"vfctl gop extract --match 'QEMU Video Driver' vs UEFIExtract IMAGE " TARGET_GUID
		" -m body -t 10; wall time (CLOCK_MONOTONIC around fork/wait) and peak RSS "
		"(wait4 ru_maxrss); outputs checked byte-identical";
	arr = json_object_new_array();
	{
		double o_t = median(ot, runs), p_t = median(pt, runs);
		double o_m = median(om, runs), p_m = median(pm, runs);

		json_object_array_add(arr, figure("gop extract OVMF: time", "ms", o_t, o_t / p_t,
						  method));
		json_object_array_add(arr, figure("gop extract OVMF: peak memory", "MiB", o_m,
						  o_m / p_m, method));
		json_object_array_add(arr,
				      figure("UEFIExtract OVMF body: time", "ms", p_t, 0, method));
		json_object_array_add(arr, figure("UEFIExtract OVMF body: peak memory", "MiB", p_m,
						  0, method));
		printf("vfctl %.1f ms %.1f MiB; UEFIExtract %.1f ms %.1f MiB; ratio time %.2f memory %.2f (%d runs)\n",
		       o_t, o_m, p_t, p_m, o_t / p_t, o_m / p_m, runs);
	}
	f = fopen(argv[3], "w");
	if (!f) {
		fprintf(stderr, "bench_gop: cannot write %s\n", argv[3]);
		return 1;
	}
	fputs(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_NOSLASHESCAPE),
	      f);
	fputc('\n', f);
	fclose(f);
	json_object_put(arr);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? 1 : 0;
}
