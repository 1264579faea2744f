/** The order in which the review numbers the layers it compares, and the names lists show. */
import { describe, expect, it, vi } from 'vitest'
import type { Layer } from '../../../shared/annotations'
import { namesForReading } from '../state/names'
import { layersForReview } from './useDisagreements'

// the store behind the hooks reaches the host through the API client: not here
vi.mock('../api/client', () => import('../state/test-api'))

const layer = (annotator: string): Layer => ({ annotator, annotations: [], links: [], articleNotes: [] })

describe('the order of annotators on screen', () => {
  // the host lists names by their characters' codes (capitals, then small letters, then letters beyond ASCII): the same on every machine
  const fromHost = ['Bea', 'Zoë', 'anna', 'Örjan']

  it('lists names in the order of the reader’s language, each once', () => {
    expect(namesForReading([...fromHost, 'anna'])).toEqual(['anna', 'Bea', 'Örjan', 'Zoë'])
  })

  it('numbers the layers under review from the user’s own, then colleagues’ in the reader’s order, only those chosen', () => {
    const names = (layers: Layer[]) => layers.map((l) => l.annotator)
    expect(names(layersForReview(layer('Cleo'), fromHost.map(layer), ['Cleo', ...fromHost]))).toEqual(['Cleo', 'anna', 'Bea', 'Örjan', 'Zoë'])
    expect(names(layersForReview(null, fromHost.map(layer), ['Zoë', 'anna']))).toEqual(['anna', 'Zoë'])
  })
})
