/**
 * The page's first script: the styles, then the first screen (firstScreen.ts), then the app. The app
 * (React and the rest, most of the page's script) is loaded and run once the first screen is
 * painted, so that its start does not hold that screen back.
 */
import '@fontsource-variable/inter'
import '@fontsource-variable/source-serif-4'
import '@fontsource-variable/source-serif-4/opsz-italic.css'
import './styles.css'
import { dismissFirstScreen, showFirstScreen } from './firstScreen'

// The articles' font, asked for now rather than when the first text is laid out: each column's
// document (reader/textFrame.ts) then finds it in the browser's memory at once, not still on its way.
void document.fonts.load('16px "Source Serif 4 Variable"').catch(() => undefined)

// whatever became of the first screen, the app starts (a call refused is refused to it too, and it says why)
void showFirstScreen()
  .catch(() => dismissFirstScreen())
  .then(() => import('./main'))
  .catch((error: unknown) => {
    // the app's script could not be loaded (a build half replaced, the host gone): said, not left on a screen that does nothing
    dismissFirstScreen()
    const said = document.createElement('p')
    said.className = 'loading'
    said.textContent = `Parallax could not start (${error instanceof Error ? error.message : String(error)}): reload the page, or start Parallax again.`
    document.getElementById('root')?.replaceChildren(said)
  })
