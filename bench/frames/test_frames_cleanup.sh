#!/bin/sh
# SPDX-License-Identifier: MIT
# The frames benchmark killed in the middle of a run (SIGINT, SIGTERM,
# SIGKILL) leaves no file in /dev/shm and no process behind, and a run over
# the shared-memory file of a run killed earlier (-s, a stale LGMP header in
# it) is not fooled by it.
#
# usage: test_frames_cleanup.sh FRAMES_BENCH RESULTS_DIR
# Writes RESULTS_DIR/frames-cleanup.counts for scripts/summary.sh.
set -u
bench=$1
results=$2
. tests/unit/cli_check.sh

# what the benchmark may leave: files in /dev/shm, and its processes
find /dev/shm -mindepth 1 -maxdepth 1 | sort >"$tmp/shm.before"

# The pid of a child of $1 once it has one (its producer runs), else "".
child_of() {
	i=0
	while [ $i -lt 200 ]; do
		c=$(pgrep -P "$1" | head -n 1)
		[ -n "$c" ] && { echo "$c"; return; }
		kill -0 "$1" 2>/dev/null || return
		sleep 0.05
		i=$((i + 1))
	done
}

# Gone within 2 s.
gone() {
	i=0
	while kill -0 "$1" 2>/dev/null; do
		[ $i -lt 40 ] || return 1
		sleep 0.05
		i=$((i + 1))
	done
}

# shellcheck disable=SC2317 # called through check
no_new_shm_file() {
	find /dev/shm -mindepth 1 -maxdepth 1 | sort >"$tmp/shm.after"
	comm -13 "$tmp/shm.before" "$tmp/shm.after" >"$tmp/shm.new"
	[ ! -s "$tmp/shm.new" ] || { echo "left in /dev/shm:"; cat "$tmp/shm.new"; return 1; }
}

# A background job of a script starts with SIGINT ignored: reset it, so the
# benchmark meets SIGINT as it does from a terminal.
for sig in INT TERM KILL; do
	env --default-signal=INT "$bench" -P -n 8 -o "$tmp/out-$sig" >"$tmp/log" 2>&1 &
	pid=$!
	child=$(child_of $pid)
	check "$sig: the run had started its producer" test -n "$child"
	kill -s $sig $pid
	wait $pid 2>/dev/null
	check "$sig: no file left in /dev/shm" no_new_shm_file
	check "$sig: no child left running" gone "${child:-$pid}"
done

# The user's file (-s) survives a killed run with a live-looking header in it
stale=/dev/shm/lg-frames-cleanup-$$
"$bench" -P -n 8 -s "$stale" -o "$tmp/out-stale" >"$tmp/log" 2>&1 &
pid=$!
child=$(child_of $pid)
sleep 0.3 # producer and consumer are in the middle of a session
kill -s KILL $pid
wait $pid 2>/dev/null
gone "${child:-$pid}"
check "a killed run keeps the -s file" test -s "$stale"
check "it holds an LGMP header" sh -c "head -c 4 '$stale' | grep -q LGMP"
expect "a new run over it completes" 0 "$bench" -P -n 8 -s "$stale" -o "$tmp/out-again"
check "the new run's sessions all succeeded" sh -c "! grep -q failed '$tmp/err'"
rm -f "$stale"

cli_finish frames-cleanup "$results"
