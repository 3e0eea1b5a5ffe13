#!/usr/bin/env bash
# Runs a Heimdall node from a built source tree (mvn -B -DskipTests package).
#   bin/standalone.sh start        start in the background (pid file), wait until the node is ready
#   bin/standalone.sh start -fg    run in the foreground, logging to the console as well
#   bin/standalone.sh stop         SIGTERM, wait up to STOP_WAIT_SECONDS, then SIGKILL
#   bin/standalone.sh restart      stop, then start
# Environment: DATA_DIR, LOG_DIR, CONF_FILE, JVM_HEAP_OPTS, EXTRA_JVM_OPTS, PID_FILE, PLUGIN_DIR,
#              START_WAIT_SECONDS (120), STOP_WAIT_SECONDS (30), JAVA_HOME.
set -euo pipefail

BASE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
DATA_DIR="$(absolute "${DATA_DIR:-$BASE_DIR/data}")"
LOG_DIR="$(absolute "${LOG_DIR:-$BASE_DIR/logs}")"
CONF_FILE="$(absolute "${CONF_FILE:-$BASE_DIR/conf/standalone.yml}")"
LOGBACK_FILE="$(absolute "${LOGBACK_FILE:-$BASE_DIR/conf/logback.xml}")"
PID_FILE="$(absolute "${PID_FILE:-$DATA_DIR/heimdall.pid}")"
PLUGIN_DIR="$(absolute "${PLUGIN_DIR:-$BASE_DIR/plugins}")"
JVM_HEAP_OPTS="${JVM_HEAP_OPTS:--Xms256m -Xmx1g}"
EXTRA_JVM_OPTS="${EXTRA_JVM_OPTS:-}"
START_WAIT_SECONDS="${START_WAIT_SECONDS:-120}"
STOP_WAIT_SECONDS="${STOP_WAIT_SECONDS:-30}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
MAIN_CLASS=io.heimdall.standalone.StandaloneStarter
READY_MARK="Heimdall node ready"
TARGET="$BASE_DIR/standalone/target"
LOG_FILE="$LOG_DIR/heimdall.log"
OUT_FILE="$LOG_DIR/stdout.log"

die() { echo "$*" >&2; exit 1; }

# The pid in the pid file, if that process is alive and is a Heimdall node.
running_pid() {
  local pid state
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(tr -dc '0-9' < "$PID_FILE")"
  [[ -n "$pid" ]] || return 1
  state="$(ps -o stat= -p "$pid" 2>/dev/null || true)"
  [[ -n "$state" && "$state" != Z* ]] || return 1
  ps -ww -o args= -p "$pid" 2>/dev/null | grep -q "$MAIN_CLASS" || return 1
  echo "$pid"
}

alive() {
  local state
  state="$(ps -o stat= -p "$1" 2>/dev/null || true)"
  [[ -n "$state" && "$state" != Z* ]]
}

java_command() {
  local jar
  jar="$(ls "$TARGET"/standalone-*.jar 2>/dev/null | grep -v -e '-sources' -e '-tests' | head -n 1 || true)"
  [[ -n "$jar" && -d "$TARGET/lib" && -f "$TARGET/jvm.opens" ]] \
    || die "Heimdall is not built: run 'mvn -B -DskipTests package' in $BASE_DIR first"
  [[ -f "$CONF_FILE" ]] || die "configuration file not found: $CONF_FILE"
  # shellcheck disable=SC2206 # word splitting of the option strings is intended
  CMD=("$JAVA" $JVM_HEAP_OPTS $(cat "$TARGET/jvm.opens") -XX:+ExitOnOutOfMemoryError
    "-Dheimdall.conf=$CONF_FILE" "-Dheimdall.data.dir=$DATA_DIR" "-Dheimdall.plugin.dir=$PLUGIN_DIR"
    "-DLOG_DIR=$LOG_DIR" "-DCONSOLE_LOG_LEVEL=$1" "-Dlogback.configurationFile=$LOGBACK_FILE"
    -Dhazelcast.logging.type=slf4j -Dhazelcast.phone.home.enabled=false
    $EXTRA_JVM_OPTS -cp "$jar:$TARGET/lib/*" "$MAIN_CLASS" "$CONF_FILE")
}

size_of() { stat -c %s "$1" 2>/dev/null || echo 0; }

start() {
  local pid
  if pid="$(running_pid)"; then
    die "Heimdall is already running (pid $pid, pid file $PID_FILE)"
  fi
  mkdir -p "$DATA_DIR" "$LOG_DIR" "$(dirname "$PID_FILE")"
  if [[ "${1:-}" == "-fg" ]]; then
    java_command TRACE
    echo "$$" > "$PID_FILE"
    exec "${CMD[@]}"
  fi
  java_command OFF
  local log_offset out_offset waited=0
  log_offset="$(size_of "$LOG_FILE")"
  out_offset="$(size_of "$OUT_FILE")"
  nohup "${CMD[@]}" >> "$OUT_FILE" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$PID_FILE"
  echo "Heimdall starting (pid $pid, pid file $PID_FILE); log: $LOG_FILE, stdout/stderr: $OUT_FILE"
  while (( waited < START_WAIT_SECONDS * 2 )); do
    if ! alive "$pid"; then
      rm -f "$PID_FILE"
      echo "Heimdall exited during startup:" >&2
      tail -c +"$((out_offset + 1))" "$OUT_FILE" | tail -n 30 >&2
      exit 1
    fi
    if tail -c +"$((log_offset + 1))" "$LOG_FILE" 2>/dev/null | grep -m 1 "$READY_MARK"; then
      return 0
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  die "Heimdall (pid $pid) is not ready after $START_WAIT_SECONDS s; it keeps starting, see $LOG_FILE"
}

stop() {
  local pid waited=0
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    echo "Heimdall is not running (pid file $PID_FILE)"
    return 0
  fi
  echo "Stopping Heimdall (pid $pid)..."
  kill -TERM "$pid" 2>/dev/null || true
  while alive "$pid" && (( waited < STOP_WAIT_SECONDS * 10 )); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if alive "$pid"; then
    echo "Heimdall (pid $pid) did not stop within $STOP_WAIT_SECONDS s: sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    waited=0
    while alive "$pid" && (( waited < 100 )); do
      sleep 0.1
      waited=$((waited + 1))
    done
    alive "$pid" && die "Heimdall (pid $pid) is still alive after SIGKILL"
    rm -f "$PID_FILE"
    echo "Heimdall killed (pid $pid)"
    return 0
  fi
  rm -f "$PID_FILE"
  echo "Heimdall stopped (pid $pid) in $((waited / 10)).$((waited % 10)) s"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  restart) shift; stop; start "$@" ;;
  *) die "usage: $0 start [-fg] | stop | restart [-fg]" ;;
esac
