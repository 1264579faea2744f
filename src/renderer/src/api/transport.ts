import type { ParallaxApi } from '../../../shared/api'
import type { Result } from '../../../shared/result'

const TOKEN_KEY = 'parallax.token'

/** Browser mode: the token comes in the address's fragment once; it is kept for reloads and taken out of the address bar. */
function takeToken(): string {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash)
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1])
    history.replaceState(null, '', window.location.pathname + window.location.search)
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

/** The same API as the Electron preload's, over the loopback host. */
export function createHttpApi(): ParallaxApi {
  const token = takeToken()
  return {
    async invoke(channel, input) {
      let response: Response
      try {
        response = await fetch(`/api/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        })
      } catch {
        return { ok: false, error: { code: 'io-error', message: 'Parallax is not running any more: start it again and reload this page.' } }
      }
      return (await response.json()) as Result<never>
    },
    onCommand: () => () => undefined,
  }
}

export const api: ParallaxApi = window.parallax ?? createHttpApi()
