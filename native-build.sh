#!/usr/bin/env bash
# Builds payroute's native executable (target/payroute-*-runner) and, with --image, its container
# image (payroute:<version>). The production build: no simulator, no dev seeds.
#
#   ./native-build.sh            native executable
#   ./native-build.sh --image    native executable + image from src/main/docker/Dockerfile.native
#
# Uses GraalVM or Mandrel when native-image is on the PATH (or GRAALVM_HOME is set); otherwise,
# with Docker or Podman, Quarkus builds inside its Mandrel builder image.
set -euo pipefail
cd "$(dirname "$0")"

IMAGE=false
[ "${1:-}" = "--image" ] && IMAGE=true

runtime=""
if docker info >/dev/null 2>&1; then runtime=docker
elif podman info >/dev/null 2>&1; then runtime=podman
fi

if command -v native-image >/dev/null 2>&1 || [ -x "${GRAALVM_HOME:-/nonexistent}/bin/native-image" ]; then
  echo "native-build: using the local native-image ($(command -v native-image || echo "$GRAALVM_HOME/bin/native-image"))"
  ./mvnw -B package -Dnative -DskipTests
elif [ -n "$runtime" ]; then
  echo "native-build: no local GraalVM/Mandrel; building inside Quarkus's Mandrel builder image with $runtime"
  ./mvnw -B package -Dnative -DskipTests -Dquarkus.native.container-build=true \
    -Dquarkus.native.container-runtime="$runtime"
else
  cat >&2 <<'MSG'
native-build: cannot build a native executable on this machine.
  Neither GraalVM/Mandrel (native-image on the PATH or GRAALVM_HOME) nor a container runtime
  (Docker or Podman) is available. Either:
    - install Mandrel or GraalVM for JDK 17+ and put native-image on the PATH, or
    - run this script where Docker/Podman works (Quarkus then builds in a Mandrel container).
  The JVM build needs neither: ./mvnw package, image from src/main/docker/Dockerfile.jvm.
MSG
  exit 2
fi

if $IMAGE; then
  [ -n "$runtime" ] || { echo "native-build: --image needs Docker or Podman" >&2; exit 2; }
  version=$(./mvnw -q help:evaluate -Dexpression=project.version -DforceStdout)
  "$runtime" build -f src/main/docker/Dockerfile.native -t "payroute:$version" .
  echo "native-build: image payroute:$version"
fi
