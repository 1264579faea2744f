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

// whatever became of the first screen, the app starts (it says what went wrong, asking the same)
void showFirstScreen()
  .catch(() => dismissFirstScreen())
  .then(() => import('./main'))
