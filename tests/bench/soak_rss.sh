#!/bin/sh
# soak_rss.sh: runs a command and samples its resident memory (VmRSS from /proc/PID/status) every
# INTERVAL seconds; prints one row per sample, then the growth from the warm-up sample (the first at
# or after WARMUP seconds) to the last: a process without a leak stays flat after warm-up.
#
#   tests/bench/soak_rss.sh [-i INTERVAL] [-w WARMUP] -- COMMAND [ARGS...]
#   tests/bench/soak_rss.sh -- build/release/app/rankscope --headless --preset default \
#       --steps 1000000 --metrics-every 100 --out /tmp/soak
#
# Defaults: INTERVAL 10 s, WARMUP 60 s. The exit status is the command's.
set -eu

interval=10
warmup=60
while [ $# -gt 0 ]; do
    case "$1" in
    -i) interval=$2; shift 2 ;;
    -w) warmup=$2; shift 2 ;;
    --) shift; break ;;
    *) break ;;
    esac
done
[ $# -gt 0 ] || { echo "usage: $0 [-i INTERVAL] [-w WARMUP] -- COMMAND [ARGS...]" >&2; exit 2; }

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

"$@" &
pid=$!
start=$(date +%s)
warm_kb=""
last_kb=""
printf '%8s %10s\n' "elapsed_s" "rss_MB"
while kill -0 "$pid" 2>/dev/null; do
    kb=$(rss_kb "$pid")
    [ -n "$kb" ] || break
    elapsed=$(( $(date +%s) - start ))
    awk -v e="$elapsed" -v kb="$kb" 'BEGIN { printf "%8d %10.1f\n", e, kb / 1024 }'
    last_kb=$kb
    if [ -z "$warm_kb" ] && [ "$elapsed" -ge "$warmup" ]; then warm_kb=$kb; fi
    sleep "$interval"
done
status=0
wait "$pid" || status=$?
elapsed=$(( $(date +%s) - start ))
echo "command exited with status $status after ${elapsed} s"
if [ -n "$warm_kb" ] && [ -n "$last_kb" ]; then
    echo "$warm_kb $last_kb $warmup" | awk '{ printf "RSS after warm-up (%d s): %.1f MB, at the end: %.1f MB, growth %+.1f%%\n", $3, $1 / 1024, $2 / 1024, 100 * ($2 - $1) / $1 }'
else
    echo "the command ended before the warm-up (${warmup} s): no growth figure"
fi
exit "$status"
