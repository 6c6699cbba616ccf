# The obsbench image, built from this repository: `docker build -t obsbench:0.1.0 .`
# (stack/kubernetes/ runs it as an Indexed Job of shards, then a merge Job).
# Shards send to endpoints outside the pod, so the image has no Go toolchain and no managed
# backends: `obsbench stack install` is not for this image.

FROM node:20-bookworm-slim AS build
# zstd-napi compiles its addon from source where no prebuilt binary fits the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
# What obsbench reads at run time besides its compiled code: package.json (the version in every
# result; the package root is found by it), the HTML report's CSS and script, the stack/ config
# templates and version pins, and the example scenarios.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY src/reporters/html/page.css src/reporters/html/client.js ./src/reporters/html/
COPY stack ./stack
COPY scenarios ./scenarios
# The base image's `node` user, by number so that Kubernetes' runAsNonRoot can check it.
USER 1000:1000
ENTRYPOINT ["node", "dist/src/cli/main.js"]
CMD ["--help"]
