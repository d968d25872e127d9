# One image recipe for every app (identity, gateway, claims, towing, repair, rental), built from the
# repository root: docker build -f infra/docker/app.Dockerfile --build-arg APP=claims --build-arg PORT=7001 .
# .dockerignore keeps keys, local state and build output out of the context.
FROM node:22-bookworm-slim AS build
ARG APP
RUN test -n "$APP" || (echo "--build-arg APP=<app> is required" >&2; exit 1)
WORKDIR /repo
RUN npm install -g pnpm@12
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build && pnpm deploy --filter "@claimguard/$APP" --prod /out

FROM node:22-bookworm-slim
ARG PORT=8080
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /out ./
# Key folders, owned by the app user, so that a named volume mounted there starts with that owner:
# /keys (identity, gateway) and /event-keys with its public/ trust store (domain services; in
# compose a private volume at /event-keys and the shared public-key volume at /event-keys/public).
RUN mkdir -p /keys /event-keys/public && chown -R node:node /keys /event-keys
USER node
EXPOSE $PORT
CMD ["node", "--enable-source-maps", "dist/main.js"]
