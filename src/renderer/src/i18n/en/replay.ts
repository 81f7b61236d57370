/** Recording and replay: controls, replay bar, opening files. */
export const replay = {};
