#!/bin/sh
# Run shellcheck over every shell script of the project: files ending in .sh and
# files whose first line names sh or bash, as git knows them (or, without
# git, as find sees them), the fixtures' stand-in tools included; corpora
# and generated files are not scripts.
#
# usage: check-shell.sh RESULTS_DIR
# Writes RESULTS_DIR/shellcheck.counts ("passed failed": one per script).
set -u
results=$1
mkdir -p "$results"
passed=0
failed=0

list() {
	if git rev-parse --git-dir >/dev/null 2>&1; then
		git ls-files -co --exclude-standard
	else
		find . -type f ! -path './out/*' ! -path './.git/*' | sed 's|^\./||'
	fi
}

# tests/fixtures/vm/qemu/real-*: users' own start scripts, kept verbatim as
# the input of vm check, not scripts of the project.
for f in $(list | grep -v '^tests/fuzz/corpus/' | grep -v '^tests/fixtures/vm/qemu/real-'); do
	[ -f "$f" ] || continue
	case $f in
	*.sh) ;;
	*) head -n 1 "$f" 2>/dev/null | grep -q '^#!.*\b\(sh\|bash\)\b' || continue ;;
	esac
	if out=$(shellcheck -x "$f" 2>&1); then
		passed=$((passed + 1))
	else
		echo "$out"
		echo "!! shellcheck: $f"
		failed=$((failed + 1))
	fi
done
echo "   shellcheck: $passed scripts clean, $failed not"
echo "$passed $failed" >"$results/shellcheck.counts"
[ "$failed" = 0 ]
