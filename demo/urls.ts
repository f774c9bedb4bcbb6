/**
 * The demo's page paths: what its links and Stockbell's notification links point at.
 */
export const partUrl = (id: number | string): string => `/parts/${id}`;
export const categoryUrl = (id: number | string): string => `/categories/${id}`;
export const buildUrl = (id: number | string): string => `/builds/${id}`;
