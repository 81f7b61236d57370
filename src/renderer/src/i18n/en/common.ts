/** Shared pieces: header controls, connection banner, field errors, shortcuts, themes. */
export const common = {};
