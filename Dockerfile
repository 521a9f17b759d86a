# One image for the three Crescent apps; the compose file picks the entry point.
# Built the same way as from a checkout: npm ci, then npm run build.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The bundled history and outages the CLI's backtest reads (found next to package.json).
COPY data ./data
USER node
# Overridden per service in docker-compose.yml. The heap cap is every app's memory budget
# (libs/config/src/app-node-args.ts).
CMD ["node", "--max-old-space-size=256", "dist/apps/api/src/main.js"]
