import { useEffect, type ReactNode } from 'react'

/** A modal dialog; Escape closes it when it may be closed. */
export function Dialog({ title, onClose, children }: { title: string; onClose: (() => void) | undefined; children: ReactNode }) {
  useEffect(() => {
    if (!onClose) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-label={title}>
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  )
}
