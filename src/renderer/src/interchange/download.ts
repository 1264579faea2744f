import { zipSync, strToU8 } from 'fflate'

/**
 * Hands files to the user as a download: one file as it is, several as a zip (a brat folder, a
 * Label Studio project). In Electron a download opens the native save dialog.
 */
export function download(files: { path: string; content: string }[], zipName: string): string {
  const [only] = files
  const name = files.length === 1 && only ? only.path : zipName
  const blob =
    files.length === 1 && only
      ? new Blob([only.content], { type: 'application/octet-stream' })
      : new Blob([zipSync(Object.fromEntries(files.map((f) => [f.path, strToU8(f.content)])))], { type: 'application/zip' })
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return name
}
