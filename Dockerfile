# syntax=docker/dockerfile:1
# callharness in a small static image: the mock, the contract suite, the
# load scenarios and the reports in one binary, run as a non-root user.
#
#   docker build -t callharness --build-arg VERSION=v0.1.0 .
#   docker run --rm -p 8080:8080 callharness                      # the mock
#   docker run --rm -v "$PWD/out:/reports" callharness run --out /reports/latest

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" \
      -o /out/callharness ./cmd/callharness \
 && mkdir -p /out/reports

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/callharness /usr/local/bin/callharness
# The report directory, owned by the image's non-root user (65532), so that a
# named volume mounted there is writable.
COPY --from=build --chown=65532:65532 /out/reports /reports
USER 65532:65532
WORKDIR /reports
EXPOSE 8080
ENTRYPOINT ["callharness"]
# In a container the mock must listen on every interface, not loopback.
CMD ["mock", "--addr", "0.0.0.0:8080"]
