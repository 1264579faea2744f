import '@fontsource-variable/inter'
import '@fontsource-variable/source-serif-4'
import '@fontsource-variable/source-serif-4/opsz-italic.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import './styles.css'

// The articles' font, asked for now rather than when the first text is laid out: each column's
// document (reader/textFrame.ts) then finds it in the browser's memory at once, not still on its way.
void document.fonts.load('16px "Source Serif 4 Variable"').catch(() => undefined)

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
