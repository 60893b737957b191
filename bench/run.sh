#!/usr/bin/env bash
# Callwire benchmarks: builds what it needs, starts the services, the peers and the ceiling, runs a
# scenario for a bounded time, stops everything it started (also on failure and Ctrl+C) and writes
# bench/results/<scenario>.{json,md}, <scenario>-latency.svg and summary.json. See bench/README.md.
#   ./bench/run.sh [fanout|webhooks|tokens|footprint|all] [--scale=smoke] [--no-peers] [--key=value ...]
#   ./bench/run.sh soak [--minutes=30] [--connections=10000] [--key=value ...]   (the soak: not part of all)
set -euo pipefail
{ # the whole script is read before it runs, so editing it during a run cannot break that run
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK="$ROOT/bench/.work"
KEYCLOAK_VERSION=26.7.3

usage() { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; }
scenario=${1:-all}
case "$scenario" in
  fanout|webhooks|tokens|footprint|all|soak) [ $# -gt 0 ] && shift ;;
  -h|--help) usage; exit 0 ;;
  --*) scenario=all ;;
  *) echo "bench: unknown scenario '$scenario'" >&2; usage >&2; exit 2 ;;
esac
peers=true
args=()
for arg in "$@"; do
  case "$arg" in
    # after a scenario too: a run must never start when only the usage was asked for
    -h|--help) usage; echo "Options: bench/README.md"; exit 0 ;;
    --no-peers) peers=false ;;
    *) args+=("$arg") ;;
  esac
done

. tools/find-java-home.sh
if ! JAVA_HOME=$(find_java_home); then
  echo "bench: needs a JDK 21 or newer; set JAVA_HOME to one" >&2
  exit 1
fi
export JAVA_HOME
mkdir -p "$WORK/logs"
rm -rf "$WORK"/infra-*   # throw-away databases and broker journals of earlier runs

# --- everything started here is stopped here, whatever happens
bench_pid= ; rabbit_pid= ; keycloak_pid= ; epmd_port=
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true; wait "$bench_pid" 2>/dev/null || true
  fi
  if [ -n "$keycloak_pid" ] && kill -0 "$keycloak_pid" 2>/dev/null; then
    echo "bench: stopping Keycloak (pid $keycloak_pid)"
    kill -TERM "$keycloak_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$keycloak_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$keycloak_pid" 2>/dev/null || true
  fi
  if [ -n "$rabbit_pid" ] && kill -0 "$rabbit_pid" 2>/dev/null; then
    echo "bench: stopping RabbitMQ (pid $rabbit_pid)"
    rabbit_env rabbitmqctl -n "$RABBITMQ_NODENAME" stop >/dev/null 2>&1 || kill -TERM "$rabbit_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$rabbit_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$rabbit_pid" 2>/dev/null || true
  fi
  if [ -n "$epmd_port" ]; then
    ERL_EPMD_PORT=$epmd_port epmd -kill >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
trap 'echo "bench: interrupted" >&2; exit 130' INT TERM

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}
await_port() { # port seconds pid
  for _ in $(seq 1 "$2"); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    kill -0 "$3" 2>/dev/null || return 1
    sleep 1
  done
  return 1
}

# --- build what is missing or older than its sources (package only: never install into ~/.m2)
artifacts=(auth-service/target/quarkus-app/quarkus-run.jar subscription-service/target/quarkus-app/quarkus-run.jar
           notifier-service/target/quarkus-app/quarkus-run.jar benchmarks/target/benchmarks.jar)
needs_build=false
for artifact in "${artifacts[@]}"; do
  if [ ! -f "$artifact" ] || [ -n "$(find . -path ./bench -prune -o -path ./.callwire-data -prune -o -path '*/target' -prune -o \
        \( -path '*/src/main/*' -o -name pom.xml \) -type f -newer "$artifact" -print -quit 2>/dev/null)" ]; then
    needs_build=true
  fi
done
if $needs_build; then
  echo "bench: building (./mvnw -B -q package -DskipTests) ..."
  # the application directories are written afresh: a reactor package once left in notifier-service's lib/ the
  # service-support jar of an earlier single-module build (taken from ~/.m2), so a service can run an older sibling
  rm -rf auth-service/target/quarkus-app subscription-service/target/quarkus-app notifier-service/target/quarkus-app
  ./mvnw -B -q package -DskipTests
  touch "${artifacts[@]}"
fi

# --- RabbitMQ from Debian with Web-STOMP, a node of its own on loopback, data under bench/.work
rabbit_env() {
  env HOME="$WORK/rabbitmq" RABBITMQ_NODENAME="$RABBITMQ_NODENAME" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$rabbit_amqp_port" RABBITMQ_DIST_PORT="$rabbit_dist_port" ERL_EPMD_PORT="$epmd_port" \
    ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_MNESIA_BASE="$WORK/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$WORK/rabbitmq/log" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$WORK/rabbitmq/enabled_plugins" RABBITMQ_CONFIG_FILE="$WORK/rabbitmq/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$WORK/rabbitmq/advanced.config" RABBITMQ_PID_FILE="$WORK/rabbitmq/rabbit.pid" \
    ERL_CRASH_DUMP="$WORK/rabbitmq/erl_crash.dump" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    PATH="/usr/lib/rabbitmq/bin:$PATH" "$@"
}
start_rabbitmq() {
  if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "bench: RabbitMQ is not installed; as root: apt-get install -y rabbitmq-server (or run with --no-peers)" >&2; exit 1
    fi
    echo "bench: installing RabbitMQ (apt-get install -y rabbitmq-server) ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q rabbitmq-server >"$WORK/logs/apt-rabbitmq.log" 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q rabbitmq-server >>"$WORK/logs/apt-rabbitmq.log" 2>&1; }
  fi
  rm -rf "$WORK/rabbitmq"; mkdir -p "$WORK/rabbitmq"
  rabbit_amqp_port=$(free_port); rabbit_stomp_port=$(free_port); rabbit_dist_port=$(free_port); epmd_port=$(free_port)
  RABBITMQ_NODENAME="callwire-bench-$$@localhost"
  echo "[rabbitmq_web_stomp]." > "$WORK/rabbitmq/enabled_plugins"
  echo "[]." > "$WORK/rabbitmq/advanced.config"
  cat > "$WORK/rabbitmq/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$rabbit_amqp_port
web_stomp.tcp.ip = 127.0.0.1
web_stomp.tcp.port = $rabbit_stomp_port
stomp.listeners.tcp = none
loopback_users.guest = true
CONF
  echo "bench: starting RabbitMQ $(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null) (AMQP 127.0.0.1:$rabbit_amqp_port, Web-STOMP 127.0.0.1:$rabbit_stomp_port)"
  rabbit_env rabbitmq-server >"$WORK/logs/rabbitmq.log" 2>&1 &
  rabbit_pid=$!
  if ! await_port "$rabbit_stomp_port" 120 "$rabbit_pid"; then
    echo "bench: RabbitMQ did not start; see $WORK/logs/rabbitmq.log" >&2; exit 1
  fi
  # the beam process (the script execs erl, which execs beam.smp)
  local beam; beam=$(cat "$WORK/rabbitmq/rabbit.pid" 2>/dev/null || true)
  [ -n "$beam" ] && rabbit_pid=$beam
  args+=("--rabbit-amqp-port=$rabbit_amqp_port" "--rabbit-stomp-port=$rabbit_stomp_port" "--rabbit-pid=$rabbit_pid")
}

# --- Keycloak from Maven Central (start-dev, embedded H2) on loopback
start_keycloak() {
  local home="$WORK/peers/keycloak-$KEYCLOAK_VERSION"
  if [ ! -x "$home/bin/kc.sh" ]; then
    echo "bench: fetching org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip (./mvnw dependency:copy) ..."
    ./mvnw -B -q -N dependency:copy -Dartifact=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip \
      -DoutputDirectory="$WORK/peers"
    (cd "$WORK/peers" && "$JAVA_HOME/bin/jar" xf "keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip") \
      || (cd "$WORK/peers" && unzip -q -o "keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip")
    chmod +x "$home"/bin/*.sh
  fi
  local port; port=$(free_port)
  local management; management=$(free_port)
  local password; password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  rm -rf "$home/data"
  echo "bench: starting Keycloak $KEYCLOAK_VERSION (start-dev, 127.0.0.1:$port) ..."
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="$password" \
    "$home/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$port" --http-management-port="$management" \
    --log-level=warn >"$WORK/logs/keycloak.log" 2>&1 &
  keycloak_pid=$!
  local started; started=$(date +%s)
  until curl -sf -o /dev/null "http://127.0.0.1:$port/realms/master"; do
    kill -0 "$keycloak_pid" 2>/dev/null || { echo "bench: Keycloak exited; see $WORK/logs/keycloak.log" >&2; exit 1; }
    [ $(( $(date +%s) - started )) -lt 480 ] || { echo "bench: Keycloak not ready within 480 s; see $WORK/logs/keycloak.log" >&2; exit 1; }
    sleep 1
  done
  echo "bench: Keycloak ready in $(( $(date +%s) - started )) s"
  args+=("--keycloak-url=http://127.0.0.1:$port" "--keycloak-admin-password=$password" "--keycloak-pid=$keycloak_pid")
}

if $peers; then
  case "$scenario" in fanout|all) start_rabbitmq ;; esac
  case "$scenario" in tokens|all) start_keycloak ;; esac
fi

commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no -- . ':!bench/results' 2>/dev/null)" ]; then commit="$commit+dirty"; fi
# the embedded broker's Netty uses sun.misc.Unsafe and native access; JDK 24+ warns unless allowed
java_flags=(-Xmx2g -Djava.util.logging.manager=org.jboss.logmanager.LogManager)
if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
  java_flags+=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
fi
"$JAVA_HOME/bin/java" "${java_flags[@]}" -jar benchmarks/target/benchmarks.jar "$scenario" --root="$ROOT" --commit="$commit" "${args[@]}" &
bench_pid=$!
wait "$bench_pid"
exit
}
