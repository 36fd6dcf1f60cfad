# The arshjul app processes (api, worker, relay, projections, mail sender): one image, one command each.
# docker-compose.yml builds it and runs every process as its own service.
FROM node:20-bookworm-slim
WORKDIR /app
# A real deployment sets NODE_ENV=production (development tokens refused) and its OpenID provider.
COPY package.json package-lock.json ./
# tsx runs the TypeScript sources directly (no build step), so the dev dependencies stay in.
RUN npm ci --include=dev --ignore-scripts && npm cache clean --force
COPY . .
ENTRYPOINT ["node", "--import", "tsx", "cli/main.ts"]
CMD ["--help"]
