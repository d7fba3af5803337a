import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Everything is bundled (no CDN): the map's TopoJSON from us-atlas is emitted as a hashed asset next to the code.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/public', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: {
    proxy: { '/api': process.env.DASHBOARD_DEV_API ?? 'http://127.0.0.1:3005' },
  },
});
