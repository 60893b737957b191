#!/usr/bin/env bash
# Token issuance benchmark against the PACKAGED auth-service (not part of `verify`).
# Starts an embedded PostgreSQL and Artemis, launches target/quarkus-app/quarkus-run.jar with the
# local profile, signs in, and drives it with a Vert.x HTTP client on the same machine.
#   auth-service/bench.sh                      # package, then run (64 connections, 10 s warm-up, 30 s)
#   BENCH_OPTS="-Dbench.connections=128 -Dbench.seconds=60" auth-service/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -B -q -pl auth-service package -DskipTests
./mvnw -B -q -pl auth-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec "$JAVA_HOME/bin/java" ${BENCH_OPTS:-} -cp "auth-service/target/test-classes:$(cat auth-service/target/bench.classpath)" \
    io.callwire.auth.bench.TokenBenchmark auth-service/target/quarkus-app/quarkus-run.jar
