/** The messages of every other page, loaded when one of them opens (`../../bundles.ts`). */
import type { th } from '../th/pages';
import { en as corePages } from './corePages';
import { en as publicZones } from './publicZones';
import { en as accounts } from './accounts';
import { en as zones } from './zones';
import { en as workflow } from './workflow';
import { en as models } from './models';
import { en as coordination } from './coordination';
import { en as review } from './review';
import { en as memo } from './memo';
import { en as acting } from './acting';
import { en as notices } from './notices';
import { en as analysis } from './analysis';
import { en as openData } from './openData';
import { en as candidates } from './candidates';
import { en as auditFields } from './auditFields';
import { en as indicatorRules } from './indicatorRules';
import { en as readiness } from './readiness';
import { en as comments } from './comments';
import { en as plans } from './plans';
import { en as planPages } from './plan-pages';
import { en as reportFiles } from './report-files';
import { en as dashboards } from './dashboards';

export const en: Record<keyof typeof th, string> = {
	...corePages,
	...publicZones,
	...accounts,
	...zones,
	...workflow,
	...models,
	...coordination,
	...review,
	...memo,
	...acting,
	...notices,
	...analysis,
	...openData,
	...candidates,
	...auditFields,
	...indicatorRules,
	...readiness,
	...comments,
	...plans,
	...planPages,
	...reportFiles,
	...dashboards
};
