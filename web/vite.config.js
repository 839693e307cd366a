import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The C server serves dist/ at "/" and falls back to index.html for unknown
// non-/api paths. The UI uses hash routing (#/users), so every page is "/".
// During `npm run dev`, /api and /healthz are proxied to a local weibao
// (WEIBAO_URL, default http://127.0.0.1:8080).
const backend = process.env.WEIBAO_URL || 'http://127.0.0.1:8080'

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    // Element Plus on demand: components used in templates and the
    // ElMessage / ElMessageBox services used in scripts are imported, with
    // their CSS, only where they are used.
    AutoImport({
      resolvers: [ElementPlusResolver()],
      dts: false,
    }),
    Components({
      resolvers: [ElementPlusResolver()],
      dts: false,
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // hashed names (Vite default: assets/[name]-[hash].js) bust caches
    chunkSizeWarningLimit: 800,
    sourcemap: false,
    // dist/.vite/manifest.json: scripts/bundle-size.mjs reads it to find what
    // the sign-in page loads
    manifest: true,
    rollupOptions: {
      output: {
        // Element Plus' per-component style modules are all called "css";
        // name their chunks "ep-…" instead
        chunkFileNames: (chunk) => (chunk.name === 'css' ? 'assets/ep-[hash].js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
  preview: {
    // the Content-Security-Policy weibao sends with the UI (src/http/server.c),
    // so that `npm run preview` shows what the real server would block
    headers: {
      'Content-Security-Policy':
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    },
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
})
