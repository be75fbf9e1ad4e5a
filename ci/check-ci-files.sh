#!/bin/bash
# SPDX-License-Identifier: MIT
#
# `make check` part of ci/: the workflows, .gitlab-ci.yml and the LAVA job
# and test definition are well formed with the fields their consumers need
# (ci_yaml_check; LAVA's own schema from lava-common), broken examples are
# rejected for the right reason, the LAVA reporter and the cmocka JUnit
# converter produce what they should, the JUnit of this `make check` run
# parses and agrees with the counts, and the scripts are shellcheck-clean.
#
# usage: ci/check-ci-files.sh CI_YAML_CHECK WORKDIR RESULTS_DIR
# Writes RESULTS_DIR/ci-yaml.counts ("passed failed").
set -u -o pipefail
check=$1
work=$2
results=$3
cd "$(dirname "$0")/.." || exit 3
rm -rf "$work" && mkdir -p "$work" "$results"
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "   ok   $1"; }
bad() { failed=$((failed + 1)); echo "   FAIL $1"; [ ! -s "$work/out" ] || sed 's/^/        /' "$work/out"; }
t() { # NAME COMMAND...
	local name=$1
	shift
	if "$@" >"$work/out" 2>&1; then ok "$name"; else bad "$name"; fi
}

# The real files.
t "github workflows" "$check" github .github/workflows/*.yml
t ".gitlab-ci.yml" "$check" gitlab .gitlab-ci.yml
t "LAVA test definitions" "$check" lava-testdef ci/lava/tests/*.yaml
t "LAVA job templates" "$check" lava-job ci/lava/jobs/*.yaml
export GIT_COMMIT=0123456789abcdef GIT_URL=https://example.invalid/harness.git \
	KERNEL_VERSION=6.1.0-28-amd64 KERNEL_URL=https://example.invalid/bzImage \
	RAMDISK_URL=https://example.invalid/initrd.gz MODULES_URL=https://example.invalid/modules.tar.xz \
	ROOTFS_URL=https://example.invalid/rootfs.tar.xz DKMS_SRC=/opt/ci/i915-sriov-dkms \
	IGT_BUILD=/opt/ci/igt-gpu-tools/build
for j in ci/lava/jobs/*.yaml; do
	r=$work/$(basename "$j")
	t "render $(basename "$j")" sh -c "ci/lava/render.sh '$j' >'$r' && ! grep -n '@[A-Z_]*@' '$r'"
	t "rendered $(basename "$j"): fields" "$check" lava-job "$r"
	t "rendered $(basename "$j"): LAVA schema (lava-common)" /usr/bin/python3 ci/lava/validate.py job "$r"
done
t "test definitions: LAVA schema (lava-common)" /usr/bin/python3 ci/lava/validate.py testdef ci/lava/tests/*.yaml
t "render names a missing value" sh -c "! env -u ROOTFS_URL ci/lava/render.sh ci/lava/jobs/rpl-sriov-hw.yaml >/dev/null 2>'$work/err' && grep -q 'no value for: ROOTFS_URL' '$work/err'"

# Broken examples fail, with the message their first line expects.
for f in tests/fixtures/ci/yaml/bad-*.yaml; do
	kind=${f#*.}
	kind=${kind%.yaml}
	want=$(sed -n '1s/^# expect: //p' "$f")
	t "rejects $(basename "$f")" sh -c "! '$check' '$kind' '$f' 2>'$work/err' && grep -qF \"\$1\" '$work/err'" _ "$want"
done
sed 's/^visibility: public/visibility: everyone/' "$work/rpl-sriov-hw.yaml" >"$work/bad-visibility.yaml"
t "LAVA schema rejects a bad visibility" sh -c "! /usr/bin/python3 ci/lava/validate.py job '$work/bad-visibility.yaml' 2>/dev/null"

# lava-run.sh: stages and JUnit cases become lava-test-case calls; blank
# LAVA parameters are dropped.
mkdir -p "$work/lava/bin" "$work/lava/o/results"
printf '#!/bin/sh\necho "$*" >>"%s"\n' "$work/lava/calls" >"$work/lava/bin/lava-test-case"
chmod +x "$work/lava/bin/lava-test-case"
cat >"$work/lava/o/results/plain-x.junit.xml" <<'XML'
<testsuites><testsuite name="plain-x">
    <testcase classname="plain-x" name="a_pass"/>
    <testcase classname="plain-x" name="b fail">
      <failure message="boom"/>
    </testcase>
    <testcase classname="plain-x" name="c_skip">
      <skipped message=""/>
    </testcase>
</testsuite></testsuites>
XML
t "lava-run.sh reports stages and JUnit cases" sh -c "
	PATH='$work/lava/bin':\$PATH O='$work/lava/o' CI_LAVA_OUT='$work/lava/out' \
		ci/lava/lava-run.sh --stages collect --dkms-src '' >/dev/null 2>&1 &&
	grep -qx 'collect --result pass --measurement [0-9]* --units seconds' '$work/lava/calls' &&
	grep -qx 'a_pass --result pass' '$work/lava/calls' &&
	grep -qx 'b_fail --result fail' '$work/lava/calls' &&
	grep -qx 'c_skip --result skip' '$work/lava/calls' &&
	[ \$(wc -l <'$work/lava/calls') = 4 ]"

# run-cmocka.sh: a failure, a crash inside a test, and a skip in JUnit.
mkdir -p "$work/cm"
cat >"$work/cm/fake_suite" <<'SH'
#!/bin/sh
printf '[==========] Running 4 test(s).\n[ RUN      ] t_ok\n[       OK ] t_ok\n'
printf '[ RUN      ] t_fail\n0x2 != 0x3\nERROR: test.c:42 Failure!\n[  FAILED  ] t_fail\n'
printf '[ RUN      ] t_skip\n[  SKIPPED ] t_skip\n'
printf '[ RUN      ] t_crash\nabout to <crash> & "burn"\n'
exit 134
SH
chmod +x "$work/cm/fake_suite"
t "run-cmocka.sh: JUnit of failures, crashes and skips" sh -c "
	scripts/run-cmocka.sh plain '$work/cm/r' '$work/cm/fake_suite' >/dev/null; x='$work/cm/r/plain-fake_suite.junit.xml'
	xmllint --noout \"\$x\" &&
	grep -q 'tests=\"4\" failures=\"2\" errors=\"0\" skipped=\"1\"' \"\$x\" &&
	grep -q '<failure message=\"0x2 != 0x3' \"\$x\" &&
	grep -q 'about to &lt;crash&gt; &amp; &quot;burn&quot;' \"\$x\" &&
	grep -q 'no result: the program died in this test (status 134)' \"\$x\" &&
	grep -qx '1 1 1' '$work/cm/r/plain-fake_suite.counts' &&
	grep -qx 't_skip: (the test printed no reason)' '$work/cm/r/plain-fake_suite.skips'"

# The JUnit files of this run's unit suites parse and agree with the counts.
n=0
for x in "$results"/*.junit.xml; do
	[ -e "$x" ] || continue
	n=$((n + 1))
	c=${x%.junit.xml}.counts
	read -r p f _ <"$c"
	t "$(basename "$x") parses and matches its counts" sh -c "
		xmllint --noout '$x' &&
		tests=\$(xmllint --xpath 'count(//testcase)' '$x') &&
		fails=\$(xmllint --xpath 'count(//testcase[failure])' '$x') &&
		skips=\$(xmllint --xpath 'count(//testcase[skipped])' '$x') &&
		[ \$((tests - fails - skips)) = $p ] && { [ \$fails = $f ] || [ $f = 1 -a \$fails -ge 1 ]; }"
done
[ "$n" -gt 0 ] || echo "   (no unit JUnit in $results: run make unit first to check them)"

t "shellcheck" shellcheck ci/hw/*.sh ci/dkms/*.sh ci/lava/*.sh ci/lava/guest/init ci/check-ci-files.sh \
	scripts/run-cmocka.sh scripts/run-fuzz.sh scripts/summary.sh \
	scripts/fuzz-coverage.sh tests/fixtures/ci/bin/*

echo "   ci-yaml: $passed passed, $failed failed"
echo "$passed $failed" >"$results/ci-yaml.counts"
[ "$failed" = 0 ]
