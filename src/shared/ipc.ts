/** The two Electron IPC channels: every API call goes through the first, menu commands come back on the second. */
export const IPC_INVOKE = 'parallax:invoke'
export const IPC_COMMAND = 'parallax:command'
