import { useWorkbench } from './state/store'

/** Errors stay until dismissed; information fades after a few seconds. */
export function Notices() {
  const notices = useWorkbench((s) => s.notices)
  if (notices.length === 0) return null
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : undefined}>
          <span>{notice.message}</span>
          <button type="button" aria-label="Dismiss" onClick={() => useWorkbench.getState().dismiss(notice.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
