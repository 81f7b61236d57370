/** The Experiments tab: form, lessons, progress, results, run panel, conclusions. */
export const experiments = {};
