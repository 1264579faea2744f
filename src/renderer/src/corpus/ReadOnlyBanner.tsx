import { useWorkbench } from '../state/store'

/** Another Parallax writes to this workspace: say so, and why, for as long as it is open here. */
export function ReadOnlyBanner() {
  const reason = useWorkbench((s) => (s.workspace?.readOnly ? (s.workspace.readOnlyReason ?? 'This workspace is read-only here.') : null))
  if (!reason) return null
  return (
    <div className="read-only-banner" role="alert" data-testid="read-only">
      <strong>Read-only</strong>
      <span>{reason}</span>
    </div>
  )
}
