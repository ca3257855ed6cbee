#!/bin/sh
# Readiness, liveness and preStop drain for a guacd pod.
#
# The stock guacamole/guacd image is Alpine with busybox: this script needs nothing but a POSIX
# shell, sleep, date, rm and /proc. It never opens a connection to guacd, so probes neither show
# up as sessions nor make guacd log protocol errors.
#
# usage: guacd-drain.sh MODE
#   ready    exit 0 when guacd listens on its port and the pod is not draining (readiness probe)
#   live     exit 0 when guacd listens on its port, draining or not (liveness probe)
#   count    print how many client connections to guacd's port are established
#   drain    mark the pod as draining (readiness fails from then on, so the pod leaves the
#            headless Service and the SRV answer), then wait until no client connection is left,
#            the cap has passed, or the drain is forced (preStop hook)
#   force    end a running drain now; the sessions still open end when the pod stops
#   undrain  remove the draining mark; the pod becomes ready again
#
# environment (all optional):
#   DRAIN_PORT            guacd's port                                          (4822)
#   DRAIN_MARKER          absolute path of the file that means "draining"       (/run/guacd-drain/draining)
#                         "$DRAIN_MARKER.force" is the file that forces an end
#   DRAIN_MAX_SECONDS     the cap: longest wait for the last session to end     (3600)
#   DRAIN_SETTLE_SECONDS  shortest wait, even with no session: covers the time  (0)
#                         a stale SRV answer may still send a new user here
#   DRAIN_POLL_SECONDS    time between two looks at /proc                       (2)
#   DRAIN_REPORT_SECONDS  time between two progress lines when nothing changes  (30)
#   DRAIN_PROC            where the proc file system is mounted                 (/proc)
#   DRAIN_LOG             file that also receives progress lines; guacd's own   (/proc/1/fd/1)
#                         output by default, so `kubectl logs` shows the drain; empty for none

PORT=${DRAIN_PORT:-4822}
MARKER=${DRAIN_MARKER:-/run/guacd-drain/draining}
MAX=${DRAIN_MAX_SECONDS:-3600}
SETTLE=${DRAIN_SETTLE_SECONDS:-0}
POLL=${DRAIN_POLL_SECONDS:-2}
REPORT=${DRAIN_REPORT_SECONDS:-30}
PROC=${DRAIN_PROC:-/proc}
LOG=${DRAIN_LOG-/proc/1/fd/1}
FORCE="$MARKER.force"

say() {
    line="guacd-drain: $*"
    echo "$line"
    if [ -n "$LOG" ]; then
        { echo "$line" >>"$LOG"; } 2>/dev/null || :
    fi
}

fail_usage() {
    echo "guacd-drain: $*" >&2
    exit 2
}

# Prints $2 without leading zeros (shell arithmetic would read them as octal) when it is a whole
# number from $3 to $4; otherwise names the variable $1 and what it accepts, and fails.
number() {
    case $2 in
        '' | *[!0-9]*) fail_usage "$1=\"$2\" is not accepted: a whole number from $3 to $4" ;;
    esac
    digits=$2
    while [ "${#digits}" -gt 1 ] && [ "${digits#0}" != "$digits" ]; do digits=${digits#0}; done
    if [ "${#digits}" -gt 9 ] || [ "$digits" -lt "$3" ] || [ "$digits" -gt "$4" ]; then
        fail_usage "$1=\"$2\" is not accepted: a whole number from $3 to $4"
    fi
    echo "$digits"
}

PORT=$(number DRAIN_PORT "$PORT" 1 65535) || exit 2
MAX=$(number DRAIN_MAX_SECONDS "$MAX" 0 604800) || exit 2
SETTLE=$(number DRAIN_SETTLE_SECONDS "$SETTLE" 0 604800) || exit 2
POLL=$(number DRAIN_POLL_SECONDS "$POLL" 1 60) || exit 2
REPORT=$(number DRAIN_REPORT_SECONDS "$REPORT" 1 86400) || exit 2
case $MARKER in
    /*) ;;
    *) fail_usage "DRAIN_MARKER=\"$MARKER\" is not accepted: an absolute file path" ;;
esac

# /proc/net/tcp{,6} write the local port as four upper-case hex digits after the last ':'.
PORT_HEX=$(printf '%04X' "$PORT")

# Prints how many sockets in the given state (01 established, 0A listening) have guacd's port as
# their local port. Sockets on either side of a connection are listed once per side: only the
# guacd side has the port as its local port, so outgoing connections never count.
# Fails when neither table can be read.
sockets_in_state() {
    found=0
    readable=no
    for table in "$PROC/net/tcp" "$PROC/net/tcp6"; do
        [ -r "$table" ] || continue
        readable=yes
        while read -r _slot local _remote state _rest; do
            [ "$state" = "$1" ] || continue
            [ "${local##*:}" = "$PORT_HEX" ] || continue
            found=$((found + 1))
        done <"$table"
    done
    [ "$readable" = yes ] || return 1
    echo "$found"
}

established() {
    sockets_in_state 01
}

listening() {
    listeners=$(sockets_in_state 0A) || return 1
    [ "$listeners" -gt 0 ]
}

# Seconds since the epoch; busybox and GNU date both know %s. Without it, the loop counts its own
# sleeps instead, which can only make the wait longer than the cap, never shorter.
now() {
    stamp=$(date +%s 2>/dev/null)
    case $stamp in
        '' | *[!0-9]*) echo "$slept" ;;
        *) echo "$stamp" ;;
    esac
}

drain() {
    mkdir -p "${MARKER%/*}" 2>/dev/null
    rm -f "$FORCE"
    if ! : >"$MARKER"; then
        say "cannot create $MARKER: readiness keeps passing, but the drain waits for the sessions anyway"
    fi
    say "draining: readiness fails from now on; waiting up to ${MAX}s for the connections on port $PORT to end"
    slept=0
    start=$(now)
    last_count=
    last_report=0
    while :; do
        elapsed=$(($(now) - start))
        if ! count=$(established); then
            count=unknown
        fi
        if [ -e "$FORCE" ]; then
            say "forced after ${elapsed}s: $count connection(s) still open end when guacd stops"
            return 0
        fi
        # /proc/net/tcp is read page by page without a snapshot: a read racing busy sockets can miss
        # an entry, so an empty read is confirmed by a second one before the drain ends.
        if [ "$count" = 0 ] && ! count=$(established); then
            count=unknown
        fi
        if [ "$count" = 0 ] && [ "$elapsed" -ge "$SETTLE" ]; then
            say "no connection left after ${elapsed}s: guacd may stop"
            return 0
        fi
        if [ "$elapsed" -ge "$MAX" ]; then
            say "cap of ${MAX}s reached: $count connection(s) still open end when guacd stops"
            return 0
        fi
        if [ "$count" != "$last_count" ] || [ $((elapsed - last_report)) -ge "$REPORT" ]; then
            if [ "$count" = unknown ]; then
                say "cannot read $PROC/net/tcp or $PROC/net/tcp6; waiting for the cap (${elapsed}s of ${MAX}s)"
            else
                say "$count connection(s) still open on port $PORT after ${elapsed}s (cap ${MAX}s)"
            fi
            last_count=$count
            last_report=$elapsed
        fi
        sleep "$POLL"
        slept=$((slept + POLL))
    done
}

case $1 in
    ready)
        if [ -e "$MARKER" ]; then
            echo "guacd-drain: not ready: draining ($MARKER exists)"
            exit 1
        fi
        if ! listening; then
            echo "guacd-drain: not ready: nothing listens on port $PORT"
            exit 1
        fi
        ;;
    live)
        if ! listening; then
            echo "guacd-drain: not alive: nothing listens on port $PORT"
            exit 1
        fi
        ;;
    count)
        if ! established; then
            echo "guacd-drain: cannot read $PROC/net/tcp or $PROC/net/tcp6" >&2
            exit 3
        fi
        ;;
    drain)
        drain
        ;;
    force)
        : >"$FORCE" || exit 1
        say "drain forced: it ends at its next look (within ${POLL}s)"
        ;;
    undrain)
        rm -f "$MARKER" "$FORCE" || exit 1
        say "undrained: readiness passes again while guacd listens on port $PORT"
        ;;
    *)
        fail_usage "unknown mode \"$1\"; accepted: ready, live, count, drain, force, undrain"
        ;;
esac
