/**
 * The messages the first view of the public map needs (the root layout, the error page and `/`),
 * loaded before it is drawn; `first-view-messages.spec.ts` checks that it needs no other.
 */
import { th as core } from './core';
import { th as shell } from './shell';
import { th as publicMap } from './publicMap';
import { th as a11y } from './a11y';
import { th as errorPages } from './errorPages';
import { th as figureSources } from './figureSources';

export const th = {
	...core,
	...shell,
	...publicMap,
	...a11y,
	...errorPages,
	...figureSources
};
