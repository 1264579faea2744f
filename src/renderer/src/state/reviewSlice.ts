import type { StateCreator } from 'zustand'
import type { WorkbenchState } from './store'

/** What the highlight painter marks in the review's columns. */
export interface ReviewMarks {
  /** Annotations of clusters where the annotators differ. */
  differing: ReadonlySet<string>
  /** Annotations of the disagreement being settled. */
  current: ReadonlySet<string>
}

export interface ReviewSlice {
  mode: 'annotate' | 'review' | 'agreement'
  /** The article under review and the annotators compared. */
  reviewArticle: string | null
  reviewAnnotators: string[]
  reviewMarks: ReviewMarks | null
  setMode(mode: ReviewSlice['mode']): void
  setReview(patch: Partial<Pick<ReviewSlice, 'reviewArticle' | 'reviewAnnotators'>>): void
  setReviewMarks(marks: ReviewMarks | null): void
}

export const createReviewSlice: StateCreator<WorkbenchState, [], [], ReviewSlice> = (set) => ({
  mode: 'annotate',
  reviewArticle: null,
  reviewAnnotators: [],
  reviewMarks: null,
  setMode(mode) {
    set({ mode, reviewMarks: null, selectedId: null, linkingFrom: null })
  },
  setReview(patch) {
    set(patch)
  },
  setReviewMarks(marks) {
    set({ reviewMarks: marks })
  },
})
