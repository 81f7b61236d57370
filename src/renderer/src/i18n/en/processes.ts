/** The Processes tab: table, thread panel, charts, process actions. */
export const processes = {};
