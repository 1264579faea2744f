/**
 * The lists one after another, as one new array. `Array.prototype.concat` copies each list whole,
 * where `flatMap` goes element by element: joining a layer's 1,000 files of 100 annotations takes
 * about 1 ms against 13–20 ms.
 */
export function concatLists<T>(lists: readonly (readonly T[])[]): T[] {
  let joined: T[] = []
  // a few thousand lists at a time: a call takes only so many arguments
  for (let i = 0; i < lists.length; i += LISTS_PER_CALL) joined = joined.concat(...lists.slice(i, i + LISTS_PER_CALL))
  return joined
}

const LISTS_PER_CALL = 4096
