/** A loopback HTTP server for the baseline page: a few files held in memory. */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface StaticServer {
  url: string
  close(): Promise<void>
}

export function serveFiles(files: Record<string, { type: string; body: string }>): Promise<StaticServer> {
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0]!.replace(/^\//, '') || 'index.html'
    const file = files[name]
    if (!file) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-store' }).end(file.body)
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
}
