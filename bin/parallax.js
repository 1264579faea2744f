#!/usr/bin/env node
// The `parallax` command. The command line is built with the app (npm install runs the build).
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write('parallax: the app is not built yet; run `npm install` (or `npm run build`) in the Parallax folder first.\n')
  process.exit(1)
}
await import(pathToFileURL(cli).href)
