/* SPDX-License-Identifier: MIT */
/*
 * The machine the benchmarks ran on: CPU, cores, memory, kernel, whether it
 * is itself a virtual machine, what the VM figures ran under (KVM or TCG, and
 * why), and how noisy it was during the run (bench_noise).
 */
#ifndef REPORT_MACHINE_H
#define REPORT_MACHINE_H

#include <stdio.h>

struct json_object;

/* above this memcpy spread the report warns that figures mean little */
#define REPORT_NOISE_WARN 0.10

/**
 * report_machine - describe this machine and the run
 * @bench_dir: the bench directory (host/noise.json is read from it)
 * @vm_dir: the VM runner's work directory (its kvm-unusable marker), or NULL
 * @figures: the run's figures (the vm benchmark's methods name the accelerator)
 *
 * Return: a new JSON object (caller puts it).
 */
struct json_object *report_machine(const char *bench_dir, const char *vm_dir,
				   struct json_object *figures);

/**
 * report_machine_html - the machine section, its noise warning and noise chart
 * @f: the HTML output
 * @m: what report_machine() returned
 * @plots: directory for the chart files, NULL for no chart
 * @bench_dir: the bench directory (the noise samples)
 */
void report_machine_html(FILE *f, struct json_object *m, const char *plots, const char *bench_dir);

#endif
