import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

// `npm run dev` proxies the API to a keyward serve on :8080; `npm run build` writes dist/, which
// the server reads at start (KEYWARD_WEB_DIR, default web/dist).
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: false, assetsInlineLimit: 0 },
  // The OpenAPI test reads ../src/api/openapi.json; nothing else outside web/ is served.
  server: { proxy: { '/api': 'http://127.0.0.1:8080' }, fs: { allow: ['.', '../src/api'] } },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
  },
})
