/** The name of the gold layer: what adjudication settles on. No person may take it. */
export const GOLD = 'gold'
export const isGold = (name: string): boolean => name.trim().toLowerCase() === GOLD
