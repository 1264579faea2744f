import { lazy, Suspense, useEffect, useState } from 'react'
import { api } from './api/client'
import { AnnotatorDialog } from './annotator/AnnotatorDialog'
import { Sidebar } from './corpus/Sidebar'
import { OpenWorkspaceDialog } from './corpus/OpenWorkspaceDialog'
import { ReadOnlyBanner } from './corpus/ReadOnlyBanner'
import { Notices } from './Notices'
import { Reader } from './reader/Reader'
import { useHighlightPainter } from './reader/useHighlightPainter'
import { Palette } from './annotate/Palette'
import { LinkingBanner } from './annotate/LinkingBanner'
import { LinkTypeDialog } from './annotate/LinkTypeDialog'
import { SaveIndicator } from './annotate/SaveIndicator'
import { historyCommand, useAnnotationKeys } from './annotate/useAnnotationKeys'
import { Inspector } from './inspector/Inspector'
import { ExportDialog } from './interchange/ExportDialog'
import { ImportDialog } from './interchange/ImportDialog'
import { useWorkbench } from './state/store'

// the review and the dashboard (and its charts) are fetched when first shown: the reader starts on a smaller bundle
const ReviewView = lazy(() => import('./review/ReviewView').then((m) => ({ default: m.ReviewView })))
const AgreementDashboard = lazy(() => import('./review/AgreementDashboard').then((m) => ({ default: m.AgreementDashboard })))

const MODES = [
  { id: 'annotate', name: 'Annotate' },
  { id: 'review', name: 'Review' },
  { id: 'agreement', name: 'Agreement' },
] as const

/** Why importing, opening another workspace or changing the annotator waits while edits are unsaved. */
const UNSAVED_FIRST = 'Some changes are not saved yet: wait for them, or Retry or Discard them, first.'

export function App() {
  const status = useWorkbench((s) => s.status)
  const columnsOpen = useWorkbench((s) => s.openArticles.length > 0)
  const workspace = useWorkbench((s) => s.workspace)
  const annotator = useWorkbench((s) => s.annotator)
  const sidebarOpen = useWorkbench((s) => s.sidebarOpen)
  const mode = useWorkbench((s) => s.mode)
  const readOnly = useWorkbench((s) => s.workspace?.readOnly === true)
  const unsaved = useWorkbench((s) => s.save.unsaved)
  const pending = useWorkbench((s) => s.save.pending)
  const [editingAnnotator, setEditingAnnotator] = useState(false)
  const [openingWorkspace, setOpeningWorkspace] = useState(false)
  const [interchange, setInterchange] = useState<'import' | 'export' | null>(null)

  useEffect(() => {
    void useWorkbench.getState().load()
    return api.onCommand((command) => {
      const state = useWorkbench.getState()
      if (command === 'toggle-sidebar') state.toggleSidebar()
      else if (command === 'close-column') {
        const last = state.openArticles.at(-1)
        if (last) state.closeArticle(last)
      } else if (command === 'add-column') {
        const next = state.articles.find((a) => !state.openArticles.includes(a.id))
        if (next) void state.openArticle(next.id)
      } else if (command === 'workspace-changed') {
        // the main side has switched already: nothing kept for the old workspace may be retried into the new one
        state.forgetUnsaved()
        void state.load()
      }
      else if (command === 'undo' || command === 'redo') historyCommand(command)
      else if (command === 'import' && state.workspace?.readOnly) state.notify('error', state.workspace.readOnlyReason ?? 'This workspace is read-only here.')
      else if (command === 'import' && (state.save.unsaved > 0 || state.save.pending > 0)) state.notify('error', UNSAVED_FIRST)
      else if (command === 'import' || command === 'export') setInterchange(command)
    })
  }, [])

  useAnnotationKeys()
  useHighlightPainter()
  const askAnnotator = status === 'ready' && (annotator === null || editingAnnotator)

  return (
    <div className="app">
      <header className="topbar">
        <button
          type="button"
          className="icon-button"
          aria-label={sidebarOpen ? 'Hide corpus' : 'Show corpus'}
          aria-pressed={sidebarOpen}
          title="Show or hide the corpus (Ctrl+B in the desktop app)"
          onClick={() => useWorkbench.getState().toggleSidebar()}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M2 3h12v10H2zM6 3v10" fill="none" stroke="currentColor" strokeWidth="1.4" />
          </svg>
        </button>
        <span className="wordmark">Parallax</span>
        {workspace && (
          <span className="workspace-name" title={workspace.path}>
            {workspace.corpusName ?? workspace.name}
          </span>
        )}
        <nav className="modes" aria-label="Mode">
          {MODES.map((m) => (
            <button key={m.id} type="button" className="mode" aria-pressed={mode === m.id} disabled={status !== 'ready'} onClick={() => useWorkbench.getState().setMode(m.id)}>
              {m.name}
            </button>
          ))}
        </nav>
        <span className="spacer" />
        {status === 'ready' && !readOnly && <SaveIndicator />}
        <button
          type="button"
          className="text-button"
          disabled={status !== 'ready' || readOnly || unsaved > 0 || pending > 0}
          title={unsaved > 0 ? UNSAVED_FIRST : undefined}
          onClick={() => setInterchange('import')}
        >
          Import…
        </button>
        <button type="button" className="text-button" disabled={status !== 'ready'} onClick={() => setInterchange('export')}>
          Export…
        </button>
        <button type="button" className="text-button" disabled={unsaved > 0} title={unsaved > 0 ? UNSAVED_FIRST : undefined} onClick={() => setOpeningWorkspace(true)}>
          Open workspace…
        </button>
        {annotator && (
          <button
            type="button"
            className="annotator-chip"
            data-testid="annotator"
            title={unsaved > 0 ? UNSAVED_FIRST : 'Change the annotator name'}
            disabled={unsaved > 0}
            onClick={() => setEditingAnnotator(true)}
          >
            <span className="avatar" aria-hidden="true">
              {annotator.slice(0, 1).toUpperCase()}
            </span>
            {annotator}
          </button>
        )}
      </header>
      <ReadOnlyBanner />
      {mode === 'review' ? (
        <Suspense fallback={<div className="loading">Opening the review…</div>}>
          <ReviewView />
        </Suspense>
      ) : mode === 'agreement' ? (
        <Suspense fallback={<div className="loading">Opening the dashboard…</div>}>
          <AgreementDashboard />
        </Suspense>
      ) : (
        <div className="workbench">
          {sidebarOpen && <Sidebar />}
          <div className="reader-pane">
            <Palette />
            <LinkingBanner />
            <Reader />
          </div>
          <Inspector />
        </div>
      )}
      <LinkTypeDialog />
      {/* once columns are there, each says whether its text is on its way */}
      {status === 'loading' && !columnsOpen && <div className="loading">Opening the workspace…</div>}
      {askAnnotator && <AnnotatorDialog current={annotator} onClose={annotator ? () => setEditingAnnotator(false) : undefined} />}
      {openingWorkspace && <OpenWorkspaceDialog onClose={() => setOpeningWorkspace(false)} />}
      {interchange === 'export' && <ExportDialog onClose={() => setInterchange(null)} />}
      {interchange === 'import' && <ImportDialog onClose={() => setInterchange(null)} />}
      <Notices />
    </div>
  )
}
