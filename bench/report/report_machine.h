/* SPDX-License-Identifier: MIT */
/* Description of the machine the benchmarks ran on. */
#ifndef REPORT_MACHINE_H
#define REPORT_MACHINE_H

struct json_object;

/**
 * report_machine - describe this machine: CPU, cores, memory, kernel, and
 * whether /dev/kvm and /dev/kvmfr0 are usable (emulated or real runs)
 *
 * Return: a new JSON object (caller puts it).
 */
struct json_object *report_machine(void);

#endif
