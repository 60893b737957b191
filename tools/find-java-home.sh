# Sourced by run-local.sh and .ci/run: prints the home of a JDK >= 21 (JAVA_HOME if it is one,
# else a known install, else the java on the PATH) or returns 1.
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
find_java_home() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 \
                   /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate/bin/java")" -ge 21 ] 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  if command -v javac >/dev/null && [ "$(java_major java)" -ge 21 ] 2>/dev/null; then
    dirname "$(dirname "$(readlink -f "$(command -v javac)")")"; return 0
  fi
  return 1
}
