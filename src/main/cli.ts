/** Entry of the built command line (`out/main/cli.js`), which `bin/parallax.js` runs. */
import { runCli } from './cli/index'

process.exitCode = await runCli(process.argv.slice(2))
