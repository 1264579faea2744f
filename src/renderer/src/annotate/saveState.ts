import type { SaveStatus } from '../state/layerSlice'

/**
 * What the save indicator says: "Saving…" while an edit is on its way; "Not saved" with how many
 * changes are kept on screen when the disk or the connection failed (they are sent again); "Not
 * saved" when the last edit was refused (it was undone on screen); and "All changes saved" only when
 * the main side has written and fsynced every edit made.
 */
export function saveState(save: SaveStatus): { state: 'saving' | 'error' | 'saved'; text: string } {
  if (save.pending > 0) return { state: 'saving', text: 'Saving…' }
  if (save.unsaved > 0) return { state: 'error', text: `Not saved: ${save.unsaved === 1 ? '1 change' : `${save.unsaved} changes`}` }
  if (save.error) return { state: 'error', text: 'Not saved' }
  return { state: 'saved', text: 'All changes saved' }
}
