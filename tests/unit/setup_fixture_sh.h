/* SPDX-License-Identifier: MIT */
/*
 * Shell commands for the tests that build their trees with them (the
 * setup tests' fixture roots, host_atomic's scratch directories).
 */
#ifndef SETUP_FIXTURE_SH_H
#define SETUP_FIXTURE_SH_H

/* Run a shell command (printf-formatted); the test fails when it does. */
__attribute__((format(printf, 1, 2))) void sh(const char *fmt, ...);
/* The whole output of a shell command that must succeed; malloc'ed. */
__attribute__((format(printf, 1, 2))) char *sh_out(const char *fmt, ...);

#endif
