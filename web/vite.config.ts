import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Root is this folder whichever directory vite is started from (`vite build web` runs from the project root).
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  build: { outDir: 'dist', emptyOutDir: true },
  // The live evaluation pages are Preact components (.tsx): the automatic JSX runtime from preact.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
