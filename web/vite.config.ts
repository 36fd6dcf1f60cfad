import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));

// The web app's own build: sources in web/, output in web/dist (served by the API, see web/server.ts).
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: { proxy: { '/municipalities': 'http://127.0.0.1:8080', '/dev': 'http://127.0.0.1:8080' } },
});
