/** Most articles the reader shows side by side. */
export const MAX_COLUMNS = 5
