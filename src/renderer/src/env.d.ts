import type { ParallaxApi } from '../../shared/api'

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode, where the HTTP transport stands in. */
    parallax?: ParallaxApi
  }
}
