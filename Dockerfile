# syntax=docker/dockerfile:1
# Selaras, built from this checkout. Stages: `build` (all dependencies, compiles shared + server and
# bundles the client; the compose `contract` service runs the store contract suite in it),
# `prod-deps` (production dependencies only) and the runtime image (non-root, no compilers, no dev
# dependencies). See README.md, "Production with KurrentDB".

# Node 20.19+ (Vite 8, better-sqlite3 12). Bookworm (glibc): better-sqlite3 and the KurrentDB client's
# native bridge ship prebuilt binaries for it.
ARG NODE_IMAGE=node:20.20-bookworm-slim
# The npm this repository's lockfile is made with; the image's npm 10 does not install Vite 8.
ARG NPM_VERSION=11.19.1

FROM ${NODE_IMAGE} AS base
ARG NPM_VERSION
# Compilers only for a native addon without a prebuilt binary for this platform (node-gyp fallback).
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/* \
  && npm install -g "npm@${NPM_VERSION}"
WORKDIR /app
# The manifests alone first, so dependency layers are cached until they change.
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
COPY test/package.json test/
COPY bench/package.json bench/

FROM base AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json jest.config.js ./
COPY shared shared
COPY server server
COPY client client
RUN npm run build

FROM base AS prod-deps
RUN npm ci --omit=dev --no-audit --no-fund --workspace @selaras/server --workspace @selaras/shared

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    SELARAS_DATA_DIR=/var/lib/selaras
WORKDIR /app
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/shared/package.json shared/
COPY --from=build /app/shared/dist shared/dist
COPY --from=build /app/shared/nomenclature shared/nomenclature
COPY --from=build /app/server/package.json server/
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/client/dist client/dist
# The data directory holds board snapshots (a cache) and, with SQLite, the event store itself.
RUN mkdir -p /var/lib/selaras && chown node:node /var/lib/selaras
USER node
VOLUME ["/var/lib/selaras"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server/dist/main.js"]
