import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'
import type { Plugin } from 'vite'
import { CONTENT_SECURITY_POLICY } from './src/shared/csp'

/** Puts the Content Security Policy into the built page (not the dev server's, whose React refresh runs inline code). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'parallax-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  }
}

export default defineConfig({
  main: {
    build: {
      // the few dependencies bundled in: one file to load, not hundreds of modules, so that the host listens sooner
      externalizeDeps: { exclude: ['zod', 'lowdb', 'csv-stringify'] },
      rollupOptions: {
        // index: the Electron entry; cli: the plain-Node command line and browser mode; host-worker: browser mode's HTTP host, a thread of its own.
        input: { index: resolve('src/main/index.ts'), cli: resolve('src/main/cli.ts'), 'host-worker': resolve('src/main/server/host-worker.ts') },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload must be CommonJS and self-contained.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    base: './',
    // minified: the page parses and compiles less before its first call (electron-vite leaves the renderer unminified)
    build: { minify: true, rollupOptions: { input: { index: resolve('src/renderer/index.html') } } },
    plugins: [react(), contentSecurityPolicy()],
  },
})
