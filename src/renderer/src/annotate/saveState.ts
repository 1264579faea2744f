import type { SaveStatus } from '../state/layerSlice'

/**
 * What the save indicator says: "Saving…" while an edit is on its way, "Not saved" when the last one
 * failed (it was undone on screen too), and "All changes saved" only when the main side has written
 * and fsynced every edit sent.
 */
export function saveState(save: SaveStatus): { state: 'saving' | 'error' | 'saved'; text: string } {
  if (save.pending > 0) return { state: 'saving', text: 'Saving…' }
  if (save.error) return { state: 'error', text: 'Not saved' }
  return { state: 'saved', text: 'All changes saved' }
}
