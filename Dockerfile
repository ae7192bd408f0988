# syntax=docker/dockerfile:1
#
# JourneyGraph API image: a static Go binary on distroless (no shell, no
# package manager, runs as the unprivileged "nonroot" user, uid 65532).
#
#   docker build -t journeygraph .
#   docker run --rm -p 127.0.0.1:8080:8080 -e NEO4J_URI=bolt://host:7687 journeygraph
#
# docker-compose.yml beside this file runs it together with Neo4j.
# BuildKit is required for the cache mount (the default builder since Docker 23).

# go.mod says `go 1.26.8`; the golang image sets GOTOOLCHAIN=local, so the image
# must be at least that patch release (the 1.26 tag tracks the newest 1.26.x).
ARG GO_VERSION=1.26

FROM golang:${GO_VERSION} AS build
WORKDIR /src

# Modules first: this layer is rebuilt only when go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download

COPY . .
# CGO_ENABLED=0 gives a statically linked binary that needs no libc, so it runs
# on distroless/static. The Cypher files under store/ are embedded (go:embed).
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/journeygraph ./cmd/journeygraph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/journeygraph /journeygraph
USER nonroot:nonroot
# Inside a container the API must listen on all interfaces; the default
# (127.0.0.1:8080) would be unreachable through a published port.
ENV JOURNEYGRAPH_LISTEN_ADDR=0.0.0.0:8080
EXPOSE 8080
# No HEALTHCHECK: the image has no shell, curl or wget, and journeygraph has no
# self-probe subcommand. Probe /healthz (liveness) and /readyz (Neo4j reachable)
# from outside, e.g. from an orchestrator's HTTP probes.
ENTRYPOINT ["/journeygraph"]
CMD ["serve"]
