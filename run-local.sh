#!/usr/bin/env bash
# Runs the whole Callwire suite on this machine: embedded PostgreSQL and AMQP broker, the four
# services and the simulator's demo traffic. Needs only a JDK >= 21. Ctrl+C stops everything.
#   ./run-local.sh [--no-simulator] [--rate N] [--replicas N] [--no-build] [--help]
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

# --- a JDK >= 21
. tools/find-java-home.sh
if ! JAVA_HOME=$(find_java_home); then
  echo "run-local: needs a JDK 21 or newer; set JAVA_HOME to one" >&2
  exit 1
fi
export JAVA_HOME

case " $* " in *" --help "*) exec "$JAVA_HOME/bin/java" -cp "local-launcher/target/local-launcher.jar" \
  io.callwire.launcher.LocalLauncher --help 2>/dev/null || { echo "Usage: ./run-local.sh [--no-simulator] [--rate N]"; exit 0; } ;; esac

# --- one run per data directory: a second start must neither rebuild the jars under a running suite
# nor mistake its processes for leftovers. flock holds for as long as this shell or the launcher
# (which inherits the descriptor) lives; the services it starts do not inherit it.
DATA_DIR=${CALLWIRE_DATA_DIR:-$ROOT/.callwire-data}
PIDS="$DATA_DIR/run/pids"
mkdir -p "$DATA_DIR/run"
exec 9>>"$DATA_DIR/run/lock"
if ! flock -n 9; then
  echo "run-local: Callwire is already running from $DATA_DIR (launcher pid $(cat "$DATA_DIR/run/launcher" 2>/dev/null || echo unknown))." >&2
  echo "run-local: stop that run first (Ctrl+C in its terminal), or start this one with its own CALLWIRE_DATA_DIR and ports." >&2
  exit 1
fi
echo $$ > "$DATA_DIR/run/launcher"

# --- options the script itself takes; the rest go to the launcher
build=true
replicas=1
launcher_args=()
previous=
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    *) launcher_args+=("$arg") ;;
  esac
  if [ "$previous" = "--replicas" ]; then replicas=$arg; fi
  previous=$arg
done

# --- build what is missing or older than its sources
artifacts=(auth-service/target/quarkus-app/quarkus-run.jar subscription-service/target/quarkus-app/quarkus-run.jar
           notifier-service/target/quarkus-app/quarkus-run.jar admin-ui/target/quarkus-app/quarkus-run.jar
           local-launcher/target/local-launcher.jar)
needs_build=false
for artifact in "${artifacts[@]}"; do
  if [ ! -f "$artifact" ]; then
    $build || { echo "run-local: $artifact is missing; run without --no-build" >&2; exit 1; }
    needs_build=true
  elif $build && [ -n "$(find . -path ./.callwire-data -prune -o -path '*/target' -prune -o \
        \( -path '*/src/main/*' -o -name pom.xml \) -type f -newer "$artifact" -print -quit 2>/dev/null)" ]; then
    needs_build=true   # older than any module's sources or POM
  fi
done
if $needs_build; then
  echo "run-local: building (./mvnw -B -q package -DskipTests) ..."
  ./mvnw -B -q package -DskipTests
  touch "${artifacts[@]}"   # an unchanged module keeps its old jar; it is up to date all the same
fi

# --- several replicas run against a standalone Apache Artemis broker: its distribution from Maven
# Central, unpacked once into the data directory (never installed anywhere else)
ARTEMIS_VERSION=2.40.0
if [ "$replicas" != 1 ] && [ -z "${CALLWIRE_ARTEMIS_HOME:-}" ]; then
  CALLWIRE_ARTEMIS_HOME="$DATA_DIR/apache-artemis-$ARTEMIS_VERSION"
  if [ ! -f "$CALLWIRE_ARTEMIS_HOME/bin/artemis" ]; then
    echo "run-local: fetching Apache Artemis $ARTEMIS_VERSION into $DATA_DIR (once) ..."
    ./mvnw -B -q -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack -Dartifact="org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:zip:bin" \
      -DoutputDirectory="$DATA_DIR" -DmarkersDirectory="$DATA_DIR/run/markers" -Dmdep.overWriteReleases=true
  fi
  chmod +x "$CALLWIRE_ARTEMIS_HOME"/bin/*   # the zip does not keep the executable bits
  export CALLWIRE_ARTEMIS_HOME
fi

# --- start; whatever happens, leave no process behind
cleanup() {
  # the launcher stops everything itself on Ctrl+C/SIGTERM; this catches what a killed launcher left
  if [ -f "$PIDS" ]; then
    while read -r pid name; do
      if kill -0 "$pid" 2>/dev/null; then
        echo "run-local: stopping leftover $name (pid $pid)" >&2
        kill "$pid" 2>/dev/null || true
      fi
    done < "$PIDS"
    rm -f "$PIDS"
  fi
}
cleanup   # a previous run that was killed (it no longer holds the lock, so nothing of it is alive but these)
trap 'kill -TERM "$launcher" 2>/dev/null; wait "$launcher" 2>/dev/null; cleanup' INT TERM
trap cleanup EXIT

# the embedded broker's Netty uses sun.misc.Unsafe and native access; JDK 24+ warns unless allowed
java_flags=()
if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
  java_flags+=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
fi
"$JAVA_HOME/bin/java" "${java_flags[@]}" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dcallwire.root="$ROOT" -jar local-launcher/target/local-launcher.jar ${launcher_args[@]+"${launcher_args[@]}"} &
launcher=$!
wait "$launcher"
