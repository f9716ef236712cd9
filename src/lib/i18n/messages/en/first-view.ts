/**
 * The messages the first view of the public map needs (the root layout, the error page and `/`),
 * loaded before it is drawn; `first-view-messages.spec.ts` checks that it needs no other.
 */
import type { th } from '../th/first-view';
import { en as core } from './core';
import { en as shell } from './shell';
import { en as publicMap } from './publicMap';
import { en as a11y } from './a11y';
import { en as errorPages } from './errorPages';
import { en as figureSources } from './figureSources';

export const en: Record<keyof typeof th, string> = {
	...core,
	...shell,
	...publicMap,
	...a11y,
	...errorPages,
	...figureSources
};
