/**
 * What the browser starts with: no messages (`#i18n-preloaded` in package.json). The root
 * layout's load fetches the page's language bundles before anything is drawn (`../bundles.ts`).
 */
export const preloaded = null;
