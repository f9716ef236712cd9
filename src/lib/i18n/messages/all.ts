/**
 * Every message in both languages, for the server, the CLI and the tests (`#i18n-preloaded` in
 * package.json resolves here everywhere but in the browser, which loads its language's bundles
 * as pages need them: `../bundles.ts`).
 */
import { en as enFirstView } from './en/first-view';
import { en as enPages } from './en/pages';
import { th as thFirstView } from './th/first-view';
import { th as thPages } from './th/pages';

export const preloaded = {
	th: { ...thFirstView, ...thPages },
	en: { ...enFirstView, ...enPages }
};
