/* SPDX-License-Identifier: MIT */
/*
 * What a killed frames benchmark leaves behind: nothing. Its shared memory
 * is an unnamed tmpfs file, so no name outlives it whatever ends it (a
 * signal, a crash, SIGKILL), and its child processes die with it.
 */
#ifndef FRAMES_BACKING_H
#define FRAMES_BACKING_H

#include <stddef.h>
#include <sys/types.h>

/**
 * frames_backing_open - an unnamed shared-memory file and a path to it
 * @path: result, a path every process of the benchmark opens it by
 *        (/proc/self/fd/N: a forked child holds the same descriptor N)
 * @size: size of @path
 *
 * The file is made on /dev/shm with O_TMPFILE (the tmpfs mount that the
 * Looking Glass client's /dev/shm/looking-glass lives on, so the same memory
 * and huge-page policy); where that mount cannot, it is a memfd.
 *
 * Return: the descriptor (keep it open while the path is used; closing it
 * and every mapping frees the memory) or a negative errno.
 */
int frames_backing_open(char *path, size_t size);

/**
 * frames_fork - fork a child that cannot outlive this process
 *
 * The child is sent SIGKILL when this process ends, however it ends, so a
 * producer or copier never spins on alone after a killed benchmark.
 *
 * Return: as fork(): 0 in the child, its pid in the parent, -1 on error.
 */
pid_t frames_fork(void);

#endif
